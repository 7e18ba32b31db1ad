package dev.userfunctions.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml agrees with the code: runtime, handlers, jars, paths, methods, auth,
 * Function URLs.
 */
class TemplateTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static Map<String, Object> template;

    record Expected(String resource, String module, String name, String handler, String path, String method,
            boolean iam) {
    }

    static final List<Expected> FUNCTIONS = List.of(
            new Expected("GetUserFunction", "get-user", "getUser", "dev.userfunctions.getuser.lambda.GetUserHandler",
                    "/users/{name}", "get", false),
            new Expected("SeedUsersFunction", "seed-users", "seedUsers",
                    "dev.userfunctions.seedusers.lambda.SeedUsersHandler", "/users/seed", "post", true),
            new Expected("CountUsersFunction", "count-users", "countUsers",
                    "dev.userfunctions.countusers.lambda.CountUsersHandler", "/users/count", "get", false));

    @BeforeAll
    static void parse() throws Exception {
        template = CloudFormationYaml.read(ROOT.resolve("template.yaml"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            assertThat(current).as("template has " + String.join(".", path)).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        assertThat(current).as(String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) current;
    }

    @Test
    void isASamTemplateWithJava25Globals() {
        assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        Map<String, Object> globals = map(template, "Globals", "Function");
        assertThat(globals.get("Runtime"))
            .isEqualTo(Map.of("Fn::If", List.of("CustomRuntime", "provided.al2023", Map.of("Ref", "JavaRuntime"))));
        assertThat(map(template, "Parameters", "JavaRuntime").get("Default")).isEqualTo("java25");
        assertThat(globals.get("Architectures")).isEqualTo(List.of(Map.of("Ref", "Architecture")));
        assertThat(map(template, "Parameters", "Architecture").get("AllowedValues"))
            .isEqualTo(List.of("x86_64", "arm64"));
        assertThat(globals).containsKeys("MemorySize", "Timeout", "Environment", "SnapStart", "VpcConfig");
        assertThat(map(globals, "Environment", "Variables"))
            .containsKeys("MONGODB_URI", "MONGODB_DATABASE", "REDIS_NODES", "REDIS_PASSWORD", "REDIS_TLS",
                    "REDIS_ADDRESS_MAP")
            .as("managed: C1 only under SnapStart too, by measurement (docs/BENCHMARKS.md section 5); custom: the "
                    + "bootstrap's flags")
            .containsEntry("JAVA_TOOL_OPTIONS", Map.of("Fn::If", List.of("CustomRuntime", Map.of("Ref", "AWS::NoValue"),
                    "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")));
    }

    @Test
    void theRuntimeModeIsManagedByDefaultAndCustomHasNoSnapStartAndRunsOnX86Only() {
        assertThat(map(template, "Parameters", "RuntimeMode")).containsEntry("Default", "managed")
            .containsEntry("AllowedValues", List.of("managed", "custom"));
        Map<String, Object> conditions = map(template, "Conditions");
        for (String mode : List.of("managed", "custom")) {
            Map<String, String> parameters = Map.of("RuntimeMode", mode, "EnableSnapStart", "true");
            assertThat(Conditions.holds("CustomRuntime", conditions, parameters)).as(mode)
                .isEqualTo(mode.equals("custom"));
            assertThat(Conditions.holds("WithSnapStart", conditions, parameters)).as(mode)
                .isEqualTo(mode.equals("managed"));
        }
        Map<String, Object> rule = map(template, "Rules", "CustomRuntimeOnX86");
        @SuppressWarnings("unchecked")
        Map<String, Object> assertion = ((List<Map<String, Object>>) rule.get("Assertions")).get(0);
        Map<String, Object> expressions = Map.of("applies", rule.get("RuleCondition"), "holds",
                assertion.get("Assert"));
        for (String mode : List.of("managed", "custom")) {
            for (String architecture : List.of("x86_64", "arm64")) {
                Map<String, String> parameters = Map.of("RuntimeMode", mode, "Architecture", architecture);
                boolean refused = Conditions.holds("applies", expressions, parameters)
                        && !Conditions.holds("holds", expressions, parameters);
                assertThat(refused).as(mode + " on " + architecture)
                    .isEqualTo(mode.equals("custom") && architecture.equals("arm64"));
            }
        }
        assertThat((String) assertion.get("AssertDescription")).contains("x86_64");
    }

    @Test
    void functionUrlsAreOffByDefaultOnTheLiveAliasAndSeedingIsNeverPublic() {
        assertThat(map(template, "Parameters", "FunctionUrls").get("Default")).isEqualTo("off");
        for (String function : List.of("GetUser", "SeedUsers", "CountUsers")) {
            Map<String, Object> url = map(template, "Resources", function + "FunctionUrl");
            assertThat(url.get("Condition")).isEqualTo("WithFunctionUrls");
            assertThat(map(url, "Properties").get("Qualifier")).isEqualTo("live");
        }
        assertThat(map(template, "Resources", "SeedUsersFunctionUrl", "Properties").get("AuthType"))
            .isEqualTo("AWS_IAM");
        for (String function : List.of("GetUser", "CountUsers")) {
            assertThat(map(template, "Resources", function + "PublicUrlPermission", "Properties"))
                .containsEntry("Action", "lambda:InvokeFunctionUrl")
                .containsEntry("FunctionUrlAuthType", "NONE");
            assertThat(map(template, "Resources", function + "PublicInvokePermission", "Properties"))
                .containsEntry("Action", "lambda:InvokeFunction")
                .containsEntry("InvokedViaFunctionUrl", true);
        }
        assertThat(map(template, "Resources")).doesNotContainKeys("SeedUsersPublicUrlPermission",
                "SeedUsersPublicInvokePermission");
    }

    @Test
    void secretsAreNoEchoParametersAndVpcAndSnapStartAreOptional() {
        Map<String, Object> parameters = map(template, "Parameters");
        assertThat(map(parameters, "MongoDbUri").get("NoEcho")).isEqualTo(true);
        assertThat(map(parameters, "RedisPassword").get("NoEcho")).isEqualTo(true);
        assertThat(map(parameters, "RedisNodes")).containsKey("Type");
        assertThat(map(template, "Conditions")).containsKeys("InVpc", "WithSnapStart");
        Map<String, Object> vpc = map(template, "Globals", "Function", "VpcConfig");
        assertThat(vpc).containsKey("Fn::If");
        assertThat(((List<?>) vpc.get("Fn::If")).get(0)).isEqualTo("InVpc");
        assertThat(((List<?>) vpc.get("Fn::If")).get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
        assertThat(map(template, "Outputs", "ApiUrl").get("Value")).isInstanceOf(Map.class);
    }

    @Test
    void everyFunctionMatchesItsModuleJarHandlerAndRoute() throws Exception {
        Map<String, Object> resources = map(template, "Resources");
        assertThat(resources.entrySet()
            .stream()
            .filter(e -> "AWS::Serverless::Function".equals(((Map<?, ?>) e.getValue()).get("Type"))))
            .hasSize(FUNCTIONS.size());
        for (Expected expected : FUNCTIONS) {
            Map<String, Object> properties = map(resources, expected.resource(), "Properties");

            String codeUri = (String) properties.get("CodeUri");
            assertThat(codeUri)
                .isEqualTo("functions/" + expected.module() + "/target/" + expected.module() + "-aws.jar");
            assertThat(ROOT.resolve(codeUri)).as("the build produced " + codeUri).exists();

            String[] classAndMethod = ((String) properties.get("Handler")).split("::");
            assertThat(classAndMethod[0]).isEqualTo(expected.handler());
            Class<?> handler = Class.forName(classAndMethod[0]);
            assertThat(RequestStreamHandler.class.isAssignableFrom(handler)).isTrue();
            assertThat(Arrays.stream(handler.getMethods()).map(Method::getName)).contains(classAndMethod[1]);

            Map<String, Object> events = map(properties, "Events");
            assertThat(events).hasSize(1);
            Map<String, Object> event = map(events.values().iterator().next());
            assertThat(event.get("Type")).isEqualTo("Api");
            Map<String, Object> api = map(event, "Properties");
            assertThat(api.get("Path")).isEqualTo(expected.path());
            assertThat(api.get("Method")).isEqualTo(expected.method());
            assertThat(api.get("RestApiId")).isEqualTo(Map.of("Ref", "UsersApi"));
            if (expected.iam()) {
                assertThat(map(api, "Auth").get("Authorizer")).isEqualTo("AWS_IAM");
            }
            else {
                assertThat(api).doesNotContainKey("Auth");
            }
        }
    }

    static Map<String, Object> map(Object value) {
        return map(value, new String[0]);
    }

}
