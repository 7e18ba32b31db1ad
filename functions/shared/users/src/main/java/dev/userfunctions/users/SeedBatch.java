package dev.userfunctions.users;

import java.util.List;
import java.util.stream.LongStream;

/**
 * One batch of a seed: the users {@code name = prefix + i, age = i} for {@code i} in
 * {@code [from, to)}. The one place the seed's naming rule is written: the names upserted
 * and the names invalidated both come from here, so they cannot drift apart.
 */
public record SeedBatch(String prefix, long from, long to) {

    /**
     * Users per batch: one unordered bulk write of at most 1,000 upserts, and the keys it
     * invalidates.
     */
    public static final int MAX_SIZE = 1000;

    /**
     * The batches of the seed of {@code count} users from {@code start}, in order, each
     * at most {@link #MAX_SIZE}.
     */
    public static List<SeedBatch> covering(String prefix, long start, int count) {
        long end = start + count;
        return LongStream.iterate(start, from -> from < end, from -> from + MAX_SIZE)
            .mapToObj(from -> new SeedBatch(prefix, from, Math.min(end, from + MAX_SIZE)))
            .toList();
    }

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
