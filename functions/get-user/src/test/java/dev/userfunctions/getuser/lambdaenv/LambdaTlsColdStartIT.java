package dev.userfunctions.getuser.lambdaenv;

import dev.userfunctions.embedded.EmbeddedMongo;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.embedded.TlsFiles;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUser;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.xCache;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold starts of getUser at Lambda's CPU share (0.58 vCPU) against a Redis Cluster that
 * speaks TLS only, its certificate signed by a private authority
 * ({@code REDIS_TLS_TRUST}): a new JVM's first TLS handshakes, on that share of a CPU,
 * fit in the connection set-up's default limit, so no first invocation bypasses the cache
 * and no connection failure is logged. Environments start two at a time, as in
 * {@link LambdaColdStartIT}.
 */
class LambdaTlsColdStartIT {

    static final int COLD_STARTS = 5;

    @TempDir
    static Path certificatesDirectory;

    static TlsFiles certificates;

    @AutoClose
    static EmbeddedRedisCluster redis;

    @AutoClose
    static EmbeddedMongo mongo;

    record ColdStart(Duration init, int status, String xCache, List<String> failures) {
    }

    static final List<ColdStart> coldStarts = new ArrayList<>();

    @BeforeAll
    static void start() {
        certificates = TlsFiles.generate(certificatesDirectory, List.of("IP:127.0.0.1"));
        redis = EmbeddedRedisCluster.builder().tls(certificates).start();
        mongo = EmbeddedMongo.start();
        mongo.insertUser("tls_cold_start_it", "ly1", 1);
        while (coldStarts.size() < COLD_STARTS) {
            try (LambdaEnvironment environment = environment().start()) {
                coldStarts.add(firstInvocation(environment));
                if (coldStarts.size() == 1) {
                    System.out.println("Environment: " + environment.describe());
                }
            }
        }
        coldStarts.forEach(coldStart -> System.out.println("Cold start over TLS: " + coldStart));
    }

    private static LambdaEnvironment.Builder environment() {
        return getUser(mongo.connectionString(), "tls_cold_start_it", redis.seeds()).variable("REDIS_TLS", "true")
            .variable("REDIS_TLS_TRUST", certificates.caCertificate().toString());
    }

    private static ColdStart firstInvocation(LambdaEnvironment environment) {
        Duration init = environment.awaitInit();
        Invocation first = environment.invoke(getUserEvent("ly1"));
        List<String> failures = environment.output()
            .stream()
            .filter(line -> line.contains("timed out") || line.contains("Cannot connect")
                    || line.contains("not reachable") || line.contains("not connected within"))
            .toList();
        return new ColdStart(init, status(first), xCache(first), failures);
    }

    @Test
    void noFirstInvocationBypassesAndNoConnectionFailsOnAHealthyStart() {
        assertThat(coldStarts).hasSize(COLD_STARTS);
        assertThat(coldStarts).extracting(ColdStart::status).containsOnly(200);
        assertThat(coldStarts).extracting(ColdStart::xCache)
            .as("X-Cache of each first invocation")
            .doesNotContain("BYPASS");
        assertThat(coldStarts).flatExtracting(ColdStart::failures).as("connection failures logged").isEmpty();
    }

}
