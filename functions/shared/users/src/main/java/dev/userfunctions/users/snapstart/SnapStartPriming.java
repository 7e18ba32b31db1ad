package dev.userfunctions.users.snapstart;

/**
 * Work a function does once before a SnapStart snapshot, so that the classes and code
 * paths of a real invocation are loaded and warm in every restored environment. It must
 * write no user data.
 */
@FunctionalInterface
public interface SnapStartPriming {

    void prime();

}
