package dev.userfunctions.aws.secrets;

import dev.userfunctions.users.config.Credentials;
import dev.userfunctions.users.config.MongoSettings;
import dev.userfunctions.users.config.RedisSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SecretsManagerCredentialsTest {

    private static final String BOTH = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:both-AbCdEf";

    private static final String REDIS = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis-AbCdEf";

    private static final Credentials FALLBACK = Credentials.fromSettings(
            new MongoSettings("mongodb://from-the-settings", null),
            new RedisSettings("a:1", null, "settings-password", false, null, null, null, null));

    private final Map<String, String> store = new ConcurrentHashMap<>();

    private final List<String> reads = new CopyOnWriteArrayList<>();

    private final AtomicLong now = new AtomicLong();

    private final SecretReader reader = arn -> {
        reads.add(arn.value());
        return store.get(arn.value());
    };

    /** The secret is given a new value, then a minute passes. */
    private void changeThenLetAMinutePass(String arn, String value) {
        store.put(arn, value);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
    }

    private SecretsManagerCredentials credentials(String mongoArn, String redisArn) {
        return credentials(mongoArn, redisArn, null);
    }

    private SecretsManagerCredentials credentials(String mongoArn, String redisArn, String redisUsername) {
        return new SecretsManagerCredentials(new SecretsSettings(mongoArn, redisArn, Duration.ofSeconds(30)), FALLBACK,
                redisUsername, reader, now::get);
    }

    @Test
    void oneSecretWithBothKeysIsReadOnceAndServesBoth() {
        store.put(BOTH, "{\"uri\": \"mongodb://u:p@mongos:27017\", \"password\": \"redis-pw\"}");

        SecretsManagerCredentials credentials = credentials(BOTH, BOTH);

        assertThat(credentials.mongoUri()).isEqualTo("mongodb://u:p@mongos:27017");
        assertThat(credentials.redisLogin()).get()
            .extracting(login -> new String(login.current().password()))
            .isEqualTo("redis-pw");
        assertThat(reads).containsExactly(BOTH);
    }

    @Test
    void whatHasNoSecretComesFromTheSettings() {
        store.put(REDIS, "{\"password\": \"redis-pw\"}");

        SecretsManagerCredentials credentials = credentials(null, REDIS);

        assertThat(credentials.mongoUri()).isEqualTo("mongodb://from-the-settings");
        assertThat(new String(credentials.redisLogin().orElseThrow().current().password())).isEqualTo("redis-pw");
        store.put(BOTH, "{\"uri\": \"mongodb://from-the-secret\"}");
        assertThat(new String(credentials(BOTH, "").redisLogin().orElseThrow().current().password()))
            .as("no Redis secret: REDIS_PASSWORD")
            .isEqualTo("settings-password");
    }

    @Test
    void theRedisUserComesFromTheSecretElseFromTheSettings() {
        store.put(REDIS, "{\"username\": \"cache-user\", \"password\": \"redis-pw\"}");
        store.put(BOTH, "{\"uri\": \"mongodb://u:p@mongos:27017\", \"password\": \"redis-pw\"}");

        assertThat(credentials(null, REDIS, "settings-user").redisLogin().orElseThrow().current().username())
            .isEqualTo("cache-user");
        assertThat(credentials(null, BOTH, "settings-user").redisLogin().orElseThrow().current().username())
            .isEqualTo("settings-user");
        assertThat(credentials(null, BOTH, null).redisLogin().orElseThrow().current().username()).as("the default user")
            .isNull();
    }

    @Test
    void aMongoDbRefusalReadsAgainAtMostOncePerIntervalAndSaysWhetherTheUriChanged() {
        store.put(BOTH, "{\"uri\": \"mongodb://old\"}");
        SecretsManagerCredentials credentials = credentials(BOTH, null);

        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(credentials.mongoRefused()).as("within the interval: not read").isFalse();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(credentials.mongoRefused()).as("read, but unchanged").isFalse();
        store.put(BOTH, "{\"uri\": \"mongodb://new\"}");
        assertThat(credentials.mongoRefused()).as("changed, but read 0 s ago").isFalse();
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(credentials.mongoRefused()).isTrue();

        assertThat(credentials.mongoUri()).isEqualTo("mongodb://new");
        assertThat(reads).hasSize(3);
    }

    @Test
    void aRedisRefusalReadsAgainOffTheCallersThread() {
        store.put(REDIS, "{\"password\": \"old\"}");
        SecretsManagerCredentials credentials = credentials(null, REDIS);
        changeThenLetAMinutePass(REDIS, "{\"password\": \"rotated\"}");

        for (int i = 0; i < 50; i++) {
            credentials.redisLogin().orElseThrow().refused();
        }

        await().atMost(Duration.ofSeconds(5))
            .until(() -> new String(credentials.redisLogin().orElseThrow().current().password()).equals("rotated"));
        assertThat(reads).as("50 refusals at once: one read at init, one again").hasSize(2);
    }

    @Test
    void aFailedReReadKeepsTheValuesInUse() {
        store.put(BOTH, "{\"uri\": \"mongodb://old\"}");
        SecretsManagerCredentials credentials = credentials(BOTH, null);
        changeThenLetAMinutePass(BOTH, "not json");

        assertThat(credentials.mongoRefused()).isFalse();
        assertThat(credentials.mongoUri()).isEqualTo("mongodb://old");
    }

    @Test
    void aMalformedSecretIsRefusedWithoutShowingItsValue() {
        store.put(BOTH, "mongodb://u:hunter2@mongos");
        assertThatThrownBy(() -> credentials(BOTH, null)).isInstanceOf(SecretUnavailableException.class)
            .hasMessageContaining(BOTH)
            .hasMessageContaining("not a JSON object")
            .hasNoCause()
            .message()
            .doesNotContain("hunter2");

        store.put(BOTH, "{\"url\": \"mongodb://u:hunter2@mongos\"}");
        assertThatThrownBy(() -> credentials(BOTH, null)).hasMessageContaining("has no \"uri\" string")
            .message()
            .doesNotContain("hunter2");
    }

    @Test
    void arnsAndIntervalsAreChecked() {
        assertThat(SecretArn.parse("X", BOTH).region()).isEqualTo("eu-west-1");
        assertThat(
                SecretArn.parse("X", "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:a/b-c").region())
            .isEqualTo("us-gov-west-1");
        assertThatThrownBy(() -> new SecretsSettings("user-functions/mongodb", null, null).mongodb())
            .hasMessageContaining("SECRETS_MONGODB_ARN must be a Secrets Manager secret ARN");
        assertThatThrownBy(() -> new SecretsSettings(null, null, Duration.ofMillis(10)))
            .hasMessageContaining("SECRETS_REREAD_INTERVAL=10ms is not allowed: a duration from 1 s to 1 hour");
        assertThat(new SecretsSettings(null, " ", null).redis()).isEmpty();
        assertThat(new SecretsSettings(null, null, null).rereadInterval()).isEqualTo(Duration.ofSeconds(30));
    }

}
