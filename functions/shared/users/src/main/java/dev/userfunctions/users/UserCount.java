package dev.userfunctions.users;

import java.util.Map;

/**
 * The number of users, and when MongoDB is sharded: per shard how many live there
 * ({@code shards}) and each shard's replica set with its members ({@code replicaSets},
 * {@code "shard1/host-a:27018,host-b:27018,…"}, as {@code listShards} reports it). Both
 * are null otherwise.
 */
public record UserCount(long total, Map<String, Long> shards, Map<String, String> replicaSets) {

    public UserCount {
        shards = shards == null ? null : Map.copyOf(shards);
        replicaSets = replicaSets == null ? null : Map.copyOf(replicaSets);
    }

    /** Not sharded, or the distribution alone. */
    public UserCount(long total, Map<String, Long> shards) {
        this(total, shards, null);
    }
}
