package dev.userfunctions.users;

/**
 * What the users' repository tells its observer: the seam the seed's counts are written
 * through (Micrometer's meters on the local server, EMF on Lambda). A no-op unless
 * overridden.
 */
public interface UserEvents {

    UserEvents NONE = new UserEvents() {
    };

    /** A seed's batch inserted {@code inserted} users and found {@code matched} there. */
    default void upserted(long inserted, long matched) {
    }

}
