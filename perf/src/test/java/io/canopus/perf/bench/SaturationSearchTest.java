package io.canopus.perf.bench;

import io.canopus.sim.load.LoadResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaturationSearchTest
{
    /** A system that keeps up, with a p99 of 100 us, up to {@code capacity} ops/s and falls behind above. */
    private static SaturationSearch.Probe systemWithCapacity(final long capacity, final List<Long> probed)
    {
        return rate ->
        {
            probed.add(rate);
            final double achieved = Math.min(rate, capacity);
            final Histogram latency = new Histogram(3);
            latency.recordValue(rate <= capacity ? 100_000 : 50_000_000); // ns
            return new LoadResult(rate, achieved, 1.0, rate, rate, (long)achieved, 0, 0, 0, 0, latency, List.of());
        };
    }

    /** A system that keeps up at every rate with 1 us latency, but loses one answer per probe. */
    private static SaturationSearch.Probe lossy()
    {
        return rate ->
        {
            final Histogram latency = new Histogram(3);
            latency.recordValue(1_000);
            return new LoadResult(rate, rate, 1.0, rate, rate - 1, rate - 1, 0, 0, 0, 1, latency, List.of());
        };
    }

    @Test
    void doublesThenBisectsToTheHighestSustainedRate() throws InterruptedException
    {
        final List<Long> probed = new ArrayList<>();

        final SaturationSearch.Outcome outcome = new SaturationSearch(1_000, 1_000_000, 4, 1_000)
            .run(systemWithCapacity(10_000, probed));

        // 1k, 2k, 4k, 8k pass; 16k and 32k fail; then 12k (fail), 10k (pass), 11k (fail), 10.5k (fail).
        assertThat(probed).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 12_000L, 10_000L, 11_000L, 10_500L);
        assertThat(outcome.saturationPerSec()).isEqualTo(10_000);
        assertThat(outcome.best().ratePerSec()).isEqualTo(10_000);
        assertThat(outcome.capped()).isFalse();
        assertThat(outcome.steps()).hasSize(10);
        assertThat(outcome.steps().get(4).reason()).contains("achieved 10000/s < 99% of 16000/s");
    }

    @Test
    void aRateOverTheSloFailsEvenWhenItIsAchieved() throws InterruptedException
    {
        final SaturationSearch.Probe slow = rate ->
        {
            final Histogram latency = new Histogram(3);
            latency.recordValue(rate >= 4_000 ? 5_000_000 : 200_000);
            return new LoadResult(rate, rate, 1.0, rate, rate, rate, 0, 0, 0, 0, latency, List.of());
        };

        final SaturationSearch.Outcome outcome = new SaturationSearch(1_000, 100_000, 0, 1_000).run(slow);

        assertThat(outcome.saturationPerSec()).isEqualTo(2_000);
        assertThat(outcome.steps()).hasSize(4);
        assertThat(outcome.steps().get(2).reason()).startsWith("p99 5").endsWith("us > SLO 1000 us");
    }

    @Test
    void aSystemThatNeverMeetsTheSloStillHasTheHighestRateItCarried() throws InterruptedException
    {
        // Keeps up to 8k/s, but its p99 of 5 ms is over the 1 ms SLO at every rate.
        final SaturationSearch.Probe tailHeavy = rate ->
        {
            final Histogram latency = new Histogram(3);
            latency.recordValue(5_000_000);
            final long achieved = Math.min(rate, 8_000);
            return new LoadResult(rate, achieved, 1.0, rate, achieved, achieved, 0, 0, 0, 0, latency, List.of());
        };

        final SaturationSearch.Outcome outcome = new SaturationSearch(1_000, 100_000, 2, 1_000).run(tailHeavy);

        assertThat(outcome.saturationPerSec()).isZero();
        assertThat(outcome.steps()).extracting(SaturationSearch.Step::ratePerSec).containsExactly(1_000L, 2_000L, 500L, 250L);
        assertThat(outcome.steps()).allMatch(SaturationSearch.Step::carried).noneMatch(SaturationSearch.Step::passed);
        assertThat(outcome.highestCarriedPerSec()).isEqualTo(2_000);
    }

    @Test
    void nothingCarriedWhenAnswersGoMissing() throws InterruptedException
    {
        final SaturationSearch.Outcome outcome = new SaturationSearch(1_000, 100_000, 1, 1_000).run(lossy());

        assertThat(outcome.steps()).noneMatch(SaturationSearch.Step::carried);
        assertThat(outcome.highestCarriedPerSec()).isZero();
    }

    @Test
    void missingAnswersFailAProbe() throws InterruptedException
    {
        final SaturationSearch.Outcome outcome = new SaturationSearch(1_000, 100_000, 3, 1_000).run(lossy());

        assertThat(outcome.saturationPerSec()).isZero();
        assertThat(outcome.best()).isNull();
        // 1k and 2k fail, then 500, 250, 125 between 0 and the first failure.
        assertThat(outcome.steps()).extracting(SaturationSearch.Step::ratePerSec).containsExactly(1_000L, 2_000L, 500L, 250L, 125L);
        assertThat(outcome.steps().get(0).reason()).isEqualTo("0 failed, 1 missing");
    }

    @Test
    void aDipAtAModerateRateDoesNotEndTheSearch() throws InterruptedException
    {
        // Fails at 4k only (the tail of one-write cycles queueing), passes again up to 20k.
        final SaturationSearch.Probe dip = rate ->
        {
            final Histogram latency = new Histogram(3);
            latency.recordValue(rate == 4_000 || rate > 20_000 ? 5_000_000 : 200_000);
            return new LoadResult(rate, rate, 1.0, rate, rate, rate, 0, 0, 0, 0, latency, List.of());
        };

        final SaturationSearch.Outcome outcome = new SaturationSearch(1_000, 1_000_000, 1, 1_000).run(dip);

        assertThat(outcome.steps()).extracting(SaturationSearch.Step::ratePerSec)
            .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 24_000L);
        assertThat(outcome.saturationPerSec()).isEqualTo(16_000);
    }

    @Test
    void stopsAtTheCapAndSaysSo() throws InterruptedException
    {
        final List<Long> probed = new ArrayList<>();

        final SaturationSearch.Outcome outcome = new SaturationSearch(1_000, 3_000, 4, 1_000)
            .run(systemWithCapacity(1_000_000, probed));

        assertThat(probed).containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(outcome.capped()).isTrue();
        assertThat(outcome.saturationPerSec()).isEqualTo(3_000);
    }

    @Test
    void rejectsBadBounds()
    {
        assertThatThrownBy(() -> new SaturationSearch(0, 10, 1, 1)).hasMessageContaining("startRate");
        assertThatThrownBy(() -> new SaturationSearch(10, 5, 1, 1)).hasMessageContaining("startRate <= maxRate");
        assertThatThrownBy(() -> new SaturationSearch(1, 5, 11, 1)).hasMessageContaining("bisections");
        assertThatThrownBy(() -> new SaturationSearch(1, 5, 1, 0)).hasMessageContaining("sloP99Us");
    }
}
