package dev.userfunctions.cache;

/**
 * Who the cache logs in to Redis as: a user name (an ACL user, an ElastiCache RBAC user;
 * none for the default user) and its password. Lettuce asks at every connection handshake
 * (the first connect, each reconnect, each topology refresh), so a source that can learn
 * new values (a rotated secret) is followed without a restart.
 */
public interface RedisLogin {

    /**
     * The user to authenticate as now; null for the default user. Asked on Lettuce's I/O
     * threads: it must answer from memory, never block.
     */
    String username();

    /** The password to authenticate with now; as {@link #username()}, from memory. */
    char[] password();

    /**
     * A node refused the login ({@code WRONGPASS}, which Redis answers for a wrong user
     * and a wrong password alike, or {@code NOAUTH}). A source that can fetch newer
     * values does so here, without blocking the caller; a fixed one ignores it.
     */
    void refused();

    /**
     * A login that never changes ({@code REDIS_USERNAME}, {@code REDIS_PASSWORD}).
     * @param username the ACL user; null or empty for the default user
     */
    static RedisLogin fixed(String username, String password) {
        String user = username == null || username.isEmpty() ? null : username;
        char[] value = password.toCharArray();
        return new RedisLogin() {

            @Override
            public String username() {
                return user;
            }

            @Override
            public char[] password() {
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
