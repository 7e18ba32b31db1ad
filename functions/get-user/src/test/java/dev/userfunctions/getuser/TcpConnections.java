package dev.userfunctions.getuser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The established TCP connections of this machine to a server port, from the kernel's own
 * table ({@code /proc/net/tcp}, {@code /proc/net/tcp6}; Linux only): counts connections
 * whatever the server is.
 */
final class TcpConnections {

    private TcpConnections() {
    }

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Local ports of the established client connections to {@code serverPort}. */
    static Set<Integer> clientPortsTo(int serverPort) {
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                Files.readAllLines(path)
                    .stream()
                    .skip(1)
                    .map(String::trim)
                    .map(line -> line.split("\\s+"))
                    .forEach(fields -> {
                        int localPort = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
                        int remotePort = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
                        boolean established = "01".equals(fields[3]);
                        if (established && remotePort == serverPort) {
                            ports.add(localPort);
                        }
                    });
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }

}
