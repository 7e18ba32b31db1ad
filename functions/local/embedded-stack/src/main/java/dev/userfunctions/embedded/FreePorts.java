package dev.userfunctions.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Free loopback ports, asked of the operating system rather than assumed (6379 and 27017
 * may well be taken).
 */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * Ports that were free a moment ago. A Redis cluster node also listens on
     * {@code port + 10000} (its bus), so callers that need the bus port pass
     * {@code withBusPort = true}.
     */
    static int[] find(int count, boolean withBusPort) {
        Set<Integer> ports = new LinkedHashSet<>();
        int attempts = 0;
        while (ports.size() < count) {
            if (++attempts > count * 50) {
                throw new IllegalStateException("Could not find " + count + " free loopback ports");
            }
            int port = bindEphemeral();
            if (withBusPort && (port + 10000 > 65535 || !isFree(port + 10000))) {
                continue;
            }
            ports.add(port);
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int bindEphemeral() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            int port = socket.getLocalPort();
            // Redis Cluster bus ports are port + 10000; keep the client port low enough
            // for that.
            return port <= 55535 ? port : bindEphemeral();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not bind an ephemeral loopback port", e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

}
