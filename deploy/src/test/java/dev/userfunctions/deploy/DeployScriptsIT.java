package dev.userfunctions.deploy;

import dev.userfunctions.harness.Commands;
import dev.userfunctions.harness.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * local-stack/deploy.sh and smoke.sh under the real AWS CLI against moto's local AWS API
 * server, the stand-in for LocalStack that runs without Docker. Every AWS call must go to
 * the endpoint: a proxy that refuses everything catches calls to anywhere else, and a
 * wrong S3 endpoint in the caller's environment (which the CLI prefers) must not fool the
 * script. moto stores the template without expanding the SAM transform and cannot run a
 * Java Lambda without Docker: the transform is checked in {@link TemplateTransformTest},
 * and smoke.sh must say that it called nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployScriptsIT {

    private static final Duration BOUND = Duration.ofMinutes(3);

    private static MotoServer moto;

    private static String endpoint;

    private static int refusingPort;

    @BeforeAll
    static void startMoto() throws Exception {
        assumeTrue(Commands.onPath("aws") && Commands.onPath("curl") && MotoServer.available(), () -> Tools
            .skipped("the AWS CLI, curl and moto's server are needed (.ci/run installs or checks them)"));
        for (String jar : List.of("get-user", "seed-users", "count-users")) {
            assumeTrue(Files.exists(jarOf(jar)),
                    () -> Tools.skipped("the Lambda jars are not built (the package phase builds them)"));
        }
        refusingPort = freePort();
        moto = MotoServer.start(TemplateTest.ROOT.resolve("deploy/target/moto.log"));
        endpoint = moto.motoEndpoint();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private static Path jarOf(String module) {
        return TemplateTest.ROOT.resolve("functions/" + module + "/target/" + module + "-aws.jar");
    }

    /**
     * The environment of a careless caller: real-looking credentials, a wrong S3
     * endpoint, a proxy to nowhere.
     */
    private static Map<String, String> environment(String localstackEndpoint) {
        Map<String, String> environment = new HashMap<>();
        environment.put("LOCALSTACK_ENDPOINT", localstackEndpoint);
        environment.put("LOCALSTACK_HEALTH_URL", localstackEndpoint + "/moto-api/");
        String nowhere = "http://127.0.0.1:" + refusingPort;
        for (String variable : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "AWS_ENDPOINT_URL_S3",
                "AWS_ENDPOINT_URL_CLOUDFORMATION")) {
            environment.put(variable, nowhere);
        }
        for (String variable : List.of("NO_PROXY", "no_proxy")) {
            environment.put(variable, "127.0.0.1,localhost");
        }
        environment.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        environment.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        return environment;
    }

    private static Tools.Result script(Map<String, String> environment, String... command) {
        return Tools.run(TemplateTest.ROOT, environment, BOUND, List.of(command));
    }

    /** The AWS CLI, pointed at moto directly, to look at what the scripts did. */
    private static String aws(String... arguments) {
        List<String> command = new ArrayList<>(
                List.of("aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--output", "text"));
        command.addAll(List.of(arguments));
        Tools.Result result = Tools.run(TemplateTest.ROOT,
                Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"), Duration.ofSeconds(60), command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    @Test
    @Order(1)
    void deployUploadsTheJarsToTheEndpointAndCreatesTheStack() throws IOException {
        Tools.Result deploy = script(environment(endpoint), "local-stack/deploy.sh", "--prebuilt");

        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("==> deploying stack user-functions");
        assertThat(aws("cloudformation", "describe-stacks", "--stack-name", "user-functions", "--query",
                "Stacks[0].StackStatus"))
            .isEqualTo("CREATE_COMPLETE");
        List<Long> uploaded = aws("s3api", "list-objects-v2", "--bucket", "user-functions-artifacts", "--query",
                "Contents[].Size")
            .lines()
            .flatMap(line -> List.of(line.split("\\s+")).stream())
            .map(Long::parseLong)
            .sorted()
            .toList();
        List<Long> jars = new ArrayList<>();
        for (String module : List.of("get-user", "seed-users", "count-users")) {
            jars.add(Files.size(jarOf(module)));
        }
        assertThat(uploaded).as("the three jars, on the endpoint's S3").isEqualTo(jars.stream().sorted().toList());
        String template = aws("cloudformation", "get-template", "--stack-name", "user-functions", "--query",
                "TemplateBody");
        assertThat(template).contains("s3://user-functions-artifacts/").doesNotContain("target/get-user-aws.jar");
    }

    @Test
    @Order(2)
    void aSecondIdenticalDeployChangesNothing() {
        String eventsBefore = aws("cloudformation", "describe-stack-events", "--stack-name", "user-functions",
                "--query", "length(StackEvents)");

        Tools.Result again = script(environment(endpoint), "local-stack/deploy.sh", "--prebuilt");

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("nothing to deploy");
        assertThat(aws("cloudformation", "describe-stack-events", "--stack-name", "user-functions", "--query",
                "length(StackEvents)"))
            .isEqualTo(eventsBefore);
    }

    @Test
    @Order(3)
    void aNewConfigurationIsDeployedWithANewDigestThatHidesTheSecret() {
        String digestBefore = parameter("ConfigurationDigest");
        Map<String, String> environment = environment(endpoint);
        environment.put("MONGODB_URI_IN_STACK", "mongodb://admin:s3cret@mongos:27017");

        Tools.Result deploy = script(environment, "local-stack/deploy.sh", "--prebuilt");

        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("==> deploying stack").doesNotContain("s3cret");
        String digest = parameter("ConfigurationDigest");
        assertThat(digest).matches("[0-9a-f]{16}").isNotEqualTo(digestBefore);
    }

    private static String parameter(String key) {
        return aws("cloudformation", "describe-stacks", "--stack-name", "user-functions", "--query",
                "Stacks[0].Parameters[?ParameterKey=='" + key + "'].ParameterValue | [0]");
    }

    @Test
    @Order(4)
    void smokeSaysItCalledNothingWhereTheTransformWasNotExpanded() {
        Tools.Result smoke = script(environment(endpoint), "local-stack/smoke.sh");

        assertThat(smoke.exitCode()).as(smoke.output()).isZero();
        assertThat(smoke.output()).contains("Stack user-functions: UPDATE_COMPLETE")
            .contains("SKIPPED: all 6 calls")
            .contains("did not expand the SAM transform");
    }

    @Test
    @Order(5)
    void bothScriptsStopClearlyWhenTheEndpointIsDown() {
        for (List<String> command : List.of(List.of("local-stack/deploy.sh", "--prebuilt"),
                List.of("local-stack/smoke.sh"))) {
            Tools.Result result = script(environment("http://127.0.0.1:" + refusingPort),
                    command.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(result.output()).contains("LocalStack does not answer at http://127.0.0.1:" + refusingPort);
            assertThat(result.took()).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    @Order(6)
    void deployStopsClearlyWhenTheAwsCliIsMissing() throws IOException {
        Path bin = Files.createTempDirectory("bin-without-aws");
        for (String tool : List.of("bash", "curl", "dirname", "grep", "env", "cat", "sha256sum", "cut", "mktemp", "rm",
                "tr")) {
            Path real = Path.of(Tools
                .run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(10), List.of("sh", "-c", "command -v " + tool))
                .output()
                .strip());
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        Map<String, String> environment = environment(endpoint);
        environment.put("PATH", bin.toString());

        Tools.Result result = script(environment, bin.resolve("bash").toString(), "local-stack/deploy.sh",
                "--prebuilt");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("'aws' is not installed");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
