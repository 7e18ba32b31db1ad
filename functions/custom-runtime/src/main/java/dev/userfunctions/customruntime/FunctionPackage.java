package dev.userfunctions.customruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One function as a custom-runtime package: its module, Lambda jar and handler (the
 * template's), and the invocations its AOT cache is trained on, which walk the paths its
 * first answers take: every event shape its tests hold (API Gateway REST and HTTP API,
 * Function URL, ALB), a direct invocation, good and bad input, and an event of a kind it
 * does not serve.
 *
 * @param module the module under {@code functions/}, and the package's name
 * @param functionName the function's name, as Lambda reports it
 * @param handler template.yaml's handler
 * @param jar the module's Lambda jar
 * @param trainingEvents the events, in the order they are invoked
 */
public record FunctionPackage(String module, String functionName, String handler, Path jar,
        List<String> trainingEvents) {

    /** The user getUser is trained to find; it is inserted before its training. */
    public static final String TRAINED_USER = "trained1";

    /** The three functions of the repository at {@code root}. */
    public static List<FunctionPackage> all(Path root) {
        return List.of(getUser(root), seedUsers(root), countUsers(root));
    }

    /** The package's zip, in {@code target}. */
    public Path zip(Path target) {
        return target.resolve(module + ".zip");
    }

    private static FunctionPackage getUser(Path root) {
        List<String> events = new ArrayList<>();
        // A miss, then a hit, a name that is not there, and a name that is refused.
        for (String event : eventFixtures(root, "get-user")) {
            for (String name : List.of(TRAINED_USER, TRAINED_USER, "ghost", "$where")) {
                events.add(event.replace("NAME", name));
            }
        }
        events.add("{\"name\": \"" + TRAINED_USER + "\"}");
        events.add(wrongKindOfEvent(root));
        return new FunctionPackage("get-user", "getUser",
                "dev.userfunctions.getuser.lambda.GetUserHandler::handleRequest", lambdaJar(root, "get-user"), events);
    }

    private static FunctionPackage seedUsers(Path root) {
        List<String> events = new ArrayList<>();
        for (String event : eventFixtures(root, "seed-users")) {
            for (String body : List.of("{\"prefix\": \"trained\", \"count\": 20}", "{\"count\": -1}")) {
                events.add(event.replace("\"BODY\"", quoted(body)));
            }
        }
        events.add("{\"prefix\": \"trained\", \"count\": 20}");
        events.add(wrongKindOfEvent(root));
        return new FunctionPackage("seed-users", "seedUsers",
                "dev.userfunctions.seedusers.lambda.SeedUsersHandler::handleRequest", lambdaJar(root, "seed-users"),
                events);
    }

    private static FunctionPackage countUsers(Path root) {
        List<String> events = new ArrayList<>();
        for (String event : eventFixtures(root, "count-users")) {
            events.add(event);
            events.add(event);
        }
        events.add("{}");
        events.add(wrongKindOfEvent(root));
        return new FunctionPackage("count-users", "countUsers",
                "dev.userfunctions.countusers.lambda.CountUsersHandler::handleRequest", lambdaJar(root, "count-users"),
                events);
    }

    private static Path lambdaJar(Path root, String module) {
        return root.resolve("functions").resolve(module).resolve("target").resolve(module + "-aws.jar");
    }

    /** The event shapes the module's tests invoke it with. */
    private static List<String> eventFixtures(Path root, String module) {
        try (Stream<Path> files = Files.list(root.resolve("functions/" + module + "/src/test/resources/events"))) {
            return files.sorted().map(FunctionPackage::read).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SQS event, which no function serves: the invocation fails. */
    public static String wrongKindOfEvent(Path root) {
        return read(root.resolve("functions/shared/aws-adapter/src/test/resources/aws-events/golang-sqs-event.json"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text} as a JSON string. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

}
