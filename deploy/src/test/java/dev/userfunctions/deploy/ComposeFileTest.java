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
        assertThat(services).containsKeys("mongo-config", "shard1-a", "shard1-b", "shard1-c", "shard2-a", "shard2-b", "shard2-c",
                "mongos", "mongo-init", "redis-1", "redis-2", "redis-3", "redis-4", "redis-5", "redis-6", "redis-init", "localstack");
        for (String shard : List.of("shard1", "shard2")) {
            long members = services.entrySet().stream().filter(e -> e.getKey().startsWith(shard + "-"))
                    .filter(e -> e.getValue().get("command").toString().contains("--replSet, " + shard)).count();
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
                assertThat(services).as(service.getKey() + " depends on existing services").containsKeys(map.keySet().toArray(String[]::new));
            }
        }
        Map<String, Map<String, String>> localstack = (Map<String, Map<String, String>>) services.get("localstack").get("depends_on");
        assertThat(localstack.get("mongo-init").get("condition")).isEqualTo("service_completed_successfully");
        assertThat(localstack.get("redis-init").get("condition")).isEqualTo("service_completed_successfully");
        Map<String, Map<String, String>> redisInit = (Map<String, Map<String, String>>) services.get("redis-init").get("depends_on");
        assertThat(redisInit).hasSize(6).allSatisfy((name, condition) -> assertThat(condition.get("condition")).isEqualTo("service_healthy"));
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
                assertThat(service.getValue().get("command").toString()).contains("--cluster-enabled yes", "--cluster-announce-hostname",
                        "--cluster-preferred-endpoint-type hostname");
            }
            Object healthcheck = service.getValue().get("healthcheck");
            if (healthcheck != null && service.getKey().startsWith("mongo")) {
                assertThat(healthcheck.toString()).contains("mongosh").doesNotContain("\"mongo\"");
            }
        }
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
