package dev.userfunctions.harness;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server on a free loopback port, with Nagle's algorithm off: left on, a
 * small answer waits for the client's delayed ACK, about 40 ms an exchange (the Runtime
 * API emulator's invocations took 48 ms instead of 0.5 ms). The JDK reads
 * {@code sun.net.httpserver.nodelay} once, when the first server of the JVM is created,
 * so every server the harness and its tests start goes through here.
 */
public final class LoopbackHttpServer {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackHttpServer() {
    }

    /** A server bound to a free loopback port, not started. */
    public static HttpServer create() {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Binding an HTTP server on the loopback interface", e);
        }
    }

}
