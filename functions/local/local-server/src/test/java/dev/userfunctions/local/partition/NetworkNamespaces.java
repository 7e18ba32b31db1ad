package dev.userfunctions.local.partition;

import dev.userfunctions.embedded.NodeHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of their own on this machine: one network namespace per host, each with an
 * address on a bridge that this process (in the root namespace) also has an address on.
 * {@link #cut(int)} takes a host's link down, so that its packets are dropped both ways
 * without a reset, as in a real partition: clients and the other hosts see silence, not a
 * closed connection. Needs root (or {@code CAP_NET_ADMIN}) and {@code ip}; everything is
 * removed on {@link #close()}.
 */
public final class NetworkNamespaces implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    private final String prefix;

    private final String subnet;

    private final int count;

    /** Closed by the test, and again by the shutdown hook: once is enough. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetworkNamespaces(String prefix, String subnet, int count) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.count = count;
    }

    /**
     * {@code count} hosts on a bridge, or why this machine cannot make them (not root, no
     * {@code ip}).
     */
    public static Result create(int count) {
        int id = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
        String prefix = "uf" + Integer.toHexString(id);
        // RFC 2544's benchmarking range: never a route a machine really uses.
        String subnet = "198." + (18 + id % 2) + "." + (id % 250);
        NetworkNamespaces namespaces = new NetworkNamespaces(prefix, subnet, count);
        try {
            namespaces.build();
            // Removed even when the test JVM is stopped before its clean-up.
            Runtime.getRuntime().addShutdownHook(new Thread(namespaces::close, "network-namespaces-cleanup"));
            return new Result(Optional.of(namespaces), null);
        }
        catch (RuntimeException e) {
            namespaces.close();
            return new Result(Optional.empty(), e.getMessage());
        }
    }

    /** The hosts made, or why none could be. */
    public record Result(Optional<NetworkNamespaces> namespaces, String whyNot) {
    }

    private void build() {
        run("ip", "link", "add", bridge(), "type", "bridge");
        run("ip", "addr", "add", subnet + ".254/24", "dev", bridge());
        run("ip", "link", "set", bridge(), "up");
        for (int i = 0; i < count; i++) {
            run("ip", "netns", "add", namespace(i));
            run("ip", "link", "add", hostSide(i), "type", "veth", "peer", "name", namespaceSide(i));
            run("ip", "link", "set", namespaceSide(i), "netns", namespace(i));
            run("ip", "link", "set", hostSide(i), "master", bridge(), "up");
            run("ip", "-n", namespace(i), "addr", "add", address(i) + "/24", "dev", namespaceSide(i));
            run("ip", "-n", namespace(i), "link", "set", namespaceSide(i), "up");
            run("ip", "-n", namespace(i), "link", "set", "lo", "up");
        }
    }

    /** The hosts, each with its address and the launcher that starts a process on it. */
    public List<NodeHost> hosts() {
        List<NodeHost> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hosts.add(new NodeHost(address(i), List.of("ip", "netns", "exec", namespace(i))));
        }
        return hosts;
    }

    /** The index of the host with {@code address}. */
    public int indexOf(String address) {
        for (int i = 0; i < count; i++) {
            if (address(i).equals(address)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No host has address " + address);
    }

    /** Cuts host {@code i} off the network: its packets are dropped, both ways. */
    public void cut(int i) {
        run("ip", "link", "set", hostSide(i), "down");
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        for (int i = 0; i < count; i++) {
            quietly("ip", "netns", "delete", namespace(i));
            quietly("ip", "link", "delete", hostSide(i));
        }
        quietly("ip", "link", "delete", bridge());
    }

    private String address(int i) {
        return subnet + "." + (i + 1);
    }

    private String bridge() {
        return prefix + "b";
    }

    private String namespace(int i) {
        return prefix + "-" + i;
    }

    private String hostSide(int i) {
        return prefix + "h" + i;
    }

    private String namespaceSide(int i) {
        return prefix + "n" + i;
    }

    private static void quietly(String... command) {
        try {
            run(command);
        }
        catch (RuntimeException ignored) {
            // already gone, or never made
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not run " + String.join(" ", command), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + String.join(" ", command), e);
        }
    }

}
