package dev.userfunctions.embedded;

import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The redis-server binary bundled in the embedded-redis jar, extracted into a directory
 * we own and clean up.
 */
final class RedisBinary {

    /**
     * Set this to use another redis-server (6.2 or newer) when the bundled one cannot run
     * on this machine.
     */
    static final String OVERRIDE_PROPERTY = "embedded.redis.executable";

    private RedisBinary() {
    }

    static Path extractInto(Path directory) {
        String override = System.getProperty(OVERRIDE_PROPERTY, System.getenv("EMBEDDED_REDIS_EXECUTABLE"));
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        OsArchitecture platform = detectPlatform();
        Map<OsArchitecture, String> bundled = ExecutableProvider.newProvidedVersionsMap();
        if (!bundled.containsKey(platform) || platform.os.name().startsWith("WINDOWS")) {
            throw unsupported(
                    "the embedded-redis jar has no Redis 6.2 binary for " + platform.os + "/" + platform.arch);
        }
        File target = directory.toFile();
        try {
            return ExecutableProvider.newJarResourceProvider(() -> target, bundled).get().toPath();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not extract the bundled redis-server into " + directory, e);
        }
    }

    private static OsArchitecture detectPlatform() {
        try {
            return OsArchitecture.detectOSandArchitecture();
        }
        catch (RuntimeException e) {
            throw unsupported("this OS/CPU is not recognised by embedded-redis (" + e.getMessage() + ")");
        }
    }

    static IllegalStateException unsupported(String why) {
        return new IllegalStateException("Cannot start the embedded Redis Cluster: " + why + ". "
                + "Install redis-server 6.2+ and point -D" + OVERRIDE_PROPERTY
                + " (or EMBEDDED_REDIS_EXECUTABLE) at it, " + "or run against a real cluster by setting REDIS_NODES.");
    }

}
