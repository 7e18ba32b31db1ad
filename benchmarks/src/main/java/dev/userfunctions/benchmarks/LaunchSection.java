package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.harness.MotoServer;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import dev.userfunctions.users.UserCacheKeys;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static dev.userfunctions.benchmarks.FirstAnswers.answered200;
import static dev.userfunctions.benchmarks.FirstAnswers.firstAnswerMillis;
import static dev.userfunctions.benchmarks.FirstAnswers.runs;
import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/**
 * A new environment's first answer: each function's Lambda jar started in the harness
 * (Lambda's runtime loop on a JDK 25 with the java25 runtime's flags, a fresh JVM per
 * run) from launch to its first answer, against the floor (benchmarks/floor-function:
 * only the I/O a getUser answer cannot avoid, with {@code MongoTemplate}), side by side:
 * at the CPU share Lambda gives 1,024 MB and on whole cores, one environment at a time,
 * variants interleaved round by round. Then a SnapStart restore to the first answer, the
 * jars, and the classes each first answer loaded.
 */
final class LaunchSection extends StackSection {

    private static final String DATABASE = "bench_launch";

    private static final int ROUNDS = 5;

    /** Warm invocations after a restore, per environment. */
    private static final int WARM_INVOCATIONS = 50;

    private static final String FLOOR = "floor (only the I/O, with MongoTemplate)";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    LaunchSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    /**
     * A function as the template deploys it, the event of its first answer, and variables
     * of its own.
     */
    private record Variant(String name, Path jar, String handler, String event, Map<String, String> variables) {

        Variant(String name, Path jar, String handler, String event) {
            this(name, jar, handler, event, Map.of());
        }

    }

    private static final String SECRETS = "getUser, MongoDB URI from Secrets Manager (moto's server, local)";

    @Override
    void measure() throws Exception {
        for (int i = 0; i < 10; i++) {
            stack.mongo().insertUser(DATABASE, "ly" + i, i);
        }
        try (MotoServer moto = MotoServer.available()
                ? MotoServer.start(root.resolve("benchmarks/target/moto-launch.log")) : null) {
            List<Variant> variants = new ArrayList<>(variants());
            if (moto != null) {
                Variant getUser = variants.get(1);
                variants.add(new Variant(SECRETS, getUser.jar(), getUser.handler(), getUser.event(),
                        secretsManagerVariables(moto)));
            }
            measure(variants, moto != null);
        }
    }

