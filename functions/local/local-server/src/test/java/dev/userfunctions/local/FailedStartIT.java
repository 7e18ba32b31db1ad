package dev.userfunctions.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A start that fails, run as a user runs it ({@code java -jar local-server.jar} as a
 * child process, on the embedded default): it exits non-zero on its own, leaves no
 * redis-server behind, and says in one line which setting is wrong and what is allowed,
 * without a stack trace.
 */
class FailedStartIT {

    private static final Duration BOUND = Duration.ofSeconds(40);

    record Run(int exitCode, String output) {
    }

    private static Run start(Map<String, String> environment) throws Exception {
        Path log = Files.createTempFile("failed-start", ".log");
        Map<String, String> withPort = new HashMap<>(Map.of("PORT", "0"));
        withPort.putAll(environment);
        Process process = ServerJar.start(log, withPort);
        boolean exited = process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(exited).as("the failed start exits by itself within %s:%n%s", BOUND, output).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Set<Long> redisServers() {
        return ProcessHandle.allProcesses()
            .filter(p -> p.info().command().orElse("").contains("redis-server"))
            .map(ProcessHandle::pid)
            .collect(Collectors.toSet());
    }

    @Test
    void onTheEmbeddedDefaultABadSettingStopsEverythingItStarted() throws Exception {
        Set<Long> redisBefore = redisServers();

        Run run = start(Map.of("CACHE_TTL", "abc"));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("REDIS_NODES not set: started an embedded Redis Cluster")
            .contains("CACHE_TTL=abc is not allowed: a duration from 1 s to 7 days")
            .doesNotContain("\tat ");
        await("the embedded redis-server processes are gone").atMost(Duration.ofSeconds(10))
            .until(() -> redisServers().stream().allMatch(redisBefore::contains));
    }

    /**
     * With MongoDB and Redis configured (unreachable: the start must fail before it needs
     * them), nothing embedded starts. One value refused while binding, one refused while
     * the cache is built; the messages of the other settings are checked in process
     * ({@code SettingsFailureAnalyzerTest}, {@code RedisClusterSettingsTest}), as a JVM
     * start apiece costs CI about ten seconds.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CACHE_TIMEOUT     | 0                            | CACHE_TIMEOUT=0s is not allowed: a duration from 10 ms to 10 s",
            "REDIS_ADDRESS_MAP | redis-1:6379                 | REDIS_ADDRESS_MAP=redis-1:6379 is not allowed: comma-separated announced=reachable pairs",
            "REDIS_CONNECT_TIMEOUT | 50                       | REDIS_CONNECT_TIMEOUT=50ms is not allowed: a duration from 100 ms to 30 s",
            "REDIS_NODES       | ,                            | REDIS_NODES=, is not allowed: comma-separated host:port seeds" })
    void aBadSettingStopsTheStartWithOneLineNamingIt(String variable, String value, String expected) throws Exception {
        Map<String, String> environment = new HashMap<>(
                Map.of("MONGODB_URI", "mongodb://127.0.0.1:1", "REDIS_NODES", "127.0.0.1:1"));
        environment.put(variable, value);
        Run run = start(environment);

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.output()).as("nothing embedded was started")
            .doesNotContain("started an embedded")
            .doesNotContain("started the embedded");
    }

    @Test
    void aTlsTrustFileThatHoldsNoCertificateStopsTheStart() throws Exception {
        Run run = start(Map.of("REDIS_TLS", "true", "REDIS_TLS_TRUST", "/etc/hostname", "MONGODB_URI",
                "mongodb://127.0.0.1:1", "REDIS_NODES", "127.0.0.1:1"));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains(
                "REDIS_TLS_TRUST=/etc/hostname is not allowed: a readable PEM file of CA certificates, with REDIS_TLS=true")
            .doesNotContain("\tat ");
    }

    @Test
    void aMalformedMongoUriIsNamedButNeverEchoed() throws Exception {
        Run run = start(Map.of("MONGODB_URI", "mongodb://admin:s3cret@mongos:notaport", "REDIS_NODES", "127.0.0.1:1"));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("MONGODB_URI=(value not shown) is not allowed: a connection string")
            .doesNotContain("s3cret");
    }

    @Test
    void aPortInUseStopsTheStartAndLeavesNothingRunning() throws Exception {
        Set<Long> redisBefore = redisServers();
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = start(Map.of("PORT", String.valueOf(taken.getLocalPort())));

            assertThat(run.exitCode()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("Port " + taken.getLocalPort() + " was already in use");
        }
        await("the embedded redis-server processes are gone").atMost(Duration.ofSeconds(10))
            .until(() -> redisServers().stream().allMatch(redisBefore::contains));
    }

}
