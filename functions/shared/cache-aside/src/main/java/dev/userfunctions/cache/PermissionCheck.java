package dev.userfunctions.cache;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The cache's own commands, once, on a key of its key space
 * ({@code <name>:permission-check}) at the first connection: a Redis user that lacks a
 * permission the cache needs is named in the log at start-up, instead of being found out
 * by reads that quietly go to the database. Logs nothing when every command is allowed.
 * Runs on the connector's thread, off every request's path; what it writes it deletes
 * within the same check (and expires in a second anyway).
 */
final class PermissionCheck implements Consumer<StatefulRedisClusterConnection<String, byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(PermissionCheck.class);

    private static final byte[] PROBE = "permission-check".getBytes(StandardCharsets.US_ASCII);

    private final String cacheName;

    private final String key;

    private final String user;

    private final AtomicBoolean checked = new AtomicBoolean();

    PermissionCheck(String cacheName, String user) {
        this.cacheName = cacheName;
        this.key = cacheName + ":permission-check";
        this.user = user == null || user.isBlank() ? "default" : user;
    }

    @Override
    public void accept(StatefulRedisClusterConnection<String, byte[]> connection) {
        if (!checked.compareAndSet(false, true)) {
            return;
        }
        RedisAdvancedClusterCommands<String, byte[]> redis = connection.sync();
        List<String> refused = new ArrayList<>();
        check(refused, "GET", () -> redis.get(key));
        check(refused, "SET", () -> redis.set(key, PROBE, SetArgs.Builder.nx().px(1000)));
        check(refused, "EVALSHA and EVAL", () -> LeaseScripts.release(redis, key, PROBE));
        check(refused, "DEL", () -> redis.del(key));
        check(refused, "CLUSTER INFO", redis::clusterInfo);
        if (!refused.isEmpty()) {
            log.error("Cache '{}': the Redis user '{}' may not run {} on the cache's keys ({}:*); reads and "
                    + "invalidations that need it fail, and answers come from the database (X-Cache: BYPASS) until "
                    + "it may. docs/DEPLOY.md \"Redis users\" gives the ACL rule.", cacheName, user,
                    String.join(", ", refused), cacheName);
        }
    }

    private void check(List<String> refused, String command, Runnable call) {
        try {
            call.run();
        }
        catch (RuntimeException e) {
            if (RedisErrors.answered(e, "NOPERM")) {
                refused.add(command + " (" + e.getMessage() + ")");
            }
            else {
                log.debug("Cache '{}': checking {} on {}: {}", cacheName, command, key, ErrorMessages.describe(e));
            }
        }
    }

}
