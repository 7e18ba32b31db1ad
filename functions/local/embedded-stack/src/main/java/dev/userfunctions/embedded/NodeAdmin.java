package dev.userfunctions.embedded;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.function.Function;

/**
 * Administrative commands to single nodes, over short-lived standalone connections with
 * timeouts.
 */
final class NodeAdmin implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;

    private final boolean tls;

    /**
     * @param tls the nodes' certificates; null for nodes without TLS
     */
    NodeAdmin(TlsFiles tls) {
        this.tls = tls != null;
        client = RedisClient.create();
        ClientOptions.Builder options = ClientOptions.builder();
        if (tls != null) {
            options
                .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(tls.caCertificate().toFile()).build());
        }
        client.setOptions(options.autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
            .build());
    }

    <T> T call(RedisNode node, Function<RedisCommands<String, String>, T> command) {
        RedisURI uri = RedisURI.builder()
            .withHost(node.host())
            .withPort(node.port())
            .withSsl(tls)
            .withTimeout(TIMEOUT)
            .build();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            return command.apply(connection.sync());
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

}
