package dev.userfunctions.benchmarks;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.Arrays;

/**
 * A bare Lettuce cluster connection, with the cache's codec (text keys, byte values) and
 * nothing of the cache library: the floor the cache's hit path is measured against.
 */
final class PlainLettuce implements AutoCloseable {

    private final RedisClusterClient client;

    private final StatefulRedisClusterConnection<String, byte[]> connection;

    PlainLettuce(String seeds) {
        client = RedisClusterClient
            .create(Arrays.stream(seeds.split(",")).map(seed -> RedisURI.create("redis://" + seed.trim())).toList());
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    RedisAdvancedClusterCommands<String, byte[]> sync() {
        return connection.sync();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

}
