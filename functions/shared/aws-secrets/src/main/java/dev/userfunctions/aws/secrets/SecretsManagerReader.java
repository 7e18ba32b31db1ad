package dev.userfunctions.aws.secrets;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.time.Duration;

/**
 * {@code GetSecretValue} through the AWS SDK, bounded in time. A client per read: reads
 * happen once in the init phase and then only after a refusal, so nothing (no socket, no
 * cached credentials) is kept into a SnapStart snapshot. Credentials come from the SDK's
 * default chain: the environment's keys on a standard start, the container credentials
 * endpoint after a SnapStart restore. {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} (or
 * {@code AWS_ENDPOINT_URL}) points the SDK elsewhere, for tests.
 */
final class SecretsManagerReader implements SecretReader {

    /** One attempt's bound: a healthy read takes tens of milliseconds. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The whole read, retries included: well inside Lambda's 10 s init limit, beside the
     * rest of the start.
     */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    /** The secret's text; fails naming the secret and what to check, never its value. */
    @Override
    public String read(SecretArn arn) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
            .region(Region.of(arn.region()))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClientBuilder(
                    UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(ATTEMPT_TIMEOUT))
            .overrideConfiguration(call -> call.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT))
            .build()) {
            GetSecretValueResponse secret = client.getSecretValue(request -> request.secretId(arn.value()));
            if (secret.secretString() == null) {
                throw new SecretUnavailableException(
                        "Secret " + arn + " holds binary data; it must hold a JSON object as its secret string");
            }
            return secret.secretString();
        }
        catch (SdkException e) {
            throw new SecretUnavailableException("Cannot read secret " + arn + " from AWS Secrets Manager ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Check that the function's role may "
                    + "secretsmanager:GetSecretValue on it (and kms:Decrypt on its key), and that a function in a "
                    + "VPC reaches Secrets Manager (an interface endpoint or a NAT)", e);
        }
    }

}
