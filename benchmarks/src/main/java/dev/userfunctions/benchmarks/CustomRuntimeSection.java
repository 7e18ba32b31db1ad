package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.customruntime.CustomRuntimePackages;
import dev.userfunctions.customruntime.FunctionPackage;
import dev.userfunctions.customruntime.PackageZip;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.harness.LambdaEnvironment;
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
import java.util.Optional;
import java.util.function.Function;

import static dev.userfunctions.benchmarks.FirstAnswers.firstAnswerMillis;
import static dev.userfunctions.benchmarks.FirstAnswers.runs;
import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/**
 * The two deployment modes side by side: each function's launch → first answer as the
 * managed java25 runtime runs its jar, and as the OS-only runtime runs its custom-runtime
 * package (its own jlinked Temurin 25 and an AOT cache trained by running it), against
 * the floor handler packaged both ways, with and without its own cache; at 0.58 vCPU and
 * on whole cores, one environment at a time, variants interleaved round by round; with
 * the resident memory after the first answer and the artifacts' sizes. Then the JIT the
 * package's bootstrap chooses: C1 only against both tiers, first answer and the warm
 * invocations after it.
 */
final class CustomRuntimeSection extends StackSection {

    private static final String DATABASE = "bench_custom_runtime";

    private static final int ROUNDS = 5;

    private static final int WARM_INVOCATIONS = 50;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String FLOOR_HANDLER = "dev.userfunctions.benchmarks.floor.FloorHandler::handleRequest";

    CustomRuntimeSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    /**
     * One way to start a function: its name in the tables, its mode, the environment, the
     * event of its first answer, and the artifact it runs from.
     */
    private record Variant(String name, String mode, Function<Boolean, LambdaEnvironment.Builder> environment,
            String event, Path artifact) {
    }

    @Override
    void measure() throws Exception {
        Path packages = root.resolve("functions/custom-runtime/target");
        Optional<Path> jdk = LambdaEnvironment.java25Home();
        if (jdk.isEmpty() || !Files.isRegularFile(packages.resolve("get-user.zip"))) {
            md.append("Not run: no custom-runtime packages were built (" + LambdaEnvironment.noJava25("build them with")
                    + ").\n");
            return;
        }
        for (int i = 0; i < 10; i++) {
            stack.mongo().insertUser(DATABASE, "ly" + i, i);
        }
        Path work = root.resolve("benchmarks/target/custom-runtime");
        String floorEvent = floorEvent("ly1");
        Path floorJar = root.resolve("benchmarks/floor-function/target/floor-function-aws.jar");
        FunctionPackage floor = new FunctionPackage("floor-function", "floor", FLOOR_HANDLER, floorJar,
                List.of(floorEvent(FunctionPackage.TRAINED_USER), floorEvent(FunctionPackage.TRAINED_USER),
                        floorEvent("ghost")));
        CustomRuntimePackages.build(jdk.get(), List.of(floor), work, stack);

        Path floorPackage = PackageZip.unpack(floor.zip(work), work.resolve("unpacked/floor"));
        Path floorWithoutCache = PackageZip.unpack(floor.zip(work), work.resolve("unpacked/floor-without-cache"));
        Files.delete(floorWithoutCache.resolve("function.aot"));
        Path getUserPackage = PackageZip.unpack(packages.resolve("get-user.zip"), work.resolve("unpacked/get-user"));
        Path getUserWithoutCache = PackageZip.unpack(packages.resolve("get-user.zip"),
                work.resolve("unpacked/get-user-without-cache"));
        Files.delete(getUserWithoutCache.resolve("function.aot"));

        String getUserEvent = FirstAnswers.restEvent(root, "get-user", "ly1");
        String seedEvent = FirstAnswers.restEvent(root, "seed-users", "")
            .replace("\"BODY\"", JSON.writeValueAsString("{\"count\": 10, \"prefix\": \"custom\"}"));
        String countEvent = FirstAnswers.restEvent(root, "count-users", "");
        List<Variant> variants = List.of(
                managed("floor (only the I/O, with MongoTemplate)", floorJar, FLOOR_HANDLER, floorEvent),
                custom("floor, no cache", floorWithoutCache, FLOOR_HANDLER, floorEvent, floor.zip(work)),
                custom("floor", floorPackage, FLOOR_HANDLER, floorEvent, floor.zip(work)),
                managed("getUser", getUserLambdaJar(), GET_USER_HANDLER, getUserEvent),
                custom("getUser, no cache", getUserWithoutCache, GET_USER_HANDLER, getUserEvent,
                        packages.resolve("get-user.zip")),
                custom("getUser", getUserPackage, GET_USER_HANDLER, getUserEvent, packages.resolve("get-user.zip")),
                managed("seedUsers", root.resolve("functions/seed-users/target/seed-users-aws.jar"), SEED_HANDLER,
                        seedEvent),
                custom("seedUsers",
                        PackageZip.unpack(packages.resolve("seed-users.zip"), work.resolve("unpacked/seed-users")),
                        SEED_HANDLER, seedEvent, packages.resolve("seed-users.zip")),
                managed("countUsers", root.resolve("functions/count-users/target/count-users-aws.jar"), COUNT_HANDLER,
                        countEvent),
                custom("countUsers",
                        PackageZip.unpack(packages.resolve("count-users.zip"), work.resolve("unpacked/count-users")),
                        COUNT_HANDLER, countEvent, packages.resolve("count-users.zip")));
        firstAnswers(variants);
        jit(packages.resolve("get-user.zip"), getUserPackage, getUserEvent);
    }

