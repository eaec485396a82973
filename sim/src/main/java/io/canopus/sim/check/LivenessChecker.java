package io.canopus.sim.check;

import java.util.Arrays;
import java.util.Locale;

/**
 * Liveness as a simulation can observe it: the cluster keeps committing. Safety checkers pass on a cluster
 * that does nothing, so every run also needs this one.
 *
 * <ul>
 *   <li>With faults, the claim is recovery: once the last fault healed at {@code healNs}, some write commits
 *       within {@code (healNs, healNs + bound]}. Progress during faults is not required (a partitioned
 *       minority may rightly stall).</li>
 *   <li>Without faults, the claim is steady progress: a first commit within {@code [0, bound]} and no
 *       stretch longer than {@code bound} without a commit, including the stretch from the last commit to the
 *       end of the run.</li>
 * </ul>
 * A run too short to have reached the deadline is UNKNOWN, not OK: absence of evidence either way.
 * Simulated time starts at 0.
 */
public final class LivenessChecker
{
    /** The {@code healNs} of a run without faults. */
    public static final long NO_FAULTS = -1;

    private LivenessChecker()
    {
    }

    /**
     * @param commitTimesNs simulated times of commits across the cluster, ascending.
     * @param healNs        when the last fault healed, or {@link #NO_FAULTS}.
     * @param runEndNs      when the run ended.
     * @param boundNs       the longest acceptable wait for a commit; positive.
     * @return OK, VIOLATED with the offending gap in milliseconds, or UNKNOWN when the run ended too early.
     */
    public static CheckResult check(
        final long[] commitTimesNs, final long healNs, final long runEndNs, final long boundNs)
    {
        if (boundNs <= 0)
        {
            throw new IllegalArgumentException("bound must be positive: " + boundNs);
        }
        for (int i = 1; i < commitTimesNs.length; i++)
        {
            if (commitTimesNs[i] < commitTimesNs[i - 1])
            {
                throw new IllegalArgumentException("commit times not ascending at index " + i);
            }
        }
        if (healNs == NO_FAULTS)
        {
            return checkSteadyProgress(commitTimesNs, runEndNs, boundNs);
        }
        if (healNs < 0)
        {
            throw new IllegalArgumentException("heal time must be >= 0 or NO_FAULTS: " + healNs);
        }
        return checkRecovery(commitTimesNs, healNs, runEndNs, boundNs);
    }

    private static CheckResult checkRecovery(
        final long[] commits, final long healNs, final long runEndNs, final long boundNs)
    {
        final int first = firstAfter(commits, healNs);
        if (first < commits.length && commits[first] - healNs <= boundNs)
        {
            return CheckResult.ok();
        }
        if (runEndNs - healNs < boundNs)
        {
            return CheckResult.unknown("run ended " + ms(runEndNs - healNs) + " after the last heal at " + ms(healNs) +
                ", before the bound of " + ms(boundNs) + ", without a commit");
        }
        if (first < commits.length)
        {
            return CheckResult.violated("first commit after the last heal at " + ms(healNs) + " came " +
                ms(commits[first] - healNs) + " later, longer than the bound of " + ms(boundNs));
        }
        return CheckResult.violated("no commit in the " + ms(runEndNs - healNs) + " from the last heal at " +
            ms(healNs) + " to the end of the run, bound " + ms(boundNs));
    }

    private static CheckResult checkSteadyProgress(final long[] commits, final long runEndNs, final long boundNs)
    {
        if (commits.length == 0 || commits[0] > boundNs)
        {
            if (runEndNs < boundNs)
            {
                return CheckResult.unknown("run ended at " + ms(runEndNs) + ", before the bound of " + ms(boundNs) +
                    ", without a commit");
            }
            return CheckResult.violated(commits.length == 0 ?
                "no commit in the whole run of " + ms(runEndNs) + ", bound " + ms(boundNs) :
                "first commit only at " + ms(commits[0]) + ", gap longer than the bound of " + ms(boundNs));
        }
        long worstGap = 0;
        long worstGapStart = 0;
        for (int i = 1; i < commits.length; i++)
        {
            final long gap = commits[i] - commits[i - 1];
            if (gap > worstGap)
            {
                worstGap = gap;
                worstGapStart = commits[i - 1];
            }
        }
        final long last = commits[commits.length - 1];
        final boolean tail = runEndNs - last > worstGap;
        if (tail)
        {
            worstGap = runEndNs - last;
            worstGapStart = last;
        }
        if (worstGap <= boundNs)
        {
            return CheckResult.ok();
        }
        return CheckResult.violated("no commit for " + ms(worstGap) + " from " + ms(worstGapStart) +
            (tail ? " to the end of the run" : "") + ", longer than the bound of " + ms(boundNs));
    }

    /**
     * The weaker claim of a run without client load: the cluster became able to commit, a first commit
     * of any kind within {@code (0, bound]}. Later faults are not asked about: without writes to wait
     * for, a protocol with a stable leader rightly commits nothing more, so silence proves nothing.
     *
     * @param commitTimesNs simulated times of every commit across the cluster, ascending.
     * @param runEndNs      when the run ended.
     * @param boundNs       the longest acceptable wait; positive.
     * @return OK, VIOLATED, or UNKNOWN when the run ended before the bound without a commit.
     */
    public static CheckResult checkReady(final long[] commitTimesNs, final long runEndNs, final long boundNs)
    {
        if (boundNs <= 0)
        {
            throw new IllegalArgumentException("bound must be positive: " + boundNs);
        }
        return checkRecovery(commitTimesNs, 0, runEndNs, boundNs);
    }

    /** @return index of the first commit strictly after {@code timeNs}, or the length if none. */
    private static int firstAfter(final long[] commits, final long timeNs)
    {
        int i = Arrays.binarySearch(commits, timeNs);
        if (i < 0)
        {
            return -i - 1;
        }
        while (i < commits.length && commits[i] == timeNs)
        {
            i++;
        }
        return i;
    }

    private static String ms(final long ns)
    {
        return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }
}
