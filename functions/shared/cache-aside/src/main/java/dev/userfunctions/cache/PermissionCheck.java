package dev.userfunctions.cache;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cache's own commands on a key of its key space ({@code <name>:permission-check})
 * after the first connection, tried again a few times until every command got an answer
 * that says whether it is allowed: a Redis user that lacks a permission the cache needs
 * is named in the log at start-up, instead of being found out by reads that quietly go to
 * the database. Logs nothing when every command is allowed. Runs on the connector's
 * thread a moment after the connection was made
 * ({@link ClusterConnection#afterConnecting}), off the first requests' way; what it
 * writes it deletes within the same check (and expires in a second anyway).
 */
final class PermissionCheck implements Predicate<StatefulRedisClusterConnection<String, byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(PermissionCheck.class);

    private static final byte[] PROBE = "permission-check".getBytes(StandardCharsets.US_ASCII);

    private final String cacheName;

    private final String key;

    /** A digest no script has: EVALSHA answers NOSCRIPT when it is allowed. */
    private static final String NO_SUCH_SCRIPT = "0000000000000000000000000000000000000000";

    private final Supplier<String> user;

    private final AtomicBoolean checked = new AtomicBoolean();

    /**
     * @param user the Redis user logged in as, asked when the check runs; null for the
     * default user
     */
    PermissionCheck(String cacheName, Supplier<String> user) {
        this.cacheName = cacheName;
        this.key = cacheName + ":permission-check";
        this.user = user;
    }

    /** Runs the check; whether it is done (told already, or every command answered). */
    @Override
    public boolean test(StatefulRedisClusterConnection<String, byte[]> connection) {
        if (checked.get()) {
            return true;
        }
        RedisAdvancedClusterCommands<String, byte[]> redis = connection.sync();
        List<String> refused = new ArrayList<>();
        boolean answered = check(refused, "GET", () -> redis.get(key))
                & check(refused, "SET", () -> redis.set(key, PROBE, SetArgs.Builder.nx().px(1000)))
                & check(refused, "EVAL", () -> redis.eval("return 1", ScriptOutputType.INTEGER, key))
                & check(refused, "EVALSHA", () -> redis.evalsha(NO_SUCH_SCRIPT, ScriptOutputType.INTEGER, key))
                & check(refused, "DEL", () -> redis.del(key)) & check(refused, "CLUSTER INFO", redis::clusterInfo);
        if (!answered) {
            return false;
        }
        if (checked.getAndSet(true)) {
            return true;
        }
        if (!refused.isEmpty()) {
            String name = user.get();
            log.error("Cache '{}': the Redis user '{}' may not run {} on the cache's keys ({}:*); reads and "
                    + "invalidations that need it fail, and answers come from the database (X-Cache: BYPASS) until "
                    + "it may. docs/DEPLOY.md \"Redis users\" gives the ACL rule.", cacheName,
                    name == null || name.isBlank() ? "default" : name, String.join(", ", refused), cacheName);
        }
        return true;
    }

    /**
     * Runs {@code call}; whether its answer said if the command is allowed (it ran, or it
     * was refused for a permission), collecting a refusal in {@code refused}.
     */
    private boolean check(List<String> refused, String command, Runnable call) {
        try {
            call.run();
            return true;
        }
        catch (RedisNoScriptException allowed) {
            return true;
        }
        catch (RuntimeException e) {
            if (RedisErrors.answered(e, "NOPERM")) {
                refused.add(command + " (" + e.getMessage() + ")");
                return true;
            }
            log.debug("Cache '{}': checking {} on {}: {}", cacheName, command, key, ErrorMessages.describe(e));
            return false;
        }
    }

}
