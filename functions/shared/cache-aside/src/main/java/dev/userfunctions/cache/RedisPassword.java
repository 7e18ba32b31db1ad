package dev.userfunctions.cache;

/**
 * Where the Redis password comes from. Lettuce asks for it at every connection handshake
 * (the first connect, each reconnect, each topology refresh), so a source that can learn
 * a new password (a rotated secret) is followed without a restart.
 */
public interface RedisPassword {

    /**
     * The password to authenticate with now. Asked on Lettuce's I/O threads: it must
     * answer from memory, never block.
     */
    char[] current();

    /**
     * A node refused the password ({@code WRONGPASS} or {@code NOAUTH}). A source that
     * can fetch a newer one does so here, without blocking the caller; a fixed one
     * ignores it.
     */
    void refused();

    /** A password that never changes (REDIS_PASSWORD). */
    static RedisPassword fixed(String password) {
        char[] value = password.toCharArray();
        return new RedisPassword() {

            @Override
            public char[] current() {
                return value.clone();
            }

            @Override
            public void refused() {
                // Nothing newer to learn: the reconnects keep failing and the breaker
                // bypasses.
            }

        };
    }

}
