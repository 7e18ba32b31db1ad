package dev.userfunctions.aws.secrets;

import dev.userfunctions.users.config.DurationSetting;
import dev.userfunctions.users.config.SettingSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code SECRETS_MONGODB_ARN}: a secret whose JSON holds the MongoDB connection string
 * under {@value SecretsManagerCredentials#MONGODB_URI_KEY}, used instead of
 * {@code MONGODB_URI}. {@code SECRETS_REDIS_ARN}: a secret holding the Redis password
 * under {@value SecretsManagerCredentials#REDIS_PASSWORD_KEY}, instead of
 * {@code REDIS_PASSWORD}. Both may name the same secret. {@code SECRETS_REREAD_INTERVAL}:
 * the least time between two reads of the secrets when MongoDB or Redis refuses the
 * credentials (default 30 s).
 */
public record SecretsSettings(String mongodbArn, String redisArn, Duration rereadInterval) {

    static final DurationSetting REREAD_INTERVAL = DurationSetting.between("secrets.reread-interval",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1), ChronoUnit.SECONDS, "30", "30s, 5m");

    public static SecretsSettings from(SettingSource settings) {
        return new SecretsSettings(settings.text("secrets.mongodb-arn"), settings.text("secrets.redis-arn"),
                settings.duration(REREAD_INTERVAL));
    }

    public SecretsSettings {
        rereadInterval = REREAD_INTERVAL.resolve(rereadInterval);
    }

    Optional<SecretArn> mongodb() {
        return arn("SECRETS_MONGODB_ARN", mongodbArn);
    }

    Optional<SecretArn> redis() {
        return arn("SECRETS_REDIS_ARN", redisArn);
    }

    private static Optional<SecretArn> arn(String variable, String value) {
        return Optional.ofNullable(value).filter(arn -> !arn.isBlank()).map(arn -> SecretArn.parse(variable, arn));
    }

}
