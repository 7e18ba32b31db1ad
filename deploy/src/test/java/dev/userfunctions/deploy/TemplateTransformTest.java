package dev.userfunctions.deploy;

import dev.userfunctions.harness.Commands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.userfunctions.aws.telemetry.EmfMetrics;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.userfunctions.deploy.TemplateTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * template.yaml under the real tools: {@code cfn-lint}, and the SAM transform expanded
 * offline by aws-sam-translator (deploy/src/test/python/sam_transform.py), as
 * CloudFormation expands it on deploy.
 */
class TemplateTransformTest {

    private static boolean translatorInstalled;

    @BeforeAll
    static void findTranslator() {
        translatorInstalled = Commands.onPath("python3") && Tools
            .run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(30), List.of("python3", "-c", "import samtranslator"))
            .exitCode() == 0;
    }

    @Test
    void cfnLintFindsNothing() {
        assumeTrue(Commands.onPath("cfn-lint"),
                () -> Tools.skipped("cfn-lint is not installed (pip install cfn-lint)"));

        Tools.Result result = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(120),
                List.of("cfn-lint", "template.yaml"));

        assertThat(result.exitCode()).as("cfn-lint findings:\n" + result.output()).isZero();
    }

    /**
     * RuntimeMode custom: the copy of template.yaml the deploy scripts package
     * ({@code template_to_package} of aws/stack.sh) names each function's package, passes
     * cfn-lint, and expands to functions on the OS-only runtime with no SnapStart.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theCustomRuntimeModesTemplateNamesThePackagesAndPassesTheTools() {
        Tools.Result copy = Tools.run(TemplateTest.ROOT, Map.of("ROOT_DIR", TemplateTest.ROOT.toString()),
                Duration.ofSeconds(30), List.of("bash", "-c", "set -euo pipefail; die() { echo \"$*\" >&2; exit 1; }; "
                        + "source aws/stack.sh; PARAMETERS=(RuntimeMode=custom); template_to_package"));
        assertThat(copy.exitCode()).as(copy.output()).isZero();
        Path template = Path.of(copy.output().strip());

        Map<String, Object> expanded = transformed(template.toString(), "{\"MongoDbUri\": \"mongodb://a\"}");
        for (String function : List.of("get-user", "seed-users", "count-users")) {
            String resource = TemplateTest.FUNCTIONS.stream()
                .filter(expected -> expected.module().equals(function))
                .findFirst()
                .orElseThrow()
                .resource();
            Map<String, Object> properties = map(expanded, "Resources", resource, "Properties");
            assertThat(map(properties, "Code").get("S3Key").toString()).as(resource)
                .endsWith("functions/custom-runtime/target/" + function + ".zip");
            assertThat(((List<Object>) map(properties, "Runtime").get("Fn::If")).subList(0, 2))
                .containsExactly("CustomRuntime", "provided.al2023");
        }
        if (Commands.onPath("cfn-lint")) {
            Tools.Result lint = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(120),
                    List.of("cfn-lint", template.toString()));
            assertThat(lint.exitCode()).as("cfn-lint findings:\n" + lint.output()).isZero();
        }
    }

    private static Map<String, Object> transformed(String parametersJson) {
        return transformed("template.yaml", parametersJson);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> transformed(String template, String parametersJson) {
        assumeTrue(translatorInstalled,
                () -> Tools.skipped("aws-sam-translator is not installed (pip install aws-sam-translator)"));
        Tools.Result result = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(60),
                List.of("python3", "deploy/src/test/python/sam_transform.py", template, parametersJson));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return (Map<String, Object>) new Yaml().load(result.output());
    }

    private static Set<String> resourcesOfType(Map<String, Object> template, String type) {
        return map(template, "Resources").entrySet()
            .stream()
            .filter(e -> type.equals(((Map<?, ?>) e.getValue()).get("Type")))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    }

    @Test
    void theLiveAliasMovesWhenTheConfigurationDigestChangesAndOnlyThen() {
        Set<String> first = resourcesOfType(
                transformed("{\"MongoDbUri\": \"mongodb://a\", \"ConfigurationDigest\": \"0123456789abcdef\"}"),
                "AWS::Lambda::Version");
        Set<String> newDigest = resourcesOfType(
                transformed("{\"MongoDbUri\": \"mongodb://b\", \"ConfigurationDigest\": \"fedcba9876543210\"}"),
                "AWS::Lambda::Version");
        Set<String> sameDigest = resourcesOfType(
                transformed("{\"MongoDbUri\": \"mongodb://b\", \"ConfigurationDigest\": \"0123456789abcdef\"}"),
                "AWS::Lambda::Version");

        assertThat(first).as("SAM names each version after the digest's first 10 characters")
            .hasSize(3)
            .allSatisfy(id -> assertThat(id).endsWith("0123456789"));
        assertThat(newDigest).as("a new version for each function").doesNotContainAnyElementsOf(first);
        assertThat(sameDigest).as("SAM hashes parameters unresolved: without a new digest a new URI publishes nothing")
            .isEqualTo(first);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoutesReachTheirAliasesAndOnlySeedingNeedsIamWithoutCallerCredentials() {
        Map<String, Object> template = transformed("{\"MongoDbUri\": \"mongodb://a\"}");
        Map<String, Object> paths = map(template, "Resources", "UsersApi", "Properties", "Body", "paths");

        assertThat(paths).containsOnlyKeys("/users/{name}", "/users/seed", "/users/count");
        Map<String, String> aliasByRoute = Map.of("/users/{name}", "GetUserFunctionAliaslive", "/users/seed",
                "SeedUsersFunctionAliaslive", "/users/count", "CountUsersFunctionAliaslive");
        for (Map.Entry<String, String> route : aliasByRoute.entrySet()) {
            String method = route.getKey().equals("/users/seed") ? "post" : "get";
            Map<String, Object> operation = map(paths, route.getKey(), method);
            Map<String, Object> integration = map(operation, "x-amazon-apigateway-integration");
            assertThat(integration.get("type")).isEqualTo("aws_proxy");
            assertThat(map(integration, "uri").get("Fn::Sub").toString()).contains("${" + route.getValue() + "}");
            assertThat(integration).as("API Gateway invokes the function itself (InvokeRole: NONE)")
                .doesNotContainKey("credentials");
            if (method.equals("post")) {
                assertThat((List<Object>) operation.get("security")).containsExactly(Map.of("AWS_IAM", List.of()));
            }
            else {
                assertThat(operation).as(route.getKey() + " is open").doesNotContainKey("security");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void snapStartAndVpcFollowTheirParametersAndTheSeedFitsApiGatewaysTimeout() {
        Map<String, Object> template = transformed("{\"MongoDbUri\": \"mongodb://a\"}");
        Map<String, Object> conditions = map(template, "Conditions");
        for (String mode : List.of("managed", "custom")) {
            for (String enabled : List.of("true", "false")) {
                assertThat(Conditions.holds("WithSnapStart", conditions,
                        Map.of("EnableSnapStart", enabled, "RuntimeMode", mode)))
                    .as("SnapStart with EnableSnapStart=%s in RuntimeMode %s", enabled, mode)
                    .isEqualTo(enabled.equals("true") && mode.equals("managed"));
            }
        }
        assertThat(conditions).containsKey("InVpc");
        for (String function : List.of("GetUserFunction", "SeedUsersFunction", "CountUsersFunction")) {
            Map<String, Object> properties = map(template, "Resources", function, "Properties");
            assertThat(((List<Object>) map(properties, "SnapStart").get("Fn::If")).get(0)).isEqualTo("WithSnapStart");
            assertThat(((List<Object>) map(properties, "VpcConfig").get("Fn::If")).get(0)).isEqualTo("InVpc");
        }
        Map<String, Object> seed = map(template, "Resources", "SeedUsersFunction", "Properties");
        assertThat((Integer) seed.get("Timeout")).as("API Gateway waits 29 s for an integration")
            .isLessThanOrEqualTo(29);
        String budget = (String) map(seed, "Environment", "Variables").get("SEED_TIME_BUDGET");
        assertThat(Duration.parse("PT" + budget.toUpperCase())).as("the seed's budget leaves time to answer")
            .isLessThan(Duration.ofSeconds((Integer) seed.get("Timeout") - 5));
        assertThat(map(template, "Outputs", "ApiUrl", "Value").get("Fn::Sub").toString()).contains("${AWS::URLSuffix}");
    }

    private static final String MONGO_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mongo-AbCdEf";

    private static final String REDIS_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis-GhIjKl";

    @Test
    @SuppressWarnings("unchecked")
    void withSecretArnsNoVariableHoldsACredentialAndThePoliciesNameOnlyThoseSecrets() {
        Map<String, String> parameters = Map.of("MongoDbSecretArn", MONGO_SECRET, "RedisSecretArn", REDIS_SECRET,
                "SecretsKmsKeyArn", "", "MongoDbUri", "", "RedisPassword", "", "RuntimeMode", "managed");
        Map<String, Object> template = transformed(
                "{\"MongoDbSecretArn\": \"%s\", \"RedisSecretArn\": \"%s\"}".formatted(MONGO_SECRET, REDIS_SECRET));
        Map<String, Object> conditions = map(template, "Conditions");

        for (TemplateTest.Expected function : TemplateTest.FUNCTIONS) {
            Map<String, Object> variables = resolved(
                    map(template, "Resources", function.resource(), "Properties", "Environment", "Variables"),
                    conditions, parameters);
            assertThat(variables).as(function.name())
                .doesNotContainKeys("MONGODB_URI", "REDIS_PASSWORD")
                .containsEntry("SECRETS_MONGODB_ARN", Map.of("Ref", "MongoDbSecretArn"))
                .containsEntry("SECRETS_REDIS_ARN", Map.of("Ref", "RedisSecretArn"));
            assertThat(rolePolicies(template, function.resource(), conditions, parameters)).as(function.name())
                .containsExactlyInAnyOrder("MongoDbSecretReadPolicy", "RedisSecretReadPolicy");
        }
        assertThat(grants(template, conditions, parameters)).as("no kms:Decrypt without a customer key")
            .containsExactlyInAnyOrder("secretsmanager:GetSecretValue on MongoDbSecretArn",
                    "secretsmanager:GetSecretValue on RedisSecretArn");

        Map<String, String> mongoWithKey = Map.of("MongoDbSecretArn", MONGO_SECRET, "RedisSecretArn", "",
                "SecretsKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(rolePolicies(template, "GetUserFunction", conditions, mongoWithKey))
            .containsExactlyInAnyOrder("MongoDbSecretReadPolicy", "SecretsKeyPolicy");
        assertThat(grants(template, conditions, mongoWithKey)).containsExactlyInAnyOrder(
                "secretsmanager:GetSecretValue on MongoDbSecretArn", "kms:Decrypt on SecretsKmsKeyArn");
    }

    /**
     * The stack's own managed policies a function's role gets, for {@code parameters}.
     */
    @SuppressWarnings("unchecked")
    private static List<String> rolePolicies(Map<String, Object> template, String function,
            Map<String, Object> conditions, Map<String, String> parameters) {
        List<Object> policies = (List<Object>) resolved(map(template, "Resources", function + "Role", "Properties"),
                conditions, parameters)
            .get("ManagedPolicyArns");
        return policies.stream()
            .filter(Map.class::isInstance)
            .map(policy -> (String) ((Map<String, Object>) policy).get("Ref"))
            .toList();
    }

    /**
     * "action on parameter" for every statement of the stack's managed policies that
     * exist with {@code parameters}.
     */
    @SuppressWarnings("unchecked")
    private static List<String> grants(Map<String, Object> template, Map<String, Object> conditions,
            Map<String, String> parameters) {
        List<String> grants = new java.util.ArrayList<>();
        for (String name : resourcesOfType(template, "AWS::IAM::ManagedPolicy")) {
            Map<String, Object> policy = map(template, "Resources", name);
            if (Conditions.holds((String) policy.get("Condition"), conditions, parameters)) {
                for (Object statement : (List<Object>) map(policy, "Properties", "PolicyDocument").get("Statement")) {
                    Map<String, Object> grant = (Map<String, Object>) statement;
                    assertThat(grant.get("Effect")).isEqualTo("Allow");
                    grants.add(grant.get("Action") + " on " + ((Map<String, Object>) grant.get("Resource")).get("Ref"));
                }
            }
        }
        return grants;
    }

    @Test
    void withoutSecretArnsTheFunctionsReadTheParametersAndGetNoSecretsPolicy() {
        Map<String, String> parameters = Map.of("MongoDbSecretArn", "", "RedisSecretArn", "", "RuntimeMode", "managed");
        Map<String, Object> template = transformed("{\"MongoDbUri\": \"mongodb://a\"}");
        Map<String, Object> conditions = map(template, "Conditions");

        Map<String, Object> variables = resolved(
                map(template, "Resources", "GetUserFunction", "Properties", "Environment", "Variables"), conditions,
                parameters);
        assertThat(variables).containsEntry("MONGODB_URI", Map.of("Ref", "MongoDbUri"))
            .containsEntry("REDIS_PASSWORD", Map.of("Ref", "RedisPassword"))
            .doesNotContainKeys("SECRETS_MONGODB_ARN", "SECRETS_REDIS_ARN");
        assertThat(Conditions.holds("HasSecrets", conditions, parameters)).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void snapStartIsOnAndTracingOffByDefaultAndTracingAddsItsPermission() throws IOException {
        Map<String, Object> parameters = map(CloudFormationYaml.read(TemplateTest.ROOT.resolve("template.yaml")),
                "Parameters");
        assertThat(map(parameters, "EnableSnapStart").get("Default")).isEqualTo("true");
        assertThat(map(parameters, "TracingMode").get("Default")).isEqualTo("Disabled");

        Map<String, Object> untraced = map(transformed("{}"), "Resources");
        Map<String, Object> traced = map(transformed("{\"TracingMode\": \"Active\"}"), "Resources");

        assertThat(map(untraced, "GetUserFunction", "Properties")).doesNotContainKey("TracingConfig");
        assertThat((List<Object>) map(untraced, "GetUserFunctionRole", "Properties").get("ManagedPolicyArns"))
            .noneMatch(arn -> arn.toString().contains("XRay") || arn.toString().contains("Xray"));
        assertThat(map(traced, "GetUserFunction", "Properties").get("TracingConfig"))
            .isEqualTo(Map.of("Mode", Map.of("Ref", "TracingMode")));
        assertThat((List<Object>) map(traced, "GetUserFunctionRole", "Properties").get("ManagedPolicyArns"))
            .anyMatch(arn -> arn.toString().contains("AWSXrayWriteOnlyAccess"));
    }

    /**
     * {@code value} with every {@code Fn::If} decided as CloudFormation would for
     * {@code parameters}, and what resolves to {@code AWS::NoValue} left out.
     */
    @SuppressWarnings("unchecked")
    private static <T> T resolved(T value, Map<String, Object> conditions, Map<String, String> parameters) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Fn::If")) {
                List<Object> branches = (List<Object>) map.get("Fn::If");
                return (T) resolved(Conditions.holds((String) branches.get(0), conditions, parameters) ? branches.get(1)
                        : branches.get(2), conditions, parameters);
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            map.forEach((key, entry) -> {
                Object decided = resolved(entry, conditions, parameters);
                if (!isNoValue(decided)) {
                    kept.put((String) key, decided);
                }
            });
            return (T) kept;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream()
                .map(entry -> resolved(entry, conditions, parameters))
                .filter(entry -> !isNoValue(entry))
                .toList();
        }
        return value;
    }

    private static boolean isNoValue(Object value) {
        return value instanceof Map<?, ?> map && "AWS::NoValue".equals(map.get("Ref"));
    }

    @Test
    void alarmsExistOnlyWithATopicAndAllGoToIt() {
        Map<String, Object> template = transformed("{\"MongoDbUri\": \"mongodb://a\"}");
        Set<String> alarms = resourcesOfType(template, "AWS::CloudWatch::Alarm");

        assertThat(alarms).hasSize(8);
        for (String alarm : alarms) {
            Map<String, Object> resource = map(template, "Resources", alarm);
            assertThat(resource.get("Condition")).as(alarm).isEqualTo("WithAlarms");
            Map<String, Object> properties = map(resource, "Properties");
            assertThat(properties.get("AlarmActions")).as(alarm).isEqualTo(List.of(Map.of("Ref", "AlarmTopicArn")));
            assertThat(properties.get("TreatMissingData")).as(alarm).isEqualTo("notBreaching");
        }
        Map<String, Object> conditions = map(template, "Conditions");
        assertThat(Conditions.holds("WithAlarms", conditions, Map.of("AlarmTopicArn", ""))).isFalse();
        assertThat(Conditions.holds("WithAlarms", conditions,
                Map.of("AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:oncall")))
            .isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAlarmsWatchWhatTheFunctionsWrite() {
        Map<String, Object> template = transformed("{\"MongoDbUri\": \"mongodb://a\"}");
        Set<String> functionNames = TemplateTest.FUNCTIONS.stream()
            .map(TemplateTest.Expected::name)
            .collect(Collectors.toSet());
        Object namespace = null;
        for (TemplateTest.Expected function : TemplateTest.FUNCTIONS) {
            namespace = map(template, "Resources", function.resource(), "Properties", "Environment", "Variables")
                .get("METRICS_NAMESPACE");
            assertThat(namespace).isEqualTo(Map.of("Fn::Sub", "UserFunctions/${AWS::StackName}"));
        }
        Set<String> lambdaAlarms = new java.util.HashSet<>();
        for (String alarm : resourcesOfType(template, "AWS::CloudWatch::Alarm")) {
            Map<String, Object> properties = map(template, "Resources", alarm, "Properties");
            if ("AWS/Lambda".equals(properties.get("Namespace"))) {
                Map<String, Object> dimension = ((List<Map<String, Object>>) properties.get("Dimensions")).get(0);
                assertThat(dimension.get("Name")).isEqualTo("FunctionName");
                lambdaAlarms.add(
                        ((Map<String, Object>) dimension.get("Value")).get("Ref") + " " + properties.get("MetricName"));
                continue;
            }
            List<Map<String, Object>> metrics = (List<Map<String, Object>>) properties.get("Metrics");
            assertThat(metrics).filteredOn(metric -> Boolean.TRUE.equals(metric.get("ReturnData"))).hasSize(1);
            for (Map<String, Object> query : metrics) {
                if (query.containsKey("Expression")) {
                    continue;
                }
                Map<String, Object> metric = map(query, "MetricStat", "Metric");
                assertThat(metric.get("Namespace")).as(alarm).isEqualTo(namespace);
                assertThat(EmfMetrics.metricNames()).as(alarm).contains((String) metric.get("MetricName"));
                for (Map<String, Object> dimension : (List<Map<String, Object>>) metric.get("Dimensions")) {
                    switch ((String) dimension.get("Name")) {
                        case "function" -> assertThat(functionNames).contains((String) dimension.get("Value"));
                        case "outcome" -> assertThat(dimension.get("Value")).isIn("HIT", "MISS", "BYPASS");
                        default -> throw new AssertionError(alarm + ": unexpected dimension " + dimension);
                    }
                }
            }
        }
        assertThat(lambdaAlarms).containsExactlyInAnyOrder("GetUserFunction Errors", "GetUserFunction Throttles",
                "SeedUsersFunction Errors", "SeedUsersFunction Throttles", "CountUsersFunction Errors",
                "CountUsersFunction Throttles");
    }

    @Test
    void cfnLintFindsNothingWithAlarmsOnEither() throws Exception {
        assumeTrue(Commands.onPath("cfn-lint"),
                () -> Tools.skipped("cfn-lint is not installed (pip install cfn-lint)"));
        Path withAlarms = TemplateTest.ROOT.resolve("deploy/target/template-with-alarms.yaml");
        Files.createDirectories(withAlarms.getParent());
        String template = Files.readString(TemplateTest.ROOT.resolve("template.yaml"));
        String alarmsOn = template.replaceFirst("(AlarmTopicArn:\\n    Type: String\\n    Default: )\"\"",
                "$1\"arn:aws:sns:eu-west-1:123456789012:oncall\"");
        assertThat(alarmsOn).isNotEqualTo(template);
        Files.writeString(withAlarms, alarmsOn);

        Tools.Result result = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(120),
                List.of("cfn-lint", withAlarms.toString()));

        assertThat(result.exitCode()).as("cfn-lint findings:\n" + result.output()).isZero();
    }

}
