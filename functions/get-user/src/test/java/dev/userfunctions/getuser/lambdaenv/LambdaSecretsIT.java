package dev.userfunctions.getuser.lambdaenv;

import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.harness.LoopbackHttpServer;
import dev.userfunctions.harness.MotoServer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.answer;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.xCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * getUser's Lambda jar with its credentials in AWS Secrets Manager (moto's server as the
 * stand-in, behind a door that counts the calls): the URI and the Redis password come
 * from the secret, a rotated Redis password is followed with no failed answer, a MongoDB
 * that refuses the credentials makes the function read the secret again (at most once per
 * interval) and reconnect, and no secret value appears in the output (logs and EMF
 * metrics). Whole cores: what is tested is the reading, not the CPU share.
 */
class LambdaSecretsIT {

    private static final String PASSWORD = "first-Pa55word-f00";

    private static final String ROTATED = "rotated-Pa55word-b4r";

    private static final String STALE_MONGO_PASSWORD = "stale-m0ngo-pw";

    private static final Duration REREAD_INTERVAL = Duration.ofSeconds(2);

    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";

    @AutoClose
    static EmbeddedStack stack;

    @AutoClose
    static MotoServer moto;

    @AutoClose
    static SecretsManagerClient secrets;

    /** The nodes' password now; null for none. */
    static String redisPassword;

    @BeforeAll
    static void start() {
        assumeTrue(MotoServer.available(),
                "SKIPPED: python3 cannot run moto's server (the machine's Python has it; .ci/run checks)");
        moto = MotoServer.start(Path.of("target", "moto-secrets.log"));
        secrets = moto.secretsManager();
        stack = EmbeddedStack.start();
        stack.mongo().insertUser("secrets_it", "ly1", 1);
    }

