package dev.userfunctions.customruntime;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.harness.LambdaEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds each function's custom-runtime package ({@code <module>.zip} in the target
 * directory): links the run-time image once, then per function lays out the package, zips
 * it at one pinned time, unpacks that zip, trains the AOT cache in it, and adds the cache
 * and its class-path record to the zip. Where no Temurin 25 is found it says so in one
 * line and builds nothing.
 *
 * <p>
 * Arguments: the repository's root, the target directory.
 */
public final class CustomRuntimePackages {

    /**
     * Where the package's jars go: not {@code lib/}, which the runtime interface client
     * scans as the task's own.
     */
    static final String APP = "app";

    static final String CACHE = "function.aot";

    /**
     * Each cached class-path jar's size, modification time and path, which bootstrap
     * checks.
     */
    static final String CACHE_CLASS_PATH = "function.aot.jars";

    private static final String NATIVE_LIBRARY = APP + "/libaws-lambda-jni.so";

    private CustomRuntimePackages() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path target = Path.of(args[1]).toAbsolutePath();
        List<FunctionPackage> functions = FunctionPackage.all(root);
        // Never a package of an earlier build beside this build's jars.
        for (FunctionPackage function : functions) {
            Files.deleteIfExists(function.zip(target));
        }
        Optional<Path> jdk = LambdaEnvironment.java25Home();
        if (jdk.isEmpty()) {
            System.out.println("Skipping the custom-runtime packages: "
                    + LambdaEnvironment.noJava25("link them and train their caches with"));
            return;
        }
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            build(jdk.get(), functions, target, stack);
        }
    }

    /**
     * Links one run-time image from the Temurin 25 at {@code jdk} for {@code functions},
     * then builds each one's package into {@code target}, training the caches against
     * {@code stack}.
     */
    public static void build(Path jdk, List<FunctionPackage> functions, Path target, EmbeddedStack stack)
            throws IOException {
        Files.createDirectories(target);
        Path image = target.resolve("jdk");
        List<String> modules = RuntimeImage.link(jdk, functions.stream().map(FunctionPackage::jar).toList(), image);
        System.out.println("Run-time image of " + jdk + " in " + image + ": " + String.join(",", modules));
        Path nativeLibrary = target.resolve("libaws-lambda-jni.so");
        try (InputStream library = LambdaEnvironment.runtimeInterfaceClientLibrary()) {
            Files.copy(library, nativeLibrary, StandardCopyOption.REPLACE_EXISTING);
        }
        stack.mongo().insertUser(AotTraining.DATABASE, FunctionPackage.TRAINED_USER, 1);
        for (FunctionPackage function : functions) {
            build(function, image, nativeLibrary, target, stack);
        }
    }

    private static void build(FunctionPackage function, Path image, Path nativeLibrary, Path target,
            EmbeddedStack stack) throws IOException {
        Path work = target.resolve(function.module());
        PackageZip.deleteTree(work);
        Files.createDirectories(work);
        List<Path> jars = new ArrayList<>(List.of(function.jar()));
        jars.addAll(LambdaEnvironment.runtimeInterfaceClient());
        SortedMap<String, Path> entries = new TreeMap<>();
        List<String> classPath = new ArrayList<>();
        for (Path jar : jars) {
            String entry = APP + "/" + jar.getFileName();
            entries.put(entry, jar);
            classPath.add(entry);
        }
        entries.put(NATIVE_LIBRARY, nativeLibrary);
        entries.put("bootstrap", bootstrap(work, classPath));
        try (Stream<Path> files = Files.walk(image)) {
            files.filter(Files::isRegularFile)
                .forEach(file -> entries.put("jdk/" + image.relativize(file).toString().replace('\\', '/'), file));
        }
        FileTime pinned = PackageZip.pinnedTime(Instant.now());
        Path untrained = work.resolve("untrained.zip");
        PackageZip.write(untrained, entries, pinned);

        Path packageRoot = work.resolve("training");
        PackageZip.unpack(untrained, packageRoot);
        Path cache = work.resolve(CACHE);
        List<String> trained = AotTraining.train(function, packageRoot, cache, stack);
        SortedMap<String, Path> added = new TreeMap<>();
        added.put(CACHE, cache);
        added.put(CACHE_CLASS_PATH, cacheClassPath(packageRoot, classPath, work.resolve(CACHE_CLASS_PATH)));
        Path zip = function.zip(target);
        PackageZip.withAdded(untrained, zip, added, pinned);
        Files.delete(untrained);
        System.out.printf("%s: %s, %,d bytes (%d training invocations; cache %,d bytes)%n", function.functionName(),
                zip, Files.size(zip), trained.size(), Files.size(cache));
    }

    /** The package's bootstrap, with its class path written in. */
    private static Path bootstrap(Path work, List<String> classPath) throws IOException {
        String template;
        try (InputStream in = CustomRuntimePackages.class.getResourceAsStream("/bootstrap")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path bootstrap = work.resolve("bootstrap");
        Files.writeString(bootstrap, template.replace("@CLASS_PATH@", String.join(":", classPath)));
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bootstrap;
    }

    /**
     * What bootstrap checks before it hands the JVM the cache: each class-path jar's size
     * and modification time (seconds) as unpacked from the zip, and its path.
     */
    private static Path cacheClassPath(Path packageRoot, List<String> classPath, Path record) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String entry : classPath) {
            Path jar = packageRoot.resolve(entry);
            lines.append(Files.size(jar))
                .append(' ')
                .append(Files.getLastModifiedTime(jar).toInstant().getEpochSecond())
                .append(' ')
                .append(entry)
                .append('\n');
        }
        Files.writeString(record, lines);
        return record;
    }

}
