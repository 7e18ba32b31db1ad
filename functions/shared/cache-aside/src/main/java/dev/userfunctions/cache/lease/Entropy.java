package dev.userfunctions.cache.lease;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * The protocol's random draws: lease tokens and TTL jitter. Drawn at the time of use from
 * the JVM's SecureRandom (NativePRNG on Linux mixes in /dev/urandom at every draw), not
 * from a seeded generator: SnapStart copies a generator's state into every environment
 * restored from one snapshot, which would then draw the same tokens and jitters.
 * Deterministic in the interleaving tests.
 */
public interface Entropy {

    Entropy SECURE = new Entropy() {

        private final SecureRandom random = new SecureRandom();

        @Override
        public byte[] leaseToken() {
            UUID token = UUID.randomUUID();
            return ByteBuffer.allocate(16)
                .putLong(token.getMostSignificantBits())
                .putLong(token.getLeastSignificantBits())
                .array();
        }

        @Override
        public double unit() {
            return random.nextDouble();
        }

    };

    /** 16 bytes no other miss anywhere draws. */
    byte[] leaseToken();

    /** A draw from [0, 1). */
    double unit();

}
