package dev.userfunctions.cache;

/** The value the cache's integration tests keep. */
record Person(String name, int age) {

    static final ValueCodec<Person> CODEC = JsonValueCodec.of(Person.class);

}
