package io.canopus.journal;

import java.util.Arrays;

/**
 * Maps a journal position to the Chronicle index of its excerpt without an entry per record.
 * <p>
 * Chronicle numbers the data excerpts of one roll cycle with contiguous sequence numbers, and
 * journal positions are contiguous too, so positions and indexes advance together in long
 * <em>runs</em>: a run is (first position, first index) and covers every position up to the next
 * run's first position. A new run starts only where the two stop advancing together: at a roll to a
 * new cycle file (the index jumps to the next cycle) and after a truncation (the torn excerpts and
 * the marker keep their indexes but hold no position). So the map grows by 16 bytes per roll cycle
 * or truncation, not per record.
 * <p>
 * Lookups of recent positions, the common case (serving lagging peers), hit the last run at once;
 * others binary search the runs. Not thread-safe.
 */
final class PositionIndex
{
    private long[] runPositions = new long[16];
    private long[] runIndexes = new long[16];
    private int runs;
    private long lastPosition;
    private long lastIndex;

    /**
     * Records that {@code position} is held by the excerpt at Chronicle {@code index}.
     * {@code position} must be {@link #lastPosition()} + 1 unless the map is empty, and indexes must
     * increase (the caller checks both).
     */
    void add(final long position, final long index)
    {
        if (runs > 0 && position == lastPosition + 1 && index == lastIndex + 1)
        {
            lastPosition = position;
            lastIndex = index;
            return;
        }
        if (runs == runPositions.length)
        {
            runPositions = Arrays.copyOf(runPositions, runs * 2);
            runIndexes = Arrays.copyOf(runIndexes, runs * 2);
        }
        runPositions[runs] = position;
        runIndexes[runs] = index;
        runs++;
        lastPosition = position;
        lastIndex = index;
    }

    /** @return the Chronicle index of {@code position}, or -1 when the map does not hold it. */
    long indexOf(final long position)
    {
        final int runs = this.runs;
        if (runs == 0 || position > lastPosition || position < runPositions[0])
        {
            return -1;
        }
        int lo = runs - 1;
        if (position < runPositions[lo])
        {
            // Binary search for the last run starting at or before position.
            lo = 0;
            int hi = runs - 2;
            while (lo < hi)
            {
                final int mid = (lo + hi + 1) >>> 1;
                if (runPositions[mid] <= position)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }
        }
        return runIndexes[lo] + (position - runPositions[lo]);
    }

    /** @return the first position held, 0 when empty. */
    long firstPosition()
    {
        return runs == 0 ? 0 : runPositions[0];
    }

    /** @return the last position held, 0 when empty. */
    long lastPosition()
    {
        return lastPosition;
    }

    /** @return the Chronicle index of the last position held, -1 when empty. */
    long lastIndex()
    {
        return runs == 0 ? -1 : lastIndex;
    }

    /** @return how many runs the map holds (its size is proportional to this). */
    int runs()
    {
        return runs;
    }
}
