package dev.userfunctions.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server jar started as a user starts it, {@code java -jar local-server.jar}, as a
 * child process with its console in {@code log}; none of this machine's CACHE_, REDIS_ or
 * MONGODB_ variables leak into it.
 */
final class ServerJar {

    private static final Path JAR = Path.of("target", "local-server.jar");

    private ServerJar() {
    }

    static Process start(Path log, Map<String, String> environment) throws IOException {
        assertThat(JAR).as("the package phase built the server jar").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment()
            .keySet()
            .removeIf(name -> name.startsWith("CACHE_") || name.startsWith("REDIS_") || name.startsWith("MONGODB_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

}
