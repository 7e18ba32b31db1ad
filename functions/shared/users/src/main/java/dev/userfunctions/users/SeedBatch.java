package dev.userfunctions.users;

import java.util.List;
import java.util.stream.LongStream;

/**
 * One batch of a seed: the users {@code name = prefix + i, age = i} for {@code i} in
 * {@code [from, to)}. The one place the seed's naming rule is written: the names upserted
 * and the names invalidated both come from here, so they cannot drift apart.
 */
public record SeedBatch(String prefix, long from, long to) {

    /** A user of the batch, as written to MongoDB. */
    public record SeededUser(String name, int age) {
    }

    public List<SeededUser> users() {
        return LongStream.range(from, to).mapToObj(i -> new SeededUser(nameAt(i), (int) i)).toList();
    }

    public List<String> names() {
        return LongStream.range(from, to).mapToObj(this::nameAt).toList();
    }

    /** The name of user {@code i}, to say where a seed stopped. */
    public String nameAt(long i) {
        return prefix + i;
    }

}
