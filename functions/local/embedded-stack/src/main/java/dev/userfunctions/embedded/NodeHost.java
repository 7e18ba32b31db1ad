package dev.userfunctions.embedded;

import java.util.List;

/**
 * Where a Redis node runs: the address it binds and announces, and the command that
 * starts a process there ({@code ip netns exec <name>} for a host of its own in a network
 * namespace, so that a test can cut it off the network; nothing for this host).
 *
 * @param address the IPv4 address the node binds and announces
 * @param launcher the words put before redis-server's command line
 */
public record NodeHost(String address, List<String> launcher) {

    /** This machine's loopback address, processes started directly. */
    public static final NodeHost LOOPBACK = new NodeHost("127.0.0.1", List.of());

    public NodeHost {
        launcher = List.copyOf(launcher);
    }

}
