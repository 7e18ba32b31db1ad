package dev.userfunctions.local;

import dev.userfunctions.aws.secrets.SecretsSettings;
import dev.userfunctions.seedusers.SeedProperties;
import dev.userfunctions.users.config.CacheProperties;
import dev.userfunctions.users.config.DurationSetting;
import dev.userfunctions.users.config.RedisSettings;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table says what the settings' declarations say: for every
 * duration setting, its row's default and allowed range.
 */
class ConfigurationTableTest {

    private static final List<Class<?>> BOUND_SETTINGS = List.of(CacheProperties.class, RedisSettings.class,
            SeedProperties.class, SecretsSettings.class);

    @TestFactory
    Stream<DynamicTest> everyDurationSettingsRowMatchesItsDeclaration() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("../../../README.md"));
        List<DurationSetting> settings = BOUND_SETTINGS.stream()
            .flatMap(type -> DurationSetting.declaredIn(type).stream())
            .toList();
        assertThat(settings).hasSizeGreaterThanOrEqualTo(7);
        return settings.stream().map(setting -> DynamicTest.dynamicTest(setting.variable(), () -> {
            String[] row = readme.stream()
                .filter(line -> line.startsWith("| `" + setting.variable() + "` |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + setting.variable() + " in the README"))
                .split(" \\| ");
            assertThat(row[2]).as("default of %s", setting.variable()).startsWith(setting.defaultText());
            assertThat(row[3].replace(" |", "").strip()).as("allowed values of %s", setting.variable())
                .isEqualTo(setting.range());
        }));
    }

}
