package dev.userfunctions.users;

import java.util.Map;

/** The number of users, and per shard when MongoDB is sharded ({@code shards} is null otherwise). */
public record UserCount(long total, Map<String, Long> shards) {

    public UserCount {
        shards = shards == null ? null : Map.copyOf(shards);
    }
}
