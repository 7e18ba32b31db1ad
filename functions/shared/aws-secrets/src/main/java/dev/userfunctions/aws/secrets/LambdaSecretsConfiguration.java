package dev.userfunctions.aws.secrets;

import dev.userfunctions.users.config.Credentials;
import dev.userfunctions.users.config.MongoSettings;
import dev.userfunctions.users.config.RedisSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Lambda jars' credentials: from AWS Secrets Manager when {@code SECRETS_MONGODB_ARN}
 * or {@code SECRETS_REDIS_ARN} is set, else (LocalStack, tests) from {@code MONGODB_URI}
 * and {@code REDIS_PASSWORD}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsSettings.class)
public class LambdaSecretsConfiguration {

    @Bean
    @ConditionalOnExpression("'${secrets.mongodb-arn:}' != '' or '${secrets.redis-arn:}' != ''")
    Credentials secretsManagerCredentials(SecretsSettings secrets, MongoSettings mongo, RedisSettings redis) {
        return SecretsManagerCredentials.read(secrets, Credentials.fromSettings(mongo, redis));
    }

}
