package dev.userfunctions.aws.secrets;

import dev.userfunctions.cache.RedisLogin;
import dev.userfunctions.users.config.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The MongoDB connection string and the Redis password from AWS Secrets Manager, read in
 * the init phase (before a SnapStart snapshot, so a restored environment starts with the
 * values read then) and read again only when MongoDB or Redis refuses them, at most once
 * per {@link SecretsSettings#rereadInterval()}: a rotation needs no redeploy and a
 * thousand environments refused at once cost Secrets Manager a thousand calls, not a
 * storm. What has no secret ARN comes from the settings.
 */
public final class SecretsManagerCredentials implements Credentials {

    /** The key of the MongoDB connection string in its secret's JSON. */
    public static final String MONGODB_URI_KEY = "uri";

    /** The key of the Redis password in its secret's JSON. */
    public static final String REDIS_PASSWORD_KEY = "password";

    /**
     * The optional key of the Redis user name in its secret's JSON (an ACL or ElastiCache
     * RBAC user); without it, {@code REDIS_USERNAME} or the default user.
     */
    public static final String REDIS_USERNAME_KEY = "username";

    private static final Logger log = LoggerFactory.getLogger(SecretsManagerCredentials.class);

    private static final JsonMapper JSON = JsonMapper.shared();

    private final SecretsSettings settings;

    private final Credentials fallback;

    /**
     * {@code REDIS_USERNAME}: the user when the secret names none; null for the default.
     */
    private final String redisUsername;

    private final SecretReader reader;

    private final LongSupplier nanoTime;

    /** Re-reads after a Redis refusal, off Lettuce's threads. */
    private final ExecutorService rereads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "secrets-reread");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean rereadQueued = new AtomicBoolean();

    private final RedisLogin redisLogin = new RedisLogin() {

        @Override
        public UserAndPassword current() {
            Values now = values;
            return new UserAndPassword(now.redisUsername(), now.redisPassword().toCharArray());
        }

        @Override
        public void refused() {
            if (rereadQueued.compareAndSet(false, true)) {
                rereads.execute(() -> {
                    rereadQueued.set(false);
                    reread("Redis refused the login");
                });
            }
        }

    };

    private volatile Values values;

    private long lastReadNanos;

    SecretsManagerCredentials(SecretsSettings settings, Credentials fallback, String redisUsername, SecretReader reader,
            LongSupplier nanoTime) {
        this.settings = settings;
        this.fallback = fallback;
        this.redisUsername = redisUsername;
        this.reader = reader;
        this.nanoTime = nanoTime;
        this.lastReadNanos = nanoTime.getAsLong();
        this.values = read();
        settings.mongodb().ifPresent(arn -> log.info("MongoDB connection string from secret {}", arn));
        settings.redis().ifPresent(arn -> log.info("Redis login from secret {}", arn));
    }

    /**
     * The Lambda functions' credentials: read from AWS Secrets Manager now (the init
     * phase) when {@code SECRETS_MONGODB_ARN} or {@code SECRETS_REDIS_ARN} is set, else
     * (LocalStack, tests) {@code fromSettings}, the settings' own values.
     * @param redisUsername {@code REDIS_USERNAME}, for a Redis secret that names no user
     */
    public static Credentials of(SecretsSettings settings, Credentials fromSettings, String redisUsername) {
        if (settings.mongodb().isEmpty() && settings.redis().isEmpty()) {
            return fromSettings;
        }
        return new SecretsManagerCredentials(settings, fromSettings, redisUsername, new SecretsManagerReader(),
                System::nanoTime);
    }

    @Override
    public String mongoUri() {
        return values.mongoUri();
    }

    @Override
    public Optional<RedisLogin> redisLogin() {
        return settings.redis().isPresent() ? Optional.of(redisLogin) : fallback.redisLogin();
    }

    @Override
    public boolean mongoRefused() {
        String before = values.mongoUri();
        return settings.mongodb().isPresent() && reread("MongoDB refused the credentials")
                && !Objects.equals(before, values.mongoUri());
    }

    /**
     * Reads the secrets again unless the last read was less than the interval ago; true
     * when this read happened and succeeded.
     */
    private synchronized boolean reread(String reason) {
        long now = nanoTime.getAsLong();
        Duration sinceLastRead = Duration.ofNanos(now - lastReadNanos);
        if (sinceLastRead.compareTo(settings.rereadInterval()) < 0) {
            log.debug("{}; the secrets were read {} ms ago, not again before {} s", reason, sinceLastRead.toMillis(),
                    settings.rereadInterval().toSeconds());
            return false;
        }
        lastReadNanos = now;
        try {
            Values fresh = read();
            log.info("{}: read the secrets again ({})", reason, fresh.equals(values) ? "unchanged" : "new values");
            values = fresh;
            return true;
        }
        catch (SecretUnavailableException e) {
            log.warn("{}, and reading the secrets again failed: {}", reason, e.getMessage());
            return false;
        }
    }

    private Values read() {
        Map<SecretArn, JsonNode> secrets = new LinkedHashMap<>();
        String mongoUri = settings.mongodb()
            .map(arn -> field(secrets.computeIfAbsent(arn, this::parse), arn, MONGODB_URI_KEY))
            .orElseGet(fallback::mongoUri);
        String redisPassword = settings.redis()
            .map(arn -> field(secrets.computeIfAbsent(arn, this::parse), arn, REDIS_PASSWORD_KEY))
            .orElse("");
        String username = settings.redis()
            .map(arn -> secrets.computeIfAbsent(arn, this::parse).path(REDIS_USERNAME_KEY))
            .filter(value -> value.isString() && !value.asString().isEmpty())
            .map(JsonNode::asString)
            .orElse(redisUsername);
        return new Values(mongoUri, username, redisPassword);
    }

    private JsonNode parse(SecretArn arn) {
        String text = reader.read(arn);
        try {
            JsonNode secret = JSON.readTree(text);
            if (secret != null && secret.isObject()) {
                return secret;
            }
        }
        catch (JacksonException e) {
            // The parser's message quotes the text: the secret itself. Not passed on.
        }
        throw new SecretUnavailableException("Secret " + arn + " is not a JSON object; store {\"" + MONGODB_URI_KEY
                + "\": \"mongodb://...\"} and/or {\"" + REDIS_PASSWORD_KEY + "\": \"...\"} (with \""
                + REDIS_USERNAME_KEY + "\" for an ACL user)");
    }

    private static String field(JsonNode secret, SecretArn arn, String key) {
        JsonNode value = secret.get(key);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            throw new SecretUnavailableException(
                    "Secret " + arn + " has no \"" + key + "\" string; its JSON must hold one");
        }
        return value.asString();
    }

    /** The values in use; never printed. */
    private record Values(String mongoUri, String redisUsername, String redisPassword) {

        @Override
        public String toString() {
            return "Values[***]";
        }

    }

}
