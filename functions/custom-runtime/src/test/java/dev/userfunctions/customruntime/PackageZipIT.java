package dev.userfunctions.customruntime;

import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A package's zip: one pinned even-second time on every entry, with a UTC extended
 * timestamp; executable files stay executable; unpacked as Lambda unpacks it, each file
 * gets its entry's time and mode; added entries come after the copied ones, which are not
 * changed.
 */
class PackageZipIT {

    static final FileTime PINNED = PackageZip.pinnedTime(Instant.parse("2026-12-07T05:13:27.900Z"));

    @Test
    void theTimeIsPinnedToAnEvenSecond() {
        assertThat(PINNED.toInstant()).isEqualTo(Instant.parse("2026-12-07T05:13:26Z"));
        assertThat(PackageZip.pinnedTime(Instant.parse("2026-12-07T05:13:26.000Z"))).isEqualTo(PINNED);
    }

    @Test
    void unpackedFilesCarryTheirEntrysTimeAndMode(@TempDir Path directory) throws IOException {
        Path script = Files.writeString(directory.resolve("script"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.writeString(directory.resolve("data"), "data");
        Path zip = directory.resolve("package.zip");
        PackageZip.write(zip, new TreeMap<>(java.util.Map.of("bootstrap", script, "app/data.txt", data)), PINNED);

        try (ZipFile written = ZipFile.builder().setPath(zip).get()) {
            List<ZipArchiveEntry> entries = Collections.list(written.getEntries());
            assertThat(entries).extracting(ZipArchiveEntry::getName).containsExactly("app/data.txt", "bootstrap");
            for (ZipArchiveEntry entry : entries) {
                assertThat(entry.getExtraField(X5455_ExtendedTimestamp.HEADER_ID)).as(entry.getName()).isNotNull();
                assertThat(entry.getLastModifiedTime()).as(entry.getName()).isEqualTo(PINNED);
            }
        }
        Path unpacked = directory.resolve("task");
        PackageZip.unpack(zip, unpacked);

        assertThat(Files.isExecutable(unpacked.resolve("bootstrap"))).isTrue();
        assertThat(Files.isExecutable(unpacked.resolve("app/data.txt"))).isFalse();
        assertThat(Files.getLastModifiedTime(unpacked.resolve("app/data.txt"))).isEqualTo(PINNED);
        assertThat(Files.readString(unpacked.resolve("bootstrap"))).isEqualTo("#!/bin/sh\necho hi\n");
    }

    @Test
    void addedEntriesFollowTheCopiedOnesUnchanged(@TempDir Path directory) throws IOException {
        Path data = Files.writeString(directory.resolve("data"), "data".repeat(1000));
        Path cache = Files.writeString(directory.resolve("cache"), "cache");
        Path first = directory.resolve("first.zip");
        Path second = directory.resolve("second.zip");
        PackageZip.write(first, new TreeMap<>(java.util.Map.of("z/data", data)), PINNED);
        PackageZip.withAdded(first, second, new TreeMap<>(java.util.Map.of("a.aot", cache)), PINNED);

        try (ZipFile before = ZipFile.builder().setPath(first).get();
                ZipFile after = ZipFile.builder().setPath(second).get()) {
            assertThat(Collections.list(after.getEntries())).extracting(ZipArchiveEntry::getName)
                .containsExactly("z/data", "a.aot");
            ZipArchiveEntry copied = after.getEntry("z/data");
            assertThat(copied.getCompressedSize()).isEqualTo(before.getEntry("z/data").getCompressedSize());
            assertThat(copied.getCrc()).isEqualTo(before.getEntry("z/data").getCrc());
            assertThat(after.getEntry("a.aot").getLastModifiedTime()).isEqualTo(PINNED);
        }
    }

}
