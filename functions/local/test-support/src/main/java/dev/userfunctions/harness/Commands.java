package dev.userfunctions.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Probes for the tools the harness, the deploy tests and the benchmarks run: whether a
 * command can run here at all.
 */
public final class Commands {

    private Commands() {
    }

    /**
     * True when {@code command} exits with 0 within {@code timeout}; its output is thrown
     * away, and a command still running then is killed.
     */
    public static boolean succeeds(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when {@code tool} is on the {@code PATH}. */
    public static boolean onPath(String tool) {
        return succeeds(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool);
    }

}
