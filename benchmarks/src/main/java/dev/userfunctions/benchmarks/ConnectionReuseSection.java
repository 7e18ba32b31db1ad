package dev.userfunctions.benchmarks;

import dev.userfunctions.embedded.EmbeddedStack;
import dev.userfunctions.getuser.lambda.GetUserLambda;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/** Clients built once per environment against clients built per invocation. */
final class ConnectionReuseSection extends StackSection {

    ConnectionReuseSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        try (Components seed = new Components(stack, "bench_reuse")) {
            seed.users.upsertRange("ly", 0, 10);
        }
        System.setProperty("MAIN_CLASS", GetUserLambda.class.getName());
        System.setProperty("mongodb.uri", stack.mongoUri());
        System.setProperty("mongodb.database", "bench_reuse");
        System.setProperty("redis.nodes", stack.redisSeeds());
        FunctionInvoker invoker = new FunctionInvoker();
        byte[] event = "{\"name\": \"ly1\"}".getBytes(StandardCharsets.UTF_8);
        Runnable warm = () -> WarmPathProbe.invoke(invoker, event);
        Runnable fresh = () -> {
            try (Components c = new Components(stack, "bench_reuse")) {
                c.cache.user("ly1", () -> c.users.findByName("ly1"));
            }
        };
        SideBySide.Result r = SideBySide.run("one invoker, warm", warm, "clients built per invocation", fresh, 5, 6,
                10);
        md.append("getUser invocations through one `FunctionInvoker` whose clients were built in the init phase, "
                + "against building the ")
            .append("Redis Cluster connection and the MongoDB client for every invocation and closing them after "
                    + "(the replaced app's way). ")
            .append("Interleaved rounds, 60 calls each.\n\n");
        md.append(table(List.of("", "median ms", "p99 ms"),
                List.of(List.of(r.a(), number(r.aMedian() / 1000), number(Stats.percentile(r.aMicros(), 99) / 1000)),
                        List.of(r.b(), number(r.bMedian() / 1000), number(Stats.percentile(r.bMicros(), 99) / 1000)))));
        md.append("\n**Building clients per invocation is %.0f× slower** (medians); connection counts for 1,000 "
                + "invocations are in the README (ConnectionReuseIT).\n".formatted(1 / r.ratio()));
        headlines.put("connection reuse",
                "per-invocation clients are %.0f× slower than reused ones".formatted(1 / r.ratio()));
    }

}
