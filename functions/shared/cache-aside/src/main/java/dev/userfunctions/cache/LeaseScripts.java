package dev.userfunctions.cache;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The two compare-and-set steps of a lease, as Lua scripts on one key (so one cluster
 * slot): store the loaded value only if the key still holds this lease, and give the
 * lease up after a failed load. Both are Redis 6.2 commands only.
 *
 * <p>
 * Run by {@code EVALSHA} with the digest computed here; a node that does not know the
 * script yet (a new node, a restart, {@code SCRIPT FLUSH}) answers {@code NOSCRIPT} and
 * gets the script itself by {@code EVAL}, on the same key. There is deliberately no
 * cluster-wide {@code SCRIPT LOAD}: it fails whenever any node is down.
 */
final class LeaseScripts {

    private static final Script WRITE_BACK = new Script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""");

    private static final Script RELEASE = new Script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""");

    private LeaseScripts() {
    }

    /**
     * Replaces {@code expected} (a lease, or an unreadable entry) by {@code value}; false
     * if anything else is there.
     */
    static boolean writeBack(RedisAdvancedClusterCommands<String, byte[]> redis, String key, byte[] expected,
            byte[] value, Duration ttl) {
        byte[] ttlMillis = Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII);
        return WRITE_BACK.run(redis, key, expected, value, ttlMillis) == 1L;
    }

    /** Deletes the key if it still holds {@code lease}; whether it did. */
    static boolean release(RedisAdvancedClusterCommands<String, byte[]> redis, String key, byte[] lease) {
        return RELEASE.run(redis, key, lease) == 1L;
    }

    private record Script(String source, String sha1) {

        Script(String source) {
            this(source, sha1Hex(source));
        }

        long run(RedisAdvancedClusterCommands<String, byte[]> redis, String key, byte[]... args) {
            String[] keys = { key };
            try {
                return redis.<Long>evalsha(sha1, ScriptOutputType.INTEGER, keys, args);
            }
            catch (RedisNoScriptException notLoaded) {
                return redis.<Long>eval(source, ScriptOutputType.INTEGER, keys, args);
            }
        }

        private static String sha1Hex(String source) {
            try {
                return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
            }
            catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every Java platform", e);
            }
        }
    }

}
