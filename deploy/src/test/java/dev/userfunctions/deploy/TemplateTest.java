package dev.userfunctions.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml agrees with the code: handler, main classes, function beans, jars, paths,
 * methods, auth.
 */
class TemplateTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static Map<String, Object> template;

    record Expected(String resource, String module, String name, String path, String method, boolean iam) {

        /**
         * The function FunctionInvoker runs: the function behind the API Gateway adapter.
         */
        String definition() {
            return name + "OnApiGateway";
        }

    }

    static final List<Expected> FUNCTIONS = List.of(
            new Expected("GetUserFunction", "get-user", "getUser", "/users/{name}", "get", false),
            new Expected("SeedUsersFunction", "seed-users", "seedUsers", "/users/seed", "post", true),
            new Expected("CountUsersFunction", "count-users", "countUsers", "/users/count", "get", false));

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
    void isASamTemplateWithJava21Globals() {
        assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        Map<String, Object> globals = map(template, "Globals", "Function");
        assertThat(globals.get("Runtime")).isEqualTo("java21");
        assertThat(globals).containsKeys("MemorySize", "Timeout", "Environment", "SnapStart", "VpcConfig");
        assertThat(map(globals, "Environment", "Variables")).containsKeys("MONGODB_URI", "MONGODB_DATABASE",
                "REDIS_NODES", "REDIS_PASSWORD", "REDIS_TLS", "REDIS_ADDRESS_MAP");
    }

    @Test
    void theHandlerIsSpringCloudFunctionsInvoker() throws Exception {
        String handler = (String) map(template, "Globals", "Function").get("Handler");
        String[] classAndMethod = handler.split("::");
        Class<?> type = Class.forName(classAndMethod[0]);
        assertThat(Arrays.stream(type.getMethods()).map(Method::getName)).contains(classAndMethod[1]);
        assertThat(classAndMethod[0]).isEqualTo("org.springframework.cloud.function.adapter.aws.FunctionInvoker");
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
    void everyFunctionMatchesItsModuleJarMainClassBeanAndRoute() throws Exception {
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
            assertThat(Files.readString(ROOT.resolve("functions/" + expected.module() + "/pom.xml")))
                .contains("<start-class>");

            Map<String, Object> variables = map(properties, "Environment", "Variables");
            assertThat(variables.get("SPRING_CLOUD_FUNCTION_DEFINITION")).isEqualTo(expected.definition());
            Class<?> mainClass = Class.forName((String) variables.get("MAIN_CLASS"));
            Method bean = mainClass.getDeclaredMethod(expected.definition(),
                    beanParameters(mainClass, expected.definition()));
            assertThat(bean.isAnnotationPresent(Bean.class))
                .as(mainClass.getSimpleName() + "." + expected.definition() + " is a @Bean")
                .isTrue();
            assertThat(Function.class.isAssignableFrom(bean.getReturnType())).isTrue();
            assertThat(Files.readString(ROOT.resolve("functions/" + expected.module() + "/pom.xml")))
                .contains("<start-class>" + mainClass.getName() + "</start-class>");

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

    private static Class<?>[] beanParameters(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods())
            .filter(m -> m.getName().equals(name))
            .findFirst()
            .map(Method::getParameterTypes)
            .orElseThrow(() -> new AssertionError(type.getName() + " has no bean method " + name));
    }

    static Map<String, Object> map(Object value) {
        return map(value, new String[0]);
    }

}
