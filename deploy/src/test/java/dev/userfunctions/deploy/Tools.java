package dev.userfunctions.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the deployment files are checked with, with a timeout. */
final class Tools {

    record Result(int exitCode, String output, Duration took) {
    }

    private Tools() {
    }

    /**
     * Says on the console why a test is skipped (surefire shows the reason only in its
     * XML report), and returns it.
     */
    static String skipped(String reason) {
        System.out.println("SKIPPED: " + reason);
        return reason;
    }

    static Result run(Path directory, Map<String, String> environment, Duration timeout, List<String> command) {
        long start = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            byte[][] output = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    output[0] = process.getInputStream().readAllBytes();
                }
                catch (IOException e) {
                    output[0] = ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(5000);
            return new Result(process.exitValue(),
                    new String(output[0] == null ? new byte[0] : output[0], StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

}
