package dev.userfunctions.embedded;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JVM shutdown hook that closes whatever embedded servers are still open when the JVM
 * exits.
 */
final class ShutdownHook {

    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownHook::closeAll, "embedded-stack-shutdown"));
    }

    private ShutdownHook() {
    }

    static void register(AutoCloseable resource) {
        OPEN.add(resource);
    }

    static void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        for (AutoCloseable resource : Set.copyOf(OPEN)) {
            try {
                resource.close();
            }
            catch (Exception e) {
                System.err.println("Could not close " + resource + " on shutdown: " + e);
            }
        }
    }

}
