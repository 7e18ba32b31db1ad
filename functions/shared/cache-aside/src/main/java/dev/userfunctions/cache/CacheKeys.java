package dev.userfunctions.cache;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Namespaced, versioned keys ({@code <namespace>:v<version>:<kind>:<id>}) whose
 * caller-chosen part is base64url-encoded. Encoding matters in a cluster: a caller's
 * braces would otherwise form a hash tag and choose the slot (and so the node) of the
 * key; the encoded alphabet has no braces, colons or spaces. Bumping the version orphans
 * every old entry at once (they expire by TTL) when the value format changes.
 */
public final class CacheKeys {

    private static final Pattern SAFE_PART = Pattern.compile("[a-z][a-z0-9-]*");

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final String prefix;

    /** The checked prefix of each kind: keys are built on every request's path. */
    private final Map<String, String> prefixesByKind = new ConcurrentHashMap<>();

    private CacheKeys(String namespace, int version) {
        this.prefix = safe(namespace) + ":v" + version + ":";
    }

    public static CacheKeys of(String namespace, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("Version must be positive");
        }
        return new CacheKeys(namespace, version);
    }

    /**
     * The key of a caller-chosen identifier, e.g. {@code users:v1:name:bHkx} for name
     * "ly1".
     */
    public String key(String kind, String id) {
        Objects.requireNonNull(id, "id");
        return prefixesByKind.computeIfAbsent(kind, k -> prefix + safe(k) + ":")
                + ENCODER.encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    /** A fixed key, such as a count. */
    public String key(String kind) {
        return prefix + safe(kind);
    }

    private static String safe(String part) {
        if (part == null || !SAFE_PART.matcher(part).matches()) {
            throw new IllegalArgumentException(
                    "Key parts chosen in code must match " + SAFE_PART + ", was '" + part + "'");
        }
        return part;
    }

}
