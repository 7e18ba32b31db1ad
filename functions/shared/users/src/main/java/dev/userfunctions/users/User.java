package dev.userfunctions.users;

/** A user as the functions answer it: {@code {"id", "name", "age"}}. */
public record User(String id, String name, int age) {
}