    private static final String SEED_HANDLER = "dev.userfunctions.seedusers.lambda.SeedUsersHandler::handleRequest";

    private static final String COUNT_HANDLER = "dev.userfunctions.countusers.lambda.CountUsersHandler::handleRequest";

    private Variant managed(String name, Path jar, String handler, String event) {
        return new Variant(name, "managed",
                atShare -> configured(LambdaEnvironment.builder(jar, handler), name, atShare), event, jar);
    }

    private Variant custom(String name, Path packageRoot, String handler, String event, Path zip) {
        return new Variant(name, "custom",
                atShare -> configured(LambdaEnvironment.osOnlyRuntime(packageRoot, handler), name, atShare), event,
                zip);
    }

    private LambdaEnvironment.Builder configured(LambdaEnvironment.Builder builder, String name, boolean atShare) {
        builder.functionName(name.split("[ ,]")[0])
            .variable("MONGODB_URI", stack.mongoUri())
            .variable("MONGODB_DATABASE", DATABASE)
            .variable("REDIS_NODES", stack.redisSeeds())
            .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn");
        return atShare ? builder : builder.wholeCores();
    }

    private void firstAnswers(List<Variant> variants) throws IOException {
        Map<String, List<Double>> share = new LinkedHashMap<>();
        Map<String, List<Double>> whole = new LinkedHashMap<>();
        Map<String, List<Double>> resident = new LinkedHashMap<>();
        String describe = "";
        for (int round = 0; round < ROUNDS; round++) {
            for (Variant variant : variants) {
                for (boolean atShare : List.of(true, false)) {
                    try (LambdaEnvironment environment = variant.environment().apply(atShare).start()) {
                        (atShare ? share : whole).computeIfAbsent(key(variant), name -> new ArrayList<>())
                            .add(firstAnswerMillis(environment, variant.event(), key(variant)));
                        if (atShare) {
                            resident.computeIfAbsent(key(variant), name -> new ArrayList<>())
                                .add(environment.residentBytes() / 1e6);
                            describe = environment.describe();
                        }
                    }
                }
            }
        }
        md.append("Launch → first answer (the `exec` of the runtime's process to the runtime receiving its first "
                + "response), ")
            .append(ROUNDS)
            .append(" rounds, variants interleaved, one environment at a time (")
            .append(describe.replaceAll(" \\(pid \\d+\\)", ""))
            .append("). managed: the jar under the java25 runtime's loop and flags, as in section 5. custom: the "
                    + "package unpacked as a task root and its `bootstrap` executed with an OS-only runtime's "
                    + "variables; each package's cache was trained on it by running it "
                    + "(`functions/custom-runtime`), the floor's (`FloorHandler` in its own jar) here, the same way; "
                    + "\"no cache\" is the same package without its `function.aot`. Ratios are against the floor in "
                    + "the same mode (the custom rows: the floor with its own cache). Resident memory: `VmRSS` after "
                    + "the first answer, at 0.58 vCPU.\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Variant variant : variants) {
            String floorKey = variant.mode().equals("managed") ? key(variants.get(0)) : key(variants.get(2));
            List<Double> atShare = share.get(key(variant));
            List<Double> atWhole = whole.get(key(variant));
            rows.add(List.of(variant.name(), variant.mode(), number(Stats.median(atShare)),
                    "%.2f×".formatted(Stats.median(atShare) / Stats.median(share.get(floorKey))),
                    number(Stats.median(atWhole)),
                    "%.2f×".formatted(Stats.median(atWhole) / Stats.median(whole.get(floorKey))),
                    "%.0f".formatted(Stats.median(resident.get(key(variant)))),
                    "%.1f".formatted(Files.size(variant.artifact()) / 1e6), runs(atShare)));
        }
        md.append(table(List.of("variant", "mode", "0.58 vCPU median ms", "vs floor", "whole cores median ms",
                "vs floor", "resident MB", "artifact MB", "runs at 0.58 vCPU"), rows));
        double customShare = Stats.median(share.get("getUser custom")) / Stats.median(share.get(key(variants.get(2))));
        double customWhole = Stats.median(whole.get("getUser custom")) / Stats.median(whole.get(key(variants.get(2))));
        headlines.put("custom runtime",
                ("getUser's own JDK and AOT cache answer %.2f s after launch at 0.58 vCPU (the managed runtime's jar: "
                        + "%.2f s), %.2f× the floor packaged the same way (%.2f× on whole cores)")
                    .formatted(Stats.median(share.get("getUser custom")) / 1000,
                            Stats.median(share.get("getUser managed")) / 1000, customShare, customWhole));
        md.append("\nUnpacked, each package is its run-time image, its jars and its cache (Lambda allows 250 MB):\n\n");
        List<List<String>> sizes = new ArrayList<>();
        for (Variant variant : variants) {
            if (variant.mode().equals("custom") && !variant.name().endsWith("no cache")) {
                sizes.add(unpackedSizes(variant));
            }
        }
        md.append(table(List.of("package", "zip MB", "unpacked MB", "jdk/ MB", "app/ MB", "function.aot MB"), sizes));
    }

