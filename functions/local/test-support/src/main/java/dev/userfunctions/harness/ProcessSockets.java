package dev.userfunctions.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One process's established TCP connections, from the kernel's own tables (Linux): the
 * socket inodes among its file descriptors ({@code /proc/<pid>/fd}) matched against
 * {@code /proc/net/tcp} and {@code tcp6}. Readable while the process is stopped.
 */
final class ProcessSockets {

    private ProcessSockets() {
    }

    /** How many established connections {@code pid} has to any of {@code remotePorts}. */
    static long establishedTo(long pid, Collection<Integer> remotePorts) {
        Set<String> inodes = socketInodes(pid);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+");
                    int remotePort = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
                    if ("01".equals(fields[3]) && remotePorts.contains(remotePort) && inodes.contains(fields[9])) {
                        count++;
                    }
                }
            }
            catch (NoSuchFileException e) {
                // No IPv6 table.
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            descriptors.forEach(descriptor -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                }
                catch (IOException closedMeanwhile) {
                    // The descriptor was closed while listing.
                }
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

}
