package dev.userfunctions.embedded;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One cluster-enabled redis-server process. It keeps its directory (and so its
 * {@code nodes.conf}) between {@link #stop()} and {@link #start()}, so a restarted node
 * rejoins the cluster with its old identity.
 */
public final class RedisNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final NodeSetup setup;

    private final NodeHost host;

    private SSLContext tlsContext;

    private final Path directory;

    private final int port;

    private Process process;

    RedisNode(NodeSetup setup, NodeHost host, Path directory, int port) {
        this.setup = setup;
        this.host = host;
        this.directory = directory;
        this.port = port;
    }

    public String host() {
        return host.address();
    }

    public int port() {
        return port;
    }

    public String address() {
        return host() + ":" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the process and returns once it answers {@code PING}. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path logFile = directory.resolve("redis.log");
            process = new ProcessBuilder(command()).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
            awaitPong(logFile);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not start redis-server on port " + port + " from " + setup.binary(),
                    e);
        }
    }

    /** Graceful stop (SIGTERM), as an orchestrator would do it. */
    public synchronized void stop() {
        terminate(false);
    }

    /** Crash (SIGKILL): no goodbye to the cluster, as when a machine dies. */
    public synchronized void kill() {
        terminate(true);
    }

    /**
     * Freezes the process (SIGSTOP): connections stay open but nothing answers, the way a
     * hung node behaves.
     */
    public synchronized void freeze() {
        signal("STOP");
    }

    /** Resumes a frozen process (SIGCONT). */
    public synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (!isRunning()) {
            throw new IllegalStateException(this + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not run kill -" + signal, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private void terminate(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        }
        else {
            process.destroy();
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(host.launcher());
        command.add(setup.binary().toString());
        command.addAll(setup.tls() == null ? List.of("--port", String.valueOf(port)) : setup.tls().serverOptions(port));
        command.addAll(List.of("--bind", host(), "--protected-mode", "no", "--daemonize", "no", "--dir",
                directory.toString(), "--pidfile", directory.resolve(WorkDirectories.PID_FILE).toString(), "--save", "",
                "--appendonly", "no", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", String.valueOf(setup.clusterNodeTimeout().toMillis()),
                "--cluster-announce-ip", host(),
                // Any replica may take over, however long its master was gone; unless
                // full coverage is required, the rest of the slots keep serving while
                // one shard fails over.
                "--cluster-replica-validity-factor", "0", "--cluster-require-full-coverage",
                setup.requireFullCoverage() ? "yes" : "no"));
        return command;
    }

    private void awaitPong(Path logFile) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = tail(logFile);
                if (log.contains("Address already in use")) {
                    throw new PortTakenException("redis-server on port " + port
                            + ": the port or its cluster bus port (port + 10000) was taken after it was found "
                            + "free. Its log:\n" + log);
                }
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + process.exitValue() + ". Its log:\n" + log
                        + "\nIf it could not load a shared library (libssl.so.3 for example), install it, or point "
                        + "EMBEDDED_REDIS_EXECUTABLE at a redis-server 6.2 or newer (README, Requirements).");
            }
            if (ping()) {
                return;
            }
            Pause.of(Duration.ofMillis(20));
        }
        terminate(true);
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT.toSeconds() + " s. Its log:\n" + tail(logFile));
    }

    private boolean ping() {
        try (Socket socket = setup.tls() == null ? new Socket() : tlsContext().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
        catch (IOException e) {
            return false;
        }
    }

    /** One TLS context for the node's pings: made once, it is costly. */
    private synchronized SSLContext tlsContext() {
        if (tlsContext == null) {
            tlsContext = setup.tls().clientContext();
        }
        return tlsContext;
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Another process bound the node's port, or its bus port, between the moment it was
     * found free and the node's start: worth a start on other ports.
     */
    static final class PortTakenException extends IllegalStateException {

        PortTakenException(String message) {
            super(message);
        }

    }

    @Override
    public String toString() {
        return "RedisNode[" + address() + (isRunning() ? ", running" : ", stopped") + "]";
    }

}
