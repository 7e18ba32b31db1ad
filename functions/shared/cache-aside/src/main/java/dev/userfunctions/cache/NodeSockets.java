package dev.userfunctions.cache;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open socket to a Redis node, so that the ones to one node can be closed when they
 * stop answering: Lettuce does not reconnect on command timeouts, and a socket that a NAT
 * dropped, or that belongs to a frozen or restored Lambda environment, may never report
 * an error by itself. Closing one makes Lettuce reconnect it as after any dropped
 * connection.
 */
final class NodeSockets implements NettyCustomizer {

    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    private final AddressMap addressMap;

    NodeSockets(AddressMap addressMap) {
        this.addressMap = addressMap;
    }

    @Override
    public void afterChannelInitialized(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(closed -> channels.remove(channel));
    }

    /**
     * Closes the sockets to the node announced as {@code host:port}, wherever the address
     * map sends them; may resolve the host, so not for a request's thread. Returns how
     * many were closed.
     */
    int close(String host, int port) {
        NodeAddress reachable = addressMap.map(new NodeAddress(host, port));
        int closed = 0;
        for (Channel channel : channels) {
            if (channel.remoteAddress() instanceof InetSocketAddress remote && remote.getPort() == reachable.port()
                    && sameHost(remote, reachable.host())) {
                channel.close();
                closed++;
            }
        }
        return closed;
    }

    /** Closes every socket: a connect attempt under way fails at once. */
    void closeAll() {
        channels.forEach(Channel::close);
    }

    private static boolean sameHost(InetSocketAddress remote, String host) {
        if (remote.getHostString().equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return remote.getAddress() != null && List.of(InetAddress.getAllByName(host)).contains(remote.getAddress());
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

}
