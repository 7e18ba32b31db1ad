package dev.userfunctions.customruntime;

import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * A package as Lambda takes it: a zip whose entries all carry one pinned time and their
 * Unix modes. A JVM checks a cached class path jar by its size and modification time, and
 * Lambda sets each file's modification time from its entry when it unpacks the zip: so
 * every entry gets the same time, an even second (zip's DOS times have 2 s resolution and
 * no zone; this JVM writes them in UTC, the zone Lambda unpacks in) with a UTC extended
 * timestamp, and the cache is trained on the package unpacked from the very zip it is
 * then added to.
 */
public final class PackageZip {

    private static final int EXECUTABLE = 0755;

    private static final int READABLE = 0644;

    private static final int REGULAR_FILE = 0100000;

    private PackageZip() {
    }

    /** Now, rounded down to an even second: the time every entry of one build gets. */
    static FileTime pinnedTime(Instant now) {
        long seconds = now.getEpochSecond();
        return FileTime.from(Instant.ofEpochSecond(seconds - Math.floorMod(seconds, 2)));
    }

    /**
     * Writes {@code zip} with {@code entries} (entry name → file), in name order, each at
     * {@code time}, executable where the file is.
     */
    static void write(Path zip, SortedMap<String, Path> entries, FileTime time) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            // Jars and the run-time image's modules file barely compress: speed over
            // bytes.
            out.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, Path> entry : entries.entrySet()) {
                boolean executable = Files.getPosixFilePermissions(entry.getValue())
                    .contains(PosixFilePermission.OWNER_EXECUTE);
                out.putArchiveEntry(entry(entry.getKey(), executable, time));
                Files.copy(entry.getValue(), out);
                out.closeArchiveEntry();
            }
        }
    }

    /**
     * Writes {@code zip}: the entries of {@code from} as they are (not recompressed),
     * then {@code added} (entry name → file), each at {@code time}.
     */
    static void withAdded(Path from, Path zip, SortedMap<String, Path> added, FileTime time) throws IOException {
        try (ZipFile source = ZipFile.builder().setPath(from).get();
                ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            source.copyRawEntries(out, entry -> true);
            out.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, Path> entry : added.entrySet()) {
                out.putArchiveEntry(entry(entry.getKey(), false, time));
                Files.copy(entry.getValue(), out);
                out.closeArchiveEntry();
            }
        }
    }

    /**
     * Unpacks {@code zip} into {@code directory} as Lambda unpacks a package into its
     * task root, which holds the package alone (what was there is removed): each file
     * with its entry's mode and modification time.
     * @return {@code directory}
     */
    public static Path unpack(Path zip, Path directory) throws IOException {
        deleteTree(directory);
        try (ZipFile source = ZipFile.builder().setPath(zip).get()) {
            for (Enumeration<ZipArchiveEntry> entries = source.getEntries(); entries.hasMoreElements();) {
                ZipArchiveEntry entry = entries.nextElement();
                Path file = directory.resolve(entry.getName()).normalize();
                if (!file.startsWith(directory)) {
                    throw new IOException("Entry " + entry.getName() + " is outside the package");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = source.getInputStream(entry); OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                Files.setPosixFilePermissions(file, permissions(entry.getUnixMode()));
                Files.setLastModifiedTime(file, entry.getLastModifiedTime());
            }
        }
        return directory;
    }

    /** Deletes {@code directory} and all it holds, if it exists. */
    static void deleteTree(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** The bytes {@code zip}'s entries unpack to. */
    public static long unpackedBytes(Path zip) throws IOException {
        return unpackedBytes(zip, "");
    }

    /**
     * The bytes the entries of {@code zip} whose names start with {@code prefix} unpack
     * to.
     */
    public static long unpackedBytes(Path zip, String prefix) throws IOException {
        long bytes = 0;
        try (ZipFile source = ZipFile.builder().setPath(zip).get()) {
            for (Enumeration<ZipArchiveEntry> entries = source.getEntries(); entries.hasMoreElements();) {
                ZipArchiveEntry entry = entries.nextElement();
                if (entry.getName().startsWith(prefix)) {
                    bytes += entry.getSize();
                }
            }
        }
        return bytes;
    }

    private static ZipArchiveEntry entry(String name, boolean executable, FileTime time) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(REGULAR_FILE | (executable ? EXECUTABLE : READABLE));
        entry.setTime(time.toMillis());
        X5455_ExtendedTimestamp utc = new X5455_ExtendedTimestamp();
        utc.setModifyJavaTime(new Date(time.toMillis()));
        entry.addExtraField(utc);
        return entry;
    }

    private static Set<PosixFilePermission> permissions(int unixMode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((unixMode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

}
