package dev.userfunctions.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that models a network: every chunk of bytes arrives half a round trip after
 * it was sent, in each direction, without limiting throughput (chunks in flight overlap,
 * as on a real link). Used to put the embedded MongoDB, which answers in microseconds, at
 * the distance of a real cluster: 0.5 ms within an availability zone, 2 ms across zones.
 */
final class DelayingProxy implements AutoCloseable {

    private final ServerSocket server;

    private final long oneWayNanos;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private DelayingProxy(ServerSocket server, Duration roundTrip, String targetHost, int targetPort) {
        this.server = server;
        this.oneWayNanos = roundTrip.toNanos() / 2;
        Thread acceptor = new Thread(() -> accept(targetHost, targetPort), "delaying-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free local port in front of {@code targetHost:targetPort}. */
    static DelayingProxy start(Duration roundTrip, String targetHost, int targetPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            return new DelayingProxy(server, roundTrip, targetHost, targetPort);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept(String targetHost, int targetPort) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(target);
                pump(client, target);
                pump(target, client);
            }
            catch (IOException e) {
                return;
            }
        }
    }

    /** One direction: a reader stamps each chunk, a writer sends it when it is due. */
    private void pump(Socket from, Socket to) throws IOException {
        BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    inFlight.add(new Chunk(System.nanoTime() + oneWayNanos, Arrays.copyOf(buffer, read)));
                }
            }
            catch (IOException e) {
                // the connection closed
            }
            inFlight.add(Chunk.END);
        }, "delaying-proxy-read");
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk chunk = inFlight.take();
                    if (chunk == Chunk.END) {
                        break;
                    }
                    long wait;
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            }
            catch (IOException | InterruptedException e) {
                // the connection closed
            }
            closeQuietly(to);
            closeQuietly(from);
        }, "delaying-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        }
        catch (IOException e) {
            // already closed
        }
        sockets.forEach(DelayingProxy::closeQuietly);
    }

    private record Chunk(long dueNanos, byte[] bytes) {

        static final Chunk END = new Chunk(0, new byte[0]);

    }

}