    private List<String> unpackedSizes(Variant variant) throws IOException {
        return List.of(variant.name(), "%.1f".formatted(Files.size(variant.artifact()) / 1e6),
                "%.1f".formatted(PackageZip.unpackedBytes(variant.artifact()) / 1e6),
                "%.1f".formatted(PackageZip.unpackedBytes(variant.artifact(), "jdk/") / 1e6),
                "%.1f".formatted(PackageZip.unpackedBytes(variant.artifact(), "app/") / 1e6),
                "%.1f".formatted(PackageZip.unpackedBytes(variant.artifact(), "function.aot") / 1e6));
    }

    /**
     * The bootstrap's JIT, by measurement: getUser's package as built (C1 only) against
     * the same package whose bootstrap lets the JVM use both tiers.
     */
    private void jit(Path getUserZip, Path getUserPackage, String event) throws IOException {
        Path bothTiers = PackageZip.unpack(getUserZip, getUserPackage.resolveSibling("get-user-both-tiers"));
        Path bootstrap = bothTiers.resolve("bootstrap");
        String c1Only = Files.readString(bootstrap);
        if (!c1Only.contains(" -XX:TieredStopAtLevel=1")) {
            throw new IllegalStateException("The bootstrap no longer stops at C1: this comparison needs a new edit");
        }
        Files.writeString(bootstrap, c1Only.replace(" -XX:TieredStopAtLevel=1", ""));
        Map<String, Path> jits = new LinkedHashMap<>();
        jits.put("C1 only (the bootstrap's)", getUserPackage);
        jits.put("both tiers", bothTiers);
        Map<String, List<Double>> first = new LinkedHashMap<>();
        Map<String, List<Double>> warm = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Path> jit : jits.entrySet()) {
                try (LambdaEnvironment environment = configured(
                        LambdaEnvironment.osOnlyRuntime(jit.getValue(), GET_USER_HANDLER), "getUser", true)
                    .start()) {
                    first.computeIfAbsent(jit.getKey(), name -> new ArrayList<>())
                        .add(firstAnswerMillis(environment, event, "getUser"));
                    for (int i = 0; i < WARM_INVOCATIONS; i++) {
                        warm.computeIfAbsent(jit.getKey(), name -> new ArrayList<>())
                            .add(environment.invoke(event).duration().toNanos() / 1e6);
                    }
                }
            }
        }
        md.append("\nThe package's JIT: getUser's package at 0.58 vCPU, launch → first answer and the ")
            .append(WARM_INVOCATIONS)
            .append(" invocations after it, ")
            .append(ROUNDS)
            .append(" environments each, interleaved:\n\n");
        List<List<String>> rows = new ArrayList<>();
        jits.keySet()
            .forEach(jit -> rows
                .add(List.of(jit, number(Stats.median(first.get(jit))), "%.2f".formatted(Stats.median(warm.get(jit))),
                        "%.2f".formatted(Stats.percentile(warm.get(jit), 99)), runs(first.get(jit)))));
        md.append(table(List.of("JIT", "first answer, median ms", "warm invocation median ms", "warm p99 ms",
                "first answers ms"), rows));
    }

    private static String key(Variant variant) {
        return variant.name() + " " + variant.mode();
    }

    private String floorEvent(String name) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(FirstAnswers.restEvent(root, "get-user", name));
        event.put("cacheKey", UserCacheKeys.byName(name));
        return event.toString();
    }

}
