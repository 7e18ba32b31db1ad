package dev.userfunctions.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Lambda's CPU share for a memory setting, applied to one process with a CPU cgroup.
 * Lambda gives a function CPU in proportion to its memory, one vCPU at 1,769 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so 1,024 MB
 * gets 0.58 of one: here a CFS quota of 57.9 ms in every 100 ms. The cgroup v1
 * {@code cpu} controller is used where it is writable, else cgroup v2's {@code cpu.max};
 * where neither is, the process runs on whole cores and {@link #describe()} says so.
 */
final class CpuShare implements AutoCloseable {

    static final int MEMORY_MB_PER_VCPU = 1769;

    static final long PERIOD_MICROS = 100_000;

    private static final Path CGROUP_V1_CPU = Path.of("/sys/fs/cgroup/cpu");

    private static final Path CGROUP_V2 = Path.of("/sys/fs/cgroup");

    private final long quotaMicros;

    private final Optional<Path> cgroup;

    private final String how;

    private CpuShare(long quotaMicros, Optional<Path> cgroup, String how) {
        this.quotaMicros = quotaMicros;
        this.cgroup = cgroup;
        this.how = how;
    }

    /**
     * A cgroup of its own with {@code memoryMb}'s share, or whole cores if none can be
     * made.
     */
    static CpuShare forMemory(int memoryMb) {
        long quota = Math.max(1000, Math.round(PERIOD_MICROS * memoryMb / (double) MEMORY_MB_PER_VCPU));
        String name = "lambda-harness-" + UUID.randomUUID();
        List<String> refused = new ArrayList<>();
        try {
            Path dir = Files.createDirectory(CGROUP_V1_CPU.resolve(name));
            Files.writeString(dir.resolve("cpu.cfs_period_us"), String.valueOf(PERIOD_MICROS));
            Files.writeString(dir.resolve("cpu.cfs_quota_us"), String.valueOf(quota));
            return new CpuShare(quota, Optional.of(dir), "cgroup v1 cpu " + dir);
        }
        catch (IOException | UnsupportedOperationException e) {
            refused.add("cgroup v1 (" + e + ")");
        }
        try {
            if (Files.readString(CGROUP_V2.resolve("cgroup.subtree_control")).contains("cpu")) {
                Path dir = Files.createDirectory(CGROUP_V2.resolve(name));
                Files.writeString(dir.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
                return new CpuShare(quota, Optional.of(dir), "cgroup v2 cpu.max " + dir);
            }
            refused.add("cgroup v2 (no cpu controller in " + CGROUP_V2.resolve("cgroup.subtree_control") + ")");
        }
        catch (IOException | UnsupportedOperationException e) {
            refused.add("cgroup v2 (" + e + ")");
        }
        return new CpuShare(quota, Optional.empty(),
                "WHOLE CORES: no writable CPU cgroup: " + String.join("; ", refused));
    }

    /** Whether the process gets Lambda's share, not whole cores. */
    boolean applied() {
        return cgroup.isPresent();
    }

    /** The share in vCPUs, applied or not. */
    double vcpus() {
        return quotaMicros / (double) PERIOD_MICROS;
    }

    /**
     * {@code command} started inside the cgroup: a shell puts itself in it, then becomes
     * the command (same process, so the cgroup, the pid and the signals are the
     * command's).
     */
    List<String> wrap(List<String> command) {
        if (cgroup.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                cgroup.get().resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    String describe() {
        return String.format("%.2f vCPU (%d of every %d µs) through %s", vcpus(), quotaMicros, PERIOD_MICROS, how);
    }

    /** Removes the cgroup; its process must have ended. */
    @Override
    public void close() {
        cgroup.ifPresent(dir -> {
            try {
                Files.deleteIfExists(dir);
            }
            catch (IOException e) {
                // A process still in it: the kernel keeps the group until it ends.
            }
        });
    }

}
