package dev.userfunctions.seedusers;

import dev.userfunctions.users.config.DurationSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code SEED_TIME_BUDGET}: how long one seed may keep starting batches (seconds when a
 * bare number, or {@code 20s}, {@code 1m}); unset, no limit. Behind API Gateway, whose
 * integrations get 29 s, template.yaml sets 20 s: the seed then answers with what it did
 * and where to continue instead of being cut off.
 */
@ConfigurationProperties("seed")
public record SeedProperties(@DurationUnit(ChronoUnit.SECONDS) Duration timeBudget) {

    static final DurationSetting TIME_BUDGET = DurationSetting.positive("seed.time-budget", ChronoUnit.SECONDS, "20",
            "20s, 1m", "no limit");

    public SeedProperties {
        timeBudget = TIME_BUDGET.resolve(timeBudget);
    }
}
