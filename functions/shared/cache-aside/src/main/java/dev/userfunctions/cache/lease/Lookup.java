package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.cache.ValueCodec;

/**
 * What the first step of a read found ({@link LeaseProtocol#lookUp}): {@code asked} is
 * false when the store was not asked (the read then bypasses it); {@code hit} is the
 * usable value found, or null; {@code sentAt} is when the lookup was sent.
 */
public record Lookup<V>(String key, ValueCodec<V> codec, boolean asked, byte[] found, CacheResult<V> hit, long sentAt) {

    public boolean isHit() {
        return hit != null;
    }

    Read<V> hitAsRead() {
        return new Read<>(hit, sentAt);
    }

}
