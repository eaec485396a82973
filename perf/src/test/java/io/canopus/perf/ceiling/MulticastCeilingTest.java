package io.canopus.perf.ceiling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MulticastCeilingTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void carriesMessagesToEverySubscriberOverLoopbackMulticast()
    {
        final MulticastCeiling ceiling = new MulticastCeiling(new MulticastCeiling.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .subscribers(2)
            .groupAddress("239.255.93.7")
            .port(41_457)
            .warmupNs(TimeUnit.MILLISECONDS.toNanos(100))
            .durationNs(TimeUnit.MILLISECONDS.toNanos(400)));

        final MulticastCeiling.Result result = ceiling.measure(288);

        assertThat(result.sizeBytes()).isEqualTo(288);
        assertThat(result.subscribers()).isEqualTo(2);
        assertThat(result.measuredSeconds()).isBetween(0.39, 5.0);
        // Even a loaded 2-core box carries thousands of 288 B messages a second over loopback.
        assertThat(result.messagesPerSec()).isGreaterThan(1_000);
        assertThat(result.bytesPerSec()).isEqualTo(result.messagesPerSec() * 288);
        assertThat(dir.resolve("aeron")).doesNotExist();
    }

    @Test
    void refusesASizeOverAnEighthOfTheTerm()
    {
        final MulticastCeiling ceiling = new MulticastCeiling(new MulticastCeiling.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .termLength(64 * 1024));

        assertThatThrownBy(() -> ceiling.measure(8 * 1024 + 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1..8192");
    }
}
