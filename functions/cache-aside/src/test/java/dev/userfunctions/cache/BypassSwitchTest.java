package dev.userfunctions.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BypassSwitchTest {

    private final AtomicLong now = new AtomicLong();
    private final BypassSwitch bypass = new BypassSwitch("test", 3, Duration.ofSeconds(2), now::get);
    private final RuntimeException failure = new RuntimeException("timeout");

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        bypass.recordFailure(failure);
        bypass.recordFailure(failure);
        bypass.recordSuccess();
        bypass.recordFailure(failure);
        bypass.recordFailure(failure);
        assertThat(bypass.allowRequest()).isTrue();

        bypass.recordFailure(failure);
        assertThat(bypass.state()).isEqualTo(BypassSwitch.State.OPEN);
        assertThat(bypass.allowRequest()).isFalse();
    }

    @Test
    void afterTheCoolDownExactlyOneRequestProbes() {
        openIt();
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(bypass.allowRequest()).isFalse();

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(bypass.allowRequest()).isTrue();
        assertThat(bypass.allowRequest()).as("only one probe at a time").isFalse();
    }

    @Test
    void aSuccessfulProbeClosesAndAFailedOneOpensForAnotherCoolDown() {
        openIt();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(bypass.allowRequest()).isTrue();
        bypass.recordFailure(failure);
        assertThat(bypass.state()).isEqualTo(BypassSwitch.State.OPEN);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(bypass.allowRequest()).isFalse();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(bypass.allowRequest()).isTrue();
        bypass.recordSuccess();
        assertThat(bypass.state()).isEqualTo(BypassSwitch.State.CLOSED);
        assertThat(bypass.allowRequest()).isTrue();
    }

    @Test
    void aLateSuccessOfARequestLetThroughEarlierDoesNotClose() {
        openIt();
        bypass.recordSuccess();
        assertThat(bypass.state()).isEqualTo(BypassSwitch.State.OPEN);
        assertThat(bypass.allowRequest()).isFalse();
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            bypass.recordFailure(failure);
        }
        assertThat(bypass.state()).isEqualTo(BypassSwitch.State.OPEN);
    }
}
