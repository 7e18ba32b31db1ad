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
 * aws/deploy.sh, the deploy command for a real AWS account, under the real AWS CLI
 * against moto's server. The script sets no endpoint of its own: the test points the CLI
 * at moto the standard way ({@code AWS_ENDPOINT_URL}), and proxies to a refusing port
 * catch any call that would go elsewhere. A parameter-only change must deploy a new
 * configuration digest with no digest typed by anyone (TemplateTransformTest shows that a
 * new digest publishes new versions); an unchanged deployment must change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsDeployScriptIT {

    private static final Duration BOUND = Duration.ofMinutes(3);

    private static final String STACK = "user-functions";

    /** moto's account and the region the test deploys to: the default bucket's name. */
    private static final String BUCKET = "user-functions-artifacts-123456789012-eu-west-1";

    private static final String MONGO_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mongo-AbCdEf";

    /**
     * A stack of its own for RuntimeMode custom (moto cannot update a stack twice with
     * list parameters: its change set re-splits a list).
     */
    private static final String CUSTOM_STACK = "user-functions-custom";

    /** RuntimeMode custom's artifacts, built by functions/custom-runtime. */
    private static final List<Path> CUSTOM_RUNTIME_PACKAGES = List.of("get-user", "seed-users", "count-users")
        .stream()
        .map(function -> TemplateTest.ROOT.resolve("functions/custom-runtime/target/" + function + ".zip"))
        .toList();

    private static MotoServer moto;

    private static Path home;

    private static Path parameters;

    private static int refusingPort;

    @BeforeAll
    static void startMoto() throws IOException {
        assumeTrue(Commands.onPath("aws") && MotoServer.available(),
                () -> Tools.skipped("the AWS CLI and moto's server are needed (.ci/run installs or checks them)"));
        for (String jar : List.of("get-user", "seed-users", "count-users")) {
            assumeTrue(Files.exists(TemplateTest.ROOT.resolve("functions/" + jar + "/target/" + jar + "-aws.jar")),
                    () -> Tools.skipped("the Lambda jars are not built (the package phase builds them)"));
        }
        moto = MotoServer.start(TemplateTest.ROOT.resolve("deploy/target/moto-aws-deploy.log"));
        home = Files.createTempDirectory("home");
        parameters = home.resolve("production.params");
        Files.writeString(parameters, """
                # the production stack
                MongoDbSecretArn=%s
                RedisNodes=redis-a:6379,redis-b:6379
                RedisPassword=not-in-any-output-42

                """.formatted(MONGO_SECRET));
        try (ServerSocket socket = new ServerSocket(0)) {
            refusingPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    /**
     * A user's shell: credentials and a region, the CLI pointed at moto, and no
     * configuration files (an empty HOME).
     */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("AWS_ENDPOINT_URL", moto.motoEndpoint());
        environment.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        environment.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        environment.put("AWS_REGION", "eu-west-1");
        String nowhere = "http://127.0.0.1:" + refusingPort;
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
            environment.put(proxy, nowhere);
        }
        environment.put("NO_PROXY", "127.0.0.1");
        environment.put("no_proxy", "127.0.0.1");
        return environment;
    }

    private static Tools.Result deploy(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("aws/deploy.sh"));
        command.addAll(List.of(arguments));
        return Tools.run(TemplateTest.ROOT, environment, BOUND, command);
    }

    private static String aws(String... arguments) {
        List<String> command = new ArrayList<>(
                List.of("aws", "--endpoint-url", moto.motoEndpoint(), "--region", "eu-west-1", "--output", "text"));
        command.addAll(List.of(arguments));
        Tools.Result result = Tools.run(TemplateTest.ROOT,
                Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"), Duration.ofSeconds(60), command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private static String parameter(String key) {
        return aws("cloudformation", "describe-stacks", "--stack-name", STACK, "--query",
                "Stacks[0].Parameters[?ParameterKey=='" + key + "'].ParameterValue | [0]");
    }

    @Test
    @Order(1)
    void deployCreatesTheBucketOnceAndTheStackWithTheDigestItPrints() {
        Tools.Result deploy = deploy(environment(), "--prebuilt", "--parameters", parameters.toString());
        Tools.Result printed = deploy(environment(), "--print-digest", "--parameters", parameters.toString());

        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("creating the artifact bucket s3://" + BUCKET)
            .contains("==> deploying stack " + STACK)
            .doesNotContain("not-in-any-output-42");
        assertThat(aws("cloudformation", "describe-stacks", "--stack-name", STACK, "--query", "Stacks[0].StackStatus"))
            .isEqualTo("CREATE_COMPLETE");
        assertThat(aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--query", "length(Contents)")).isEqualTo("3");
        assertThat(parameter("MongoDbSecretArn")).isEqualTo(MONGO_SECRET);
        assertThat(printed.exitCode()).as(printed.output()).isZero();
        assertThat(parameter("ConfigurationDigest")).matches("[0-9a-f]{16}").isEqualTo(printed.output().strip());
    }

    @Test
    @Order(2)
    void anUnchangedDeploymentChangesNothing() {
        String digest = parameter("ConfigurationDigest");
        String events = aws("cloudformation", "describe-stack-events", "--stack-name", STACK, "--query",
                "length(StackEvents)");

        Tools.Result again = deploy(environment(), "--prebuilt", "--parameters", parameters.toString());

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("nothing to deploy").doesNotContain("creating the artifact bucket");
        assertThat(parameter("ConfigurationDigest")).isEqualTo(digest);
        assertThat(
                aws("cloudformation", "describe-stack-events", "--stack-name", STACK, "--query", "length(StackEvents)"))
            .isEqualTo(events);
    }

    @Test
    @Order(3)
    void aParameterOnlyChangeFromTheEnvironmentDeploysANewDigest() {
        String digest = parameter("ConfigurationDigest");
        Map<String, String> environment = environment();
        environment.put("RedisNodes", "redis-c:6379");

        Tools.Result deploy = deploy(environment, "--prebuilt", "--parameters", parameters.toString());

        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("==> deploying stack");
        assertThat(parameter("RedisNodes")).as("the environment wins over the file").isEqualTo("redis-c:6379");
        assertThat(parameter("ConfigurationDigest")).matches("[0-9a-f]{16}").isNotEqualTo(digest);
    }

    @Test
    @Order(4)
    void aWrongParameterIsRefusedBeforeAnythingIsSent() throws IOException {
        String digest = parameter("ConfigurationDigest");
        Path typo = home.resolve("typo.params");
        Files.writeString(typo, "RedisNode=redis-a:6379\n");
        Path digestTyped = home.resolve("digest.params");
        Files.writeString(digestTyped, "ConfigurationDigest=0123456789abcdef\n");

        Tools.Result unknown = deploy(environment(), "--prebuilt", "--parameters", typo.toString());
        Tools.Result typed = deploy(environment(), "--prebuilt", "--parameters", digestTyped.toString());

        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("unknown parameter 'RedisNode'").contains("RedisNodes");
        assertThat(typed.exitCode()).isNotZero();
        assertThat(typed.output()).contains("ConfigurationDigest is computed");
        assertThat(parameter("ConfigurationDigest")).isEqualTo(digest);
    }

    @Test
    @Order(5)
    void theCustomRuntimeModeDeploysThePackagesOnTheOsOnlyRuntime() throws IOException {
        assumeTrue(CUSTOM_RUNTIME_PACKAGES.stream().allMatch(Files::isRegularFile),
                () -> Tools.skipped("the custom-runtime packages are not built (they need a Temurin 25)"));
        Map<String, String> environment = environment();
        environment.put("RuntimeMode", "custom");
        environment.put("STACK_NAME", CUSTOM_STACK);

        Tools.Result deploy = deploy(environment, "--prebuilt", "--parameters", parameters.toString());

        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("==> deploying stack " + CUSTOM_STACK)
            .containsPattern("the packages carry Eclipse Adoptium 25\\.\\S+: each JDK update needs a rebuild");
        // moto keeps the stack without expanding SAM's transform, so no function to ask
        // for its runtime: the
        // parameter, the packages uploaded (sizes compared with the files) and what the
        // template names are checked.
        assertThat(aws("cloudformation", "describe-stacks", "--stack-name", CUSTOM_STACK, "--query",
                "Stacks[0].[StackStatus, Parameters[?ParameterKey=='RuntimeMode'].ParameterValue | [0]]"))
            .isEqualTo("CREATE_COMPLETE\tcustom");
        List<String> uploaded = List
            .of(aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--query", "Contents[].Size").split("\\s+"));
        for (Path zip : CUSTOM_RUNTIME_PACKAGES) {
            assertThat(uploaded).as("uploaded: %s", zip.getFileName()).contains(String.valueOf(Files.size(zip)));
        }
    }

    @Test
    @Order(6)
    void withoutCredentialsOrRegionItSaysWhatToConfigure() {
        Map<String, String> noRegion = environment();
        noRegion.remove("AWS_REGION");
        Map<String, String> unreachable = environment();
        unreachable.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + refusingPort);
        // The CLI's own retries (the caller's setting) would only make the refusal
        // slower.
        unreachable.put("AWS_MAX_ATTEMPTS", "1");

        Tools.Result withoutRegion = deploy(noRegion, "--prebuilt");
        Tools.Result withoutAws = deploy(unreachable, "--prebuilt");

        assertThat(withoutRegion.exitCode()).isNotZero();
        assertThat(withoutRegion.output()).contains("no AWS region");
        assertThat(withoutAws.exitCode()).isNotZero();
        assertThat(withoutAws.output()).contains("cannot call AWS with these credentials");
        assertThat(withoutAws.took()).isLessThan(Duration.ofSeconds(15));
    }

}
