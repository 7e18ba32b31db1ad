package dev.userfunctions.getuser;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.embedded.EmbeddedStack;
import dev.userfunctions.embedded.EmbeddedStackExtension;
import dev.userfunctions.getuser.lambda.GetUserLambda;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold start of the getUser Lambda jar: five fresh JVMs, each from process start to its first answer through
 * {@code FunctionInvoker} (Spring context, MongoDB client and Redis Cluster connection included). Median and
 * runs go to {@code target/cold-start.txt}.
 */
class ColdStartIT {

    static final int RUNS = 5;
    private static final Pattern RESULT = Pattern.compile("COLD-START total=(\\d+) init=(\\d+) answer=(.*)");

    @Test
    void freshJvmToFirstAnswer() throws Exception {
        Path jar = Path.of("target", "get-user-aws.jar");
        assertThat(jar).as("the Lambda jar is built in the package phase").exists();
        EmbeddedStack stack = EmbeddedStackExtension.shared();
        stack.mongo().startServer();
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            var users = mongo.getDatabase("cold_start").getCollection("users");
            users.drop();
            users.insertOne(new Document("name", "ly1").append("age", 1));
        }
        Path event = Files.createTempFile("event", ".json");
        try (var in = getClass().getResourceAsStream("/events/rest-api-v1.json")) {
            Files.writeString(event, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAME", "ly1"));
        }

        List<Long> totals = new ArrayList<>();
        List<Long> inits = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Matcher result = runProbe(jar, event, stack);
            totals.add(Long.parseLong(result.group(1)));
            inits.add(Long.parseLong(result.group(2)));
            assertThat(result.group(3)).contains("\"statusCode\":200").contains("ly1");
        }
        Files.deleteIfExists(event);
        long median = totals.stream().sorted().toList().get(RUNS / 2);
        String report = """
                Cold start of get-user-aws.jar through FunctionInvoker (ColdStartIT: ./mvnw -B verify -pl functions/get-user -am -Dit.test=ColdStartIT -Dfailsafe.failIfNoSpecifiedTests=false)
                JDK %s, %d cores; JVM start to first answer, %d fresh JVMs: median %d ms; runs %s ms; of which init (context and clients) %s ms
                """.formatted(System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), RUNS, median, totals, inits);
        System.out.print(report);
        Files.writeString(Path.of("target", "cold-start.txt"), report);
        assertThat(median).as("a cold start that takes longer than 30 s here would time out a Lambda").isLessThan(30_000);
    }

    private static Matcher runProbe(Path jar, Path event, EmbeddedStack stack) throws IOException, InterruptedException {
        String classpath = jar.toAbsolutePath() + System.getProperty("path.separator") + Path.of("target", "test-classes").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, ColdStartProbe.class.getName(), event.toString()).redirectErrorStream(true);
        builder.environment().put("MAIN_CLASS", GetUserLambda.class.getName());
        builder.environment().put("MONGODB_URI", stack.mongoUri());
        builder.environment().put("MONGODB_DATABASE", "cold_start");
        builder.environment().put("REDIS_NODES", stack.redisSeeds());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        Matcher result = output.lines().map(RESULT::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("No result from the probe:\n" + output));
        return result;
    }
}
