package dev.userfunctions.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Temp directories owned by one JVM, named after its pid. A shutdown hook cleans up after
 * a normal exit or SIGTERM; a JVM killed with SIGKILL cannot run hooks, so every new
 * stack first reaps the directories (and the redis-server processes recorded in them) of
 * owners that are no longer alive.
 */
final class WorkDirectories {

    private static final Logger log = LoggerFactory.getLogger(WorkDirectories.class);
    static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "user-functions-embedded-stack");
    static final String PID_FILE = "redis.pid";

    private WorkDirectories() {
    }

    static Path create() {
        try {
            Files.createDirectories(ROOT);
            reapOrphans();
            return Files.createDirectory(
                    ROOT.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8)));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not create a work directory under " + ROOT, e);
        }
    }

    static void reapOrphans() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            dirs.filter(dir -> ownerPid(dir).map(pid -> ProcessHandle.of(pid).isEmpty()).orElse(false)).forEach(dir -> {
                log.info("Removing {} left behind by a JVM that is gone", dir);
                killRecordedRedisProcesses(dir);
                deleteRecursively(dir);
            });
        }
        catch (IOException e) {
            log.warn("Could not scan {} for leftovers: {}", ROOT, e.toString());
        }
    }

    private static Optional<Long> ownerPid(Path dir) {
        String name = dir.getFileName().toString();
        int dash = name.indexOf('-');
        try {
            return dash > 0 ? Optional.of(Long.parseLong(name.substring(0, dash))) : Optional.empty();
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void killRecordedRedisProcesses(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(file -> file.getFileName().toString().equals(PID_FILE)).forEach(pidFile -> {
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).trim());
                    ProcessHandle.of(pid)
                        .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                        .ifPresent(ProcessHandle::destroyForcibly);
                }
                catch (IOException | NumberFormatException e) {
                    log.debug("Unreadable pid file {}", pidFile, e);
                }
            });
        }
        catch (IOException e) {
            log.warn("Could not scan {} for redis pid files: {}", dir, e.toString());
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException e) {
                    log.warn("Could not delete {}: {}", path, e.toString());
                }
            });
        }
        catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

}
