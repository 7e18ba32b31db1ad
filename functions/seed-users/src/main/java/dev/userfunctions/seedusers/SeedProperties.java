package dev.userfunctions.seedusers;

import dev.userfunctions.users.config.DurationSetting;
import dev.userfunctions.users.config.SettingSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code SEED_TIME_BUDGET}: how long one seed may keep starting batches (seconds when a
 * bare number, or {@code 20s}, {@code 1m}); unset, no limit. Behind API Gateway, whose
 * integrations get 29 s, template.yaml sets 20 s: the seed then answers with what it did
 * and where to continue instead of being cut off.
 */
public record SeedProperties(Duration timeBudget) {

    static final DurationSetting TIME_BUDGET = DurationSetting.positive("seed.time-budget", ChronoUnit.SECONDS, "20",
            "20s, 1m", "no limit");

    public static SeedProperties from(SettingSource settings) {
        return new SeedProperties(settings.duration(TIME_BUDGET));
    }

    public SeedProperties {
        timeBudget = TIME_BUDGET.resolve(timeBudget);
    }
}
