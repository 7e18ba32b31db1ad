package dev.userfunctions.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** local-stack/compose.yaml, checked structurally (no Docker engine here to run it). */
class ComposeFileTest {

    static final Path COMPOSE = TemplateTest.ROOT.resolve("local-stack/compose.yaml");
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    static boolean isInit(String name) {
        return name.endsWith("-init");
    }

    @Test
    void hasTheWholeTopology() {
        assertThat(services).containsKeys("mongo-config", "shard1-a", "shard1-b", "shard1-c", "shard2-a", "shard2-b",
                "shard2-c", "mongos", "mongo-init", "redis-1", "redis-2", "redis-3", "redis-4", "redis-5", "redis-6",
                "redis-init", "localstack");
        for (String shard : List.of("shard1", "shard2")) {
            long members = services.entrySet()
                .stream()
                .filter(e -> e.getKey().startsWith(shard + "-"))
                .filter(e -> e.getValue().get("command").toString().contains("--replSet, " + shard))
                .count();
            assertThat(members).as(shard + " has three replica-set members").isEqualTo(3);
        }
        assertThat(services.get("mongo-config").get("command").toString()).contains("--configsvr");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDependencyExistsAndInitContainersGateWhatNeedsTheDataTier() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object dependsOn = service.getValue().get("depends_on");
            if (dependsOn instanceof Map<?, ?> map) {
                assertThat(services).as(service.getKey() + " depends on existing services")
                    .containsKeys(map.keySet().toArray(String[]::new));
            }
        }
        Map<String, Map<String, String>> localstack = (Map<String, Map<String, String>>) services.get("localstack")
            .get("depends_on");
        assertThat(localstack.get("mongo-init").get("condition")).isEqualTo("service_completed_successfully");
        assertThat(localstack.get("redis-init").get("condition")).isEqualTo("service_completed_successfully");
        Map<String, Map<String, String>> redisInit = (Map<String, Map<String, String>>) services.get("redis-init")
            .get("depends_on");
        assertThat(redisInit).hasSize(6)
            .allSatisfy((name, condition) -> assertThat(condition.get("condition")).isEqualTo("service_healthy"));
    }

    @Test
    void imagesArePinnedAndLongRunningServicesHaveHealthChecks() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            String image = (String) service.getValue().get("image");
            assertThat(image).as(service.getKey() + " image").matches("[a-z0-9./-]+:[0-9]+\\.[0-9]+\\.[0-9]+");
            if (!isInit(service.getKey())) {
                assertThat(service.getValue()).as(service.getKey() + " has a health check").containsKey("healthcheck");
            }
            if (service.getKey().startsWith("redis-") && !isInit(service.getKey())) {
                assertThat(service.getValue().get("command").toString()).contains("--cluster-enabled yes",
                        "--cluster-announce-hostname", "--cluster-preferred-endpoint-type hostname");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthChecksAreCheapOnceStartedAndQuickWhileStarting() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Map<String, Object> healthcheck = (Map<String, Object>) service.getValue().get("healthcheck");
            if (healthcheck == null) {
                continue;
            }
            assertThat(seconds(healthcheck.get("interval")))
                .as(service.getKey() + " probes at most every 10 s once healthy")
                .isGreaterThanOrEqualTo(10);
            assertThat(seconds(healthcheck.get("start_interval")))
                .as(service.getKey() + " probes quickly while starting")
                .isLessThanOrEqualTo(2);
            if (service.getKey().startsWith("mongo") || service.getKey().startsWith("shard")) {
                assertThat(healthcheck.get("test").toString()).as("no mongosh start-up per probe")
                    .doesNotContain("mongosh")
                    .contains("/dev/tcp/127.0.0.1/");
            }
        }
    }

    private static int seconds(Object duration) {
        assertThat(duration).as("a duration such as 30s").isNotNull();
        return Integer.parseInt(duration.toString().replace("s", ""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void redisNodesStartCleanEveryTimeAsACacheShould() {
        for (int i = 1; i <= 6; i++) {
            Map<String, Object> node = services.get("redis-" + i);
            String command = node.get("command").toString();
            assertThat(command).contains("--appendonly no", "--save ''",
                    "--cluster-config-file /run/redis-cluster/nodes.conf");
            assertThat((List<String>) node.get("tmpfs"))
                .as("the cluster config lives on a tmpfs, which no restart keeps")
                .contains("/run/redis-cluster");
            assertThat(node).as("no volume keeps a nodes.conf with stale addresses").doesNotContainKey("volumes");
        }
    }

    @Test
    void imagesHaveTheSecurityFixes() {
        for (Map<String, Object> service : services.values()) {
            String image = (String) service.get("image");
            if (image.startsWith("mongo:")) {
                assertThat(patchOf(image, "8.0")).as("CVE-2025-14847 is fixed in MongoDB 8.0.17")
                    .isGreaterThanOrEqualTo(17);
            }
            if (image.startsWith("redis:")) {
                assertThat(patchOf(image, "7.4")).as("CVE-2025-21605 and CVE-2025-49844 are fixed in Redis 7.4.6")
                    .isGreaterThanOrEqualTo(6);
            }
        }
    }

    private static int patchOf(String image, String minor) {
        String version = image.substring(image.indexOf(':') + 1);
        assertThat(version).as(image + " stays on " + minor).startsWith(minor + ".");
        return Integer.parseInt(version.substring(minor.length() + 1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedHostPortsAreUniqueAndAvoidTheUsualOnes() {
        List<String> hostPorts = new ArrayList<>();
        for (Map<String, Object> service : services.values()) {
            for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
                String[] parts = port.toString().split(":");
                hostPorts.add(parts[parts.length - 2]);
            }
        }
        assertThat(hostPorts).doesNotHaveDuplicates().doesNotContain("27017", "6379", "8080", "5432");
        assertThat(hostPorts).contains("27117", "7101", "7106", "4566");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMountedScriptExistsAndTheEntrypointsAreRunnable() {
        Set<String> checked = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            for (Object volume : (List<Object>) service.getValue().getOrDefault("volumes", List.of())) {
                String[] parts = volume.toString().split(":");
                if (!parts[0].startsWith(".")) {
                    continue;
                }
                Path hostPath = COMPOSE.getParent().resolve(parts[0]).normalize();
                assertThat(hostPath).as(service.getKey() + " mounts " + parts[0]).exists();
                List<String> entrypoint = (List<String>) service.getValue().get("entrypoint");
                if (entrypoint != null) {
                    for (String argument : entrypoint) {
                        if (argument.startsWith(parts[1] + "/")) {
                            Path script = hostPath.resolve(argument.substring(parts[1].length() + 1));
                            assertThat(script).as(service.getKey() + " runs " + argument).exists();
                            if (script.toString().endsWith(".sh")) {
                                assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
                            }
                            checked.add(service.getKey());
                        }
                    }
                }
            }
        }
        assertThat(checked).containsExactlyInAnyOrder("mongo-init", "redis-init");
    }

}
