package dev.userfunctions.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.userfunctions.aws.telemetry.EmfPublisher;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        translatorInstalled = Tools.onPath("python3") && Tools
            .run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(30), List.of("python3", "-c", "import samtranslator"))
            .exitCode() == 0;
    }

    @Test
    void cfnLintFindsNothing() {
        assumeTrue(Tools.onPath("cfn-lint"), () -> Tools.skipped("cfn-lint is not installed (pip install cfn-lint)"));

        Tools.Result result = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(120),
                List.of("cfn-lint", "template.yaml"));

        assertThat(result.exitCode()).as("cfn-lint findings:\n" + result.output()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> transformed(String parametersJson) {
        assumeTrue(translatorInstalled,
                () -> Tools.skipped("aws-sam-translator is not installed (pip install aws-sam-translator)"));
        Tools.Result result = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(60),
                List.of("python3", "deploy/src/test/python/sam_transform.py", "template.yaml", parametersJson));
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
        assertThat(conditions.get("WithSnapStart"))
            .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "EnableSnapStart"), "true")));
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
                assertThat(EmfPublisher.metricNames()).as(alarm).contains((String) metric.get("MetricName"));
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
        assumeTrue(Tools.onPath("cfn-lint"), () -> Tools.skipped("cfn-lint is not installed (pip install cfn-lint)"));
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
