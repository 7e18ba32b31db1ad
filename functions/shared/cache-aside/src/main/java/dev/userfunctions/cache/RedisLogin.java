package dev.userfunctions.cache;

/**
 * Who the cache logs in to Redis as: a user name (an ACL user, an ElastiCache RBAC user;
 * none for the default user) and its password. Lettuce asks at every connection handshake
 * (the first connect, each reconnect, each topology refresh), so a source that can learn
 * new values (a rotated secret) is followed without a restart.
 */
public interface RedisLogin {

    /**
     * The user and password to log in with now, as one pair (a rotation must never mix an
     * old password with a new user). Asked on Lettuce's I/O threads: it must answer from
     * memory, never block.
     */
    UserAndPassword current();

    /**
     * A node refused the login ({@code WRONGPASS}, which Redis answers for a wrong user
     * and a wrong password alike, or {@code NOAUTH}). A source that can fetch newer
     * values does so here, without blocking the caller; a fixed one ignores it.
     */
    void refused();

    /**
     * A login that never changes ({@code REDIS_USERNAME}, {@code REDIS_PASSWORD}).
     * @param username the ACL user; null or blank for the default user
     */
    static RedisLogin fixed(String username, String password) {
        UserAndPassword credentials = new UserAndPassword(username, password.toCharArray());
        return new RedisLogin() {

            @Override
            public UserAndPassword current() {
                return credentials;
            }

            @Override
            public void refused() {
                // Nothing newer to learn: the reconnects keep failing and the breaker
                // bypasses.
            }

        };
    }

    /**
     * One login: the user (null for the default user) and the password; never printed.
     */
    record UserAndPassword(String username, char[] password) {

        public UserAndPassword {
            username = username == null || username.isBlank() ? null : username;
            password = password.clone();
        }

        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public String toString() {
            return "UserAndPassword[" + (username == null ? "default user" : username) + ", ***]";
        }

    }

}
