package dev.userfunctions.deploy;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Deploys the getUser Lambda jar to LocalStack and invokes it. Needs a Docker engine:
 * without one it is reported as skipped, and says so on the console. MongoDB is
 * deliberately unreachable here, so the answers prove the packaging, the handler and the
 * error path (400 before any I/O, 503 within seconds) rather than data.
 */
class LocalStackIT {

    @Test
    void deploysTheGetUserJarAndInvokesIt() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                () -> Tools.skipped("no Docker engine here: LocalStackIT needs one to run LocalStack"));
        try (LocalStackContainer localstack = new LocalStackContainer(
                DockerImageName.parse("localstack/localstack:4.4.0"))
            .withServices("lambda")
            .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120")
            .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""))) {
            localstack.start();
            deployAndInvoke(localstack);
        }
    }

    private static void deployAndInvoke(LocalStackContainer localstack) throws Exception {
        Path jar = TemplateTest.ROOT.resolve("functions/get-user/target/get-user-aws.jar");
        assertThat(jar).exists();
        SdkBytes code = SdkBytes.fromByteArray(Files.readAllBytes(jar));
        try (LambdaClient lambda = LambdaClient.builder()
            .endpointOverride(localstack.getEndpoint())
            .region(Region.of(localstack.getRegion()))
            .credentialsProvider(StaticCredentialsProvider
                .create(AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
            .overrideConfiguration(config -> config.apiCallTimeout(Duration.ofMinutes(3)))
            .build()) {
            lambda.createFunction(create -> create.functionName("getUser")
                // LocalStack 4.4 predates java25 (template.yaml's JavaRuntime); the
                // handler runs
                // on java21 alike.
                .runtime(Runtime.JAVA21)
                .handler("dev.userfunctions.getuser.lambda.GetUserHandler::handleRequest")
                .role("arn:aws:iam::000000000000:role/lambda-role")
                .memorySize(1024)
                .timeout(60)
                .code(FunctionCode.builder().zipFile(code).build())
                .environment(Environment.builder().variables(Map.of("MONGODB_URI", "mongodb://127.0.0.1:1")).build()));
            lambda.waiter().waitUntilFunctionActiveV2(request -> request.functionName("getUser"));

            InvokeResponse invalid = lambda.invoke(request -> request.functionName("getUser")
                .payload(SdkBytes.fromString("{\"name\": \"$where\"}", StandardCharsets.UTF_8)));
            assertThat(invalid.functionError()).isNull();
            assertThat(invalid.payload().asUtf8String()).contains("\"statusCode\":400").contains("may contain only");

            InvokeResponse unreachable = lambda.invoke(request -> request.functionName("getUser")
                .payload(SdkBytes.fromString("{\"name\": \"ly1\"}", StandardCharsets.UTF_8)));
            assertThat(unreachable.functionError()).isNull();
            assertThat(unreachable.payload().asUtf8String()).contains("\"statusCode\":503");
        }
    }

}
