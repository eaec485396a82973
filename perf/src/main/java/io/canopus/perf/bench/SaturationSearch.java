package io.canopus.perf.bench;

import io.canopus.sim.load.LoadResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the highest rate a system sustains: the achieved rate is at least
 * {@link #ACHIEVED_FRACTION} of the target, nothing failed or went missing, and the p99 latency
 * (from the intended send time) is within the SLO. The rate doubles from a start rate until a probe
 * fails (or the cap is reached), then the gap between the last pass and the first failure is halved
 * a fixed number of times. Every probe is kept, so a report can show the whole curve.
 * <p>
 * Bounded: at most {@code log2(maxRate / startRate) + 1 + bisections} probes. Latency under
 * overload grows with the length of the probe (the queue grows all the time), so a rate that just
 * fails the SLO in a short probe is no better in a longer one; a rate that just passes may still
 * fail in a longer one, which is why the report states the probe length.
 */
public final class SaturationSearch
{
    /** A probe passes only when the achieved rate is at least this fraction of the target. */
    public static final double ACHIEVED_FRACTION = 0.99;
    /** Failed doublings in a row that end the doubling phase. */
    public static final int PATIENCE = 2;

    private final long startRate;
    private final long maxRate;
    private final int bisections;
    private final double sloP99Us;

    /** Runs one load at a rate. */
    @FunctionalInterface
    public interface Probe
    {
        /** @return what a load at {@code ratePerSec} measured. */
        LoadResult run(long ratePerSec) throws InterruptedException;
    }

    /**
     * One probe and its verdict.
     *
     * @param passed  every condition held, the SLO included.
     * @param carried every condition but the SLO held: achieved, nothing failed or missing, something measured.
     */
    public record Step(long ratePerSec, LoadResult result, boolean passed, boolean carried, String reason)
    {
    }

    /**
     * @param saturationPerSec the highest passing rate, or 0 when even the start rate failed.
     * @param best             the probe at that rate, or null.
     * @param steps            every probe in the order run.
     * @param capped           true when the cap passed: the system may sustain more.
     */
    public record Outcome(long saturationPerSec, Step best, List<Step> steps, boolean capped)
    {
        /**
         * @return the highest probed rate the system {@linkplain Step#carried() carried} (the latency
         *         bound set aside), or 0 when none: a basis for a common rate when the SLO passed nowhere.
         */
        public long highestCarriedPerSec()
        {
            long highest = 0;
            for (final Step step : steps)
            {
                if (step.carried())
                {
                    highest = Math.max(highest, step.ratePerSec());
                }
            }
            return highest;
        }
    }

    /**
     * @param startRate  first rate probed, >= 1.
     * @param maxRate    no rate above this is probed, >= startRate.
     * @param bisections halvings of the gap after the first failure, 0..10.
     * @param sloP99Us   the p99 latency a passing probe stays within, in microseconds, > 0.
     */
    public SaturationSearch(final long startRate, final long maxRate, final int bisections, final double sloP99Us)
    {
        if (startRate < 1 || maxRate < startRate)
        {
            throw new IllegalArgumentException("need 1 <= startRate <= maxRate, was " + startRate + ".." + maxRate);
        }
        if (bisections < 0 || bisections > 10)
        {
            throw new IllegalArgumentException("bisections must be 0..10, was " + bisections);
        }
        if (!(sloP99Us > 0))
        {
            throw new IllegalArgumentException("sloP99Us must be positive, was " + sloP99Us);
        }
        this.startRate = startRate;
        this.maxRate = maxRate;
        this.bisections = bisections;
        this.sloP99Us = sloP99Us;
    }

    /** Runs the search. */
    public Outcome run(final Probe probe) throws InterruptedException
    {
        Objects.requireNonNull(probe, "probe");
        final List<Step> steps = new ArrayList<>();
        Step best = null;
        long failedAbove = 0;
        int failuresInARow = 0;
        long rate = startRate;
        while (failuresInARow < PATIENCE)
        {
            final Step step = judge(rate, probe.run(rate));
            steps.add(step);
            if (step.passed())
            {
                best = step;
                failuresInARow = 0;
                failedAbove = 0;
                if (rate == maxRate)
                {
                    return new Outcome(rate, best, List.copyOf(steps), true);
                }
            }
            else
            {
                failuresInARow++;
                failedAbove = failedAbove == 0 ? rate : failedAbove;
                if (rate == maxRate)
                {
                    break;
                }
            }
            rate = Math.min(maxRate, rate * 2);
        }
        long low = best == null ? 0 : best.ratePerSec();
        long high = failedAbove;
        for (int i = 0; i < bisections && high - low > 1; i++)
        {
            final long mid = low + (high - low) / 2;
            final Step step = judge(mid, probe.run(mid));
            steps.add(step);
            if (step.passed())
            {
                best = step;
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return new Outcome(best == null ? 0 : best.ratePerSec(), best, List.copyOf(steps), false);
    }

    /** @return the verdict on one probe's result. */
    Step judge(final long rate, final LoadResult result)
    {
        final String reason;
        if (result.failed() > 0 || result.missing() > 0)
        {
            reason = result.failed() + " failed, " + result.missing() + " missing";
        }
        else if (result.achievedOpsPerSec() < ACHIEVED_FRACTION * rate)
        {
            reason = String.format(java.util.Locale.ROOT, "achieved %.0f/s < %.0f%% of %d/s", result.achievedOpsPerSec(),
                ACHIEVED_FRACTION * 100, rate);
        }
        else if (result.latencyNs().getTotalCount() == 0)
        {
            reason = "no measured operation completed";
        }
        else if (result.latencyUs(99) > sloP99Us)
        {
            return new Step(rate, result, false, true,
                String.format(java.util.Locale.ROOT, "p99 %.0f us > SLO %.0f us", result.latencyUs(99), sloP99Us));
        }
        else
        {
            return new Step(rate, result, true, true, "ok");
        }
        return new Step(rate, result, false, false, reason);
    }
}