    /**
     * The MongoDB URI in a secret on moto, and the variables that make getUser read it.
     */
    private Map<String, String> secretsManagerVariables(MotoServer moto) {
        try (SecretsManagerClient secrets = moto.secretsManager()) {
            String arn = secrets
                .createSecret(
                        request -> request.name("bench/launch").secretString("{\"uri\": \"" + stack.mongoUri() + "\"}"))
                .arn();
            return Map.of("SECRETS_MONGODB_ARN", arn, "AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint());
        }
    }

    private void measure(List<Variant> variants, boolean withSecrets) throws IOException {
        Map<String, List<Double>> share = new LinkedHashMap<>();
        Map<String, List<Double>> whole = new LinkedHashMap<>();
        String describe = "";
        for (int round = 0; round < ROUNDS; round++) {
            for (Variant variant : variants) {
                for (boolean atShare : List.of(true, false)) {
                    try (LambdaEnvironment environment = environment(variant, atShare, false).start()) {
                        double millis = firstAnswerMillis(environment, variant.event(), variant.name());
                        (atShare ? share : whole).computeIfAbsent(variant.name(), name -> new ArrayList<>())
                            .add(millis);
                        if (atShare) {
                            describe = environment.describe();
                        }
                    }
                }
            }
        }
        double floorShare = Stats.median(share.get(FLOOR));
        double floorWhole = Stats.median(whole.get(FLOOR));
        md.append("Launch → first answer: from the `exec` of the environment's JVM to the runtime receiving its "
                + "first response (the init phase, then one invocation), each environment a fresh JVM on the "
                + "function's Lambda jar under Lambda's runtime loop, ")
            .append(ROUNDS)
            .append(" rounds, variants interleaved, one environment at a time (")
            .append(describe.replaceAll(" \\(pid \\d+\\)", ""))
            .append("). The floor is `FloorHandler` in its own jar: a Lettuce cluster connection, a `MongoClient` "
                    + "under `MongoTemplate`, Jackson, one `GET` (and a `find` on a miss). Each first answer is a "
                    + "cache hit for getUser and the floor, a 10-user seed for seedUsers (idempotent after the first "
                    + "round), a count for countUsers.\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Variant variant : variants) {
            List<Double> atShare = share.get(variant.name());
            List<Double> atWhole = whole.get(variant.name());
            rows.add(List.of(variant.name(), number(Stats.median(atShare)),
                    "%.2f×".formatted(Stats.median(atShare) / floorShare), number(Stats.median(atWhole)),
                    "%.2f×".formatted(Stats.median(atWhole) / floorWhole), runs(atShare), runs(atWhole)));
        }
        md.append(table(List.of("variant", "0.58 vCPU median ms", "vs floor", "whole cores median ms", "vs floor",
                "runs at 0.58 vCPU", "runs on whole cores"), rows));
        double getUserShare = Stats.median(share.get("getUser")) / floorShare;
        double getUserWhole = Stats.median(whole.get("getUser")) / floorWhole;
        headlines.put("a new environment",
                ("getUser answers %.2f s after launch at 0.58 vCPU, %.2f× the floor "
                        + "doing only the same I/O (%.2f× on whole cores, %.2f s)")
                    .formatted(Stats.median(share.get("getUser")) / 1000, getUserShare, getUserWhole,
                            Stats.median(whole.get("getUser")) / 1000));
        md.append(withSecrets ? ("\nReading the MongoDB URI from AWS Secrets Manager in the init phase (the AWS SDK's "
                + "client, its credentials chain and one `GetSecretValue`, against moto's server on this machine, so "
                + "without the network's round trip) adds **%s ms** at 0.58 vCPU and %s ms on whole cores.\n")
            .formatted(number(Stats.median(share.get(SECRETS)) - Stats.median(share.get("getUser"))),
                    number(Stats.median(whole.get(SECRETS)) - Stats.median(whole.get("getUser"))))
                : "\nThe Secrets Manager variant was not run: python3 cannot run moto's server here.\n");
        snapStartRestores(variants.get(1));
        jarsAndClasses(variants.subList(0, 4));
    }

    private List<Variant> variants() throws IOException {
        ObjectNode floorEvent = (ObjectNode) JSON.readTree(FirstAnswers.restEvent(root, "get-user", "ly1"));
        floorEvent.put("cacheKey", UserCacheKeys.byName("ly1"));
        return List.of(
                new Variant(FLOOR, root.resolve("benchmarks/floor-function/target/floor-function-aws.jar"),
                        "dev.userfunctions.benchmarks.floor.FloorHandler::handleRequest", floorEvent.toString()),
                new Variant("getUser", getUserLambdaJar(), GET_USER_HANDLER,
                        FirstAnswers.restEvent(root, "get-user", "ly1")),
                new Variant("seedUsers", root.resolve("functions/seed-users/target/seed-users-aws.jar"),
                        "dev.userfunctions.seedusers.lambda.SeedUsersHandler::handleRequest",
                        FirstAnswers.restEvent(root, "seed-users", "")
                            .replace("\"BODY\"", JSON.writeValueAsString("{\"count\": 10, \"prefix\": \"launch\"}"))),
                new Variant("countUsers", root.resolve("functions/count-users/target/count-users-aws.jar"),
                        "dev.userfunctions.countusers.lambda.CountUsersHandler::handleRequest",
                        FirstAnswers.restEvent(root, "count-users", "")));
    }

    private LambdaEnvironment.Builder environment(Variant variant, boolean atShare, boolean snapStart) {
        LambdaEnvironment.Builder builder = LambdaEnvironment.builder(variant.jar(), variant.handler())
            .functionName(variant.name().split("[ ,]")[0])
            .variables(variant.variables())
            .snapStart(snapStart)
            .variable("MONGODB_URI", stack.mongoUri())
            .variable("MONGODB_DATABASE", DATABASE)
            .variable("REDIS_NODES", stack.redisSeeds())
            .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn");
        return atShare ? builder : builder.wholeCores();
    }

    /**
     * SnapStart: the hooks run after init, then the environment is restored; the time
     * from the restore to its first answer includes {@code afterRestore} reopening the
     * MongoDB client and the Redis Cluster connection. Measured with the java25 runtime's
     * choice under SnapStart (both JIT tiers) against C1 only (the on-demand choice),
     * with the warm invocations that follow: what decides the template's leaving the JIT
     * to the runtime.
     */
    private void snapStartRestores(Variant getUser) {
        Map<String, List<Double>> restores = new LinkedHashMap<>();
        Map<String, List<Double>> warm = new LinkedHashMap<>();
        Map<String, List<String>> jits = new LinkedHashMap<>();
        jits.put("both tiers (the runtime's choice under SnapStart)", List.of());
        jits.put("C1 only (-XX:TieredStopAtLevel=1)", List.of("-XX:TieredStopAtLevel=1"));
        for (int run = 0; run < ROUNDS; run++) {
            for (Map.Entry<String, List<String>> jit : jits.entrySet()) {
                LambdaEnvironment.Builder builder = environment(getUser, true, true);
                jit.getValue().forEach(builder::jvmOption);
                try (LambdaEnvironment environment = builder.start()) {
                    environment.awaitSnapshot();
                    long start = System.nanoTime();
                    environment.restore();
                    answered200(environment.invoke(getUser.event()), "getUser after a restore");
                    restores.computeIfAbsent(jit.getKey(), name -> new ArrayList<>())
                        .add((System.nanoTime() - start) / 1e6);
                    for (int i = 0; i < WARM_INVOCATIONS; i++) {
                        warm.computeIfAbsent(jit.getKey(), name -> new ArrayList<>())
                            .add(environment.invoke(getUser.event()).duration().toNanos() / 1e6);
                    }
                }
            }
        }
        md.append("\nSnapStart (the harness's restore: the runtime calls the `org.crac` hooks in the same JVM, "
                + "so the restore of a snapshot itself is not in it): getUser's restore → first answer, "
                + "`afterRestore` reopening MongoDB's client and the Redis Cluster connection included, and the ")
            .append(WARM_INVOCATIONS)
            .append(" invocations after it, at 0.58 vCPU, ")
            .append(ROUNDS)
            .append(" environments each, interleaved:\n\n");
        List<List<String>> rows = new ArrayList<>();
        jits.keySet()
            .forEach(jit -> rows.add(
                    List.of(jit, number(Stats.median(restores.get(jit))), "%.2f".formatted(Stats.median(warm.get(jit))),
                            "%.2f".formatted(Stats.percentile(warm.get(jit), 99)), runs(restores.get(jit)))));
        md.append(table(List.of("JIT", "restore → first answer, median ms", "warm invocation median ms", "warm p99 ms",
                "restores ms"), rows));
    }

    /** Each jar's size, and the classes its first answer loaded (on whole cores). */
    private void jarsAndClasses(List<Variant> variants) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Variant variant : variants) {
            Path log = Files.createTempFile("class-load", ".log");
            try (LambdaEnvironment environment = environment(variant, false, false)
                .jvmOption("-Xlog:class+load=info:file=" + log)
                .start()) {
                firstAnswerMillis(environment, variant.event(), variant.name());
                long classes;
                try (var lines = Files.lines(log)) {
                    classes = lines.count();
                }
                rows.add(List.of(variant.name(), "%.1f".formatted(Files.size(variant.jar()) / 1e6),
                        "%,d".formatted(entries(variant.jar())), "%.1f".formatted(unpacked(variant.jar()) / 1e6),
                        "%,d".formatted(classes)));
            }
            finally {
                Files.deleteIfExists(log);
            }
        }
        md.append("\nThe jars, and the classes loaded by the first answer (`-Xlog:class+load`, the JDK's and the "
                + "runtime interface client's included):\n\n")
            .append(table(List.of("variant", "jar MB", "entries", "unpacked MB", "classes loaded"), rows));
    }

    private static long entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.size();
        }
    }

    private static long unpacked(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().mapToLong(ZipEntry::getSize).sum();
        }
    }

}
