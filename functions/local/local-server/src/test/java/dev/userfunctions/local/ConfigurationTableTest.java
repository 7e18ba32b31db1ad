package dev.userfunctions.local;

import dev.userfunctions.aws.secrets.SecretsSettings;
import dev.userfunctions.seedusers.SeedProperties;
import dev.userfunctions.users.config.CacheProperties;
import dev.userfunctions.users.config.DurationSetting;
import dev.userfunctions.users.config.RedisSettings;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
            .flatMap(ConfigurationTableTest::durationSettingsOf)
            .toList();
        assertThat(settings).hasSizeGreaterThanOrEqualTo(7);
        return settings.stream().map(setting -> DynamicTest.dynamicTest(setting.variable(), () -> {
            String[] row = readme.stream()
                .filter(line -> line.startsWith("| `" + setting.variable() + "` |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + setting.variable() + " in the README"))
                .split(" \\| ");
            assertThat(row[2]).as("default of %s", setting.variable()).startsWith(defaultCell(setting));
            assertThat(row[3].replace(" |", "").strip()).as("allowed values of %s", setting.variable())
                .isEqualTo(rangeCell(setting));
        }));
    }

    /** The duration settings a settings record declares, as its static fields. */
    private static Stream<DurationSetting> durationSettingsOf(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
            .filter(field -> field.getType() == DurationSetting.class && Modifier.isStatic(field.getModifiers()))
            .map(field -> {
                try {
                    field.setAccessible(true);
                    return (DurationSetting) field.get(null);
                }
                catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            });
    }

    /** The default as the table writes it: {@code 300 s}, or what unset means. */
    private static String defaultCell(DurationSetting setting) {
        return setting.defaultValue() != null ? DurationSetting.spoken(setting.defaultValue())
                : setting.whenUnset() != null ? setting.whenUnset() : "none";
    }

    /** The limits as the table writes them: {@code 1 s – 7 days}. */
    private static String rangeCell(DurationSetting setting) {
        return setting.max() == null ? "a positive duration"
                : DurationSetting.spoken(setting.min()) + " – " + DurationSetting.spoken(setting.max());
    }

}
