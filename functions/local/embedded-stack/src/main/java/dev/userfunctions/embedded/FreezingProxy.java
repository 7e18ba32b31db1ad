package dev.userfunctions.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port in front of one server, that can make the
 * connections it carries die silently: after {@link #freezeOpenConnections()} it forwards
 * nothing more on them, in either direction, and keeps their sockets open, as a NAT that
 * dropped a flow, a firewall, or a frozen Lambda environment leaves them. Connections
 * opened afterwards are forwarded as usual. Its own kernel still acknowledges what it
 * receives, so TCP keep-alive and user timeouts cannot see the difference; only the
 * application can.
 */
public final class FreezingProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FreezingProxy.class);

    private final ServerSocket listener;

    private final int targetPort;

    private final List<Link> links = new CopyOnWriteArrayList<>();

    private volatile boolean closed;

    private FreezingProxy(int listenPort, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        Thread acceptor = new Thread(this::acceptLoop, "freezing-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code 127.0.0.1:targetPort}. */
    public static FreezingProxy to(int targetPort) {
        return on(0, targetPort);
    }

    /**
     * A proxy on loopback port {@code listenPort} (0 for a free one) to
     * {@code 127.0.0.1:targetPort}: a server that becomes reachable at an address its
     * clients already know.
     */
    public static FreezingProxy on(int listenPort, int targetPort) {
        try {
            return new FreezingProxy(listenPort, targetPort);
        }
        catch (IOException e) {
            throw new IllegalStateException("Cannot open a proxy port", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far: what its clients opened to the server behind it. */
    public int connectionsAccepted() {
        return links.size();
    }

    /**
     * Stops forwarding on every connection open now; they stay open. New connections are
     * forwarded.
     */
    public void freezeOpenConnections() {
        links.forEach(link -> link.frozen = true);
        log.info("Proxy :{} -> :{}: froze {} open connection(s)", port(), targetPort, links.size());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1000);
                Link link = new Link(client, server);
                links.add(link);
                pump(link, client, server, "up");
                pump(link, server, client, "down");
            }
            catch (IOException e) {
                if (!closed) {
                    log.debug("Proxy :{}: {}", port(), e.toString());
                }
            }
        }
    }

    private void pump(Link link, Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (!link.frozen) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            }
            catch (IOException e) {
                // the other side closed
            }
            finally {
                if (!link.frozen) {
                    link.close();
                }
            }
        }, "freezing-proxy-" + port() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        }
        catch (IOException e) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    private static final class Link {

        final Socket client;

        final Socket server;

        volatile boolean frozen;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            try {
                client.close();
            }
            catch (IOException e) {
                // already closed
            }
            try {
                server.close();
            }
            catch (IOException e) {
                // already closed
            }
        }

    }

}