    private static LambdaEnvironment.Builder getUserWithSecrets(String mongoArn) {
        return LambdaEnvironment.builder(GetUserEnvironments.LAMBDA_JAR, GetUserEnvironments.HANDLER)
            .wholeCores()
            .functionName("getUser")
            .variable("SECRETS_MONGODB_ARN", mongoArn)
            .variable("SECRETS_REREAD_INTERVAL", REREAD_INTERVAL.toSeconds() + "s")
            .variable("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint())
            .variable("MONGODB_DATABASE", "secrets_it")
            .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn");
    }

    private static String secret(String name, String json) {
        return secrets.createSecret(request -> request.name(name).secretString(json)).arn();
    }

    @Test
    void theUriAndThePasswordComeFromTheSecretAndARotatedPasswordIsFollowed() {
        setPassword(PASSWORD);
        String arn = secret("user-functions/both",
                "{\"uri\": \"%s\", \"password\": \"%s\"}".formatted(stack.mongoUri(), PASSWORD));
        int readsBefore = moto.calls(GET_SECRET_VALUE);
        try (LambdaEnvironment environment = getUserWithSecrets(arn).variable("SECRETS_REDIS_ARN", arn)
            .variable("REDIS_NODES", stack.redisSeeds())
            .start()) {
            environment.awaitInit();
            assertThat(moto.calls(GET_SECRET_VALUE) - readsBefore).as("one secret, read once in the init phase")
                .isEqualTo(1);
            assertThat(status(environment.invoke(getUserEvent("ly1")))).isEqualTo(200);
            assertThat(xCache(environment.invoke(getUserEvent("ly1")))).as("the password from the secret")
                .isEqualTo("HIT");

            secrets.putSecretValue(request -> request.secretId(arn)
                .secretString("{\"uri\": \"%s\", \"password\": \"%s\"}".formatted(stack.mongoUri(), ROTATED)));
            setPassword(ROTATED);
            long rotatedAt = System.nanoTime();
            List<Invocation> during = new ArrayList<>();
            await("hits with the rotated password").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Invocation invocation = environment.invoke(getUserEvent("ly1"));
                    during.add(invocation);
                    return xCache(invocation).equals("HIT") && during.size() > 1;
                });
            Duration hitsBack = Duration.ofNanos(System.nanoTime() - rotatedAt);
            int rereads = moto.calls(GET_SECRET_VALUE) - readsBefore - 1;
            System.out.printf(
                    "Redis password rotated under %s: hits back after %d ms, %d invocations in between (%s), "
                            + "the secret read again %d time(s)%n",
                    environment.describe(), hitsBack.toMillis(), during.size(),
                    during.stream().map(GetUserEnvironments::xCache).distinct().toList(), rereads);

            assertThat(during).as("no failed answer while the password changed")
                .allSatisfy(invocation -> assertThat(status(invocation)).isEqualTo(200));
            assertThat(rereads).as("read again on the refusal, at most once per %s", REREAD_INTERVAL)
                .isBetween(1, 1 + (int) (hitsBack.toMillis() / REREAD_INTERVAL.toMillis()));
            assertThat(environment.output()).as("no secret value in the logs or metrics")
                .noneMatch(line -> line.contains(PASSWORD) || line.contains(ROTATED));
        }
        finally {
            setPassword(null);
        }
    }

    @Test
    void aMongoDbThatRefusesTheCredentialsMakesTheFunctionReadTheSecretAgainAndReconnect() throws Exception {
        MongoServer refusing = new MongoServer(new RefusingAuthentication());
        InetSocketAddress refusingAddress = refusing.bind();
        AtomicInteger credentialRequests = new AtomicInteger();
        AtomicReference<String> tokenSeen = new AtomicReference<>();
        HttpServer credentialsEndpoint = containerCredentials(credentialRequests, tokenSeen);
        String arn = secret("user-functions/mongodb", "{\"uri\": \"mongodb://app:%s@127.0.0.1:%d/?authSource=admin\"}"
            .formatted(STALE_MONGO_PASSWORD, refusingAddress.getPort()));
        int readsBefore = moto.calls(GET_SECRET_VALUE);
        try (LambdaEnvironment environment = getUserWithSecrets(arn)
            .containerCredentials("http://127.0.0.1:" + credentialsEndpoint.getAddress().getPort() + "/credentials",
                    "snapstart-token")
            .start()) {
            environment.awaitInit();
            long readAt = System.nanoTime();
            assertThat(moto.calls(GET_SECRET_VALUE) - readsBefore).isEqualTo(1);
            assertThat(tokenSeen.get()).as("credentials from the container endpoint, as after a SnapStart restore")
                .isEqualTo("snapstart-token");

            List<Invocation> refused = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refused.add(environment.invoke(getUserEvent("ly1")));
            }
            Duration refusedFor = Duration.ofNanos(System.nanoTime() - readAt);
            int rereadsWhileRefused = moto.calls(GET_SECRET_VALUE) - readsBefore - 1;

            secrets.putSecretValue(
                    request -> request.secretId(arn).secretString("{\"uri\": \"%s\"}".formatted(stack.mongoUri())));
            AtomicReference<Invocation> last = new AtomicReference<>();
            await("an answer once the secret holds working credentials").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last.set(environment.invoke(getUserEvent("ly1")));
                    return status(last.get()) == 200;
                });
            System.out.printf(
                    "MongoDB refusing the credentials (%s): %d answers %s in %d ms with %d re-read(s); "
                            + "after the secret changed: %d, %d reads of the secret in all%n",
                    environment.describe(), refused.size(), refused.stream().map(GetUserEnvironments::status).toList(),
                    refusedFor.toMillis(), rereadsWhileRefused, status(last.get()),
                    moto.calls(GET_SECRET_VALUE) - readsBefore);

            assertThat(refused).allSatisfy(invocation -> {
                assertThat(status(invocation)).isEqualTo(503);
                assertThat(answer(invocation).get("body").asString()).contains("refused this function's credentials");
            });
            assertThat(rereadsWhileRefused).as("at most one re-read per %s", REREAD_INTERVAL)
                .isLessThanOrEqualTo(1 + (int) (refusedFor.toMillis() / REREAD_INTERVAL.toMillis()));
            assertThat(environment.output()).as("no secret value in the logs or metrics")
                .noneMatch(line -> line.contains(STALE_MONGO_PASSWORD) || line.contains("snapstart-secret-key"));
        }
        finally {
            credentialsEndpoint.stop(0);
            refusing.shutdownNow();
        }
    }

    /**
     * Lambda's container credentials endpoint: temporary keys for a caller that presents
     * the token.
     */
    private static HttpServer containerCredentials(AtomicInteger requests, AtomicReference<String> tokenSeen) {
        HttpServer server = LoopbackHttpServer.create();
        server.createContext("/credentials", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                tokenSeen.set(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = ("{\"AccessKeyId\": \"ASIASNAPSTART\", \"SecretAccessKey\": \"snapstart-secret-key\", "
                        + "\"Token\": \"snapstart-session\", \"Expiration\": \"" + Instant.now().plusSeconds(3600)
                        + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    /**
     * A password change as an operator makes it on every node (replication's
     * {@code masterauth} first), then {@code CLIENT KILL} of the clients, since a new
     * password keeps connections that authenticated before.
     */
    private static void setPassword(String next) {
        String value = next == null ? "" : next;
        for (String setting : List.of("masterauth", "requirepass")) {
            for (RedisNode node : stack.redis().nodes()) {
                onNode(node, redisPassword, connection -> connection.sync().configSet(setting, value));
            }
        }
        redisPassword = next;
        for (RedisNode node : stack.redis().nodes()) {
            onNode(node, next, connection -> connection.sync().clientKill(KillArgs.Builder.typeNormal()));
        }
    }

    private static void onNode(RedisNode node, String password,
            Consumer<StatefulRedisConnection<String, String>> command) {
        RedisURI.Builder uri = RedisURI.builder().withHost(node.host()).withPort(node.port());
        if (password != null) {
            uri.withPassword(password.toCharArray());
        }
        RedisClient client = RedisClient.create(uri.withTimeout(Duration.ofSeconds(2)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            command.accept(connection);
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /**
     * A MongoDB whose authentication always fails as a real one does for a wrong
     * password: {@code saslStart} answered with code 18.
     */
    private static final class RefusingAuthentication extends MemoryBackend {

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (command.equalsIgnoreCase("saslStart")) {
                throw new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
            }
            return super.handleCommand(channel, database, command, query);
        }

    }

}
