package io.canopus.engine.canopus;

import java.util.Arrays;

/**
 * Uniform delivery inside a rack. Every member reports, per table entry, the highest cycle up to
 * which it holds that entry's proposals with no gap ("held through"). A proposal P(c, m) is stable
 * once a majority of the rack's active members report holding m's proposals through c; round 1 of a
 * cycle may end only when every member's proposal is stable.
 * <p>
 * Why "through" and not per-cycle: a removal must fix the last cycle of the removed member so that
 * every proposal of it that anyone may have seen stable is kept, and nothing after it. With gap-free
 * reports that last cycle is simply the highest report any quorum member gives (see {@link ViewChange}).
 * <p>
 * Reports only count within one epoch: on every view change the matrix is cleared and members
 * report again.
 */
final class StabilityTracker
{
    static final long NONE = Long.MIN_VALUE;
    static final long VACUOUS = Long.MAX_VALUE;

    /** reported[reporterEntry][memberEntry]. */
    private final long[][] reported = new long[RackTable.MAX_ENTRIES][RackTable.MAX_ENTRIES];
    /** This node's own holdings per member entry. */
    final long[] heldThrough = new long[RackTable.MAX_ENTRIES];
    /** Per member entry: the highest cycle through which a majority holds its proposals. */
    final long[] stableThrough = new long[RackTable.MAX_ENTRIES];
    final long[] lastHeardNs = new long[RackTable.MAX_ENTRIES];
    private final long[] scratch = new long[RackTable.MAX_ENTRIES];
    /** Holdings changed since the last report: send one. */
    boolean dirty;
    /** Something stability depends on changed (a proposal, a report, a commit, the table): recompute. */
    boolean stale = true;

    void reset(final long nowNs)
    {
        for (final long[] row : reported)
        {
            Arrays.fill(row, NONE);
        }
        Arrays.fill(heldThrough, NONE);
        Arrays.fill(stableThrough, NONE);
        Arrays.fill(lastHeardNs, nowNs);
        dirty = true;
        stale = true;
    }

    void onReport(final int reporterEntry, final int memberEntry, final long held)
    {
        if (held > reported[reporterEntry][memberEntry])
        {
            reported[reporterEntry][memberEntry] = held;
            stale = true;
        }
    }

    long reported(final int reporterEntry, final int memberEntry)
    {
        return reported[reporterEntry][memberEntry];
    }

    /** Recomputes {@link #stableThrough} from the reports of the active entries. */
    void recompute(final RackTable table, final int selfEntry)
    {
        final int majority = table.majority();
        for (int m = 0, size = table.size(); m < size; m++)
        {
            int n = 0;
            for (int r = 0; r < size; r++)
            {
                if (table.isActive(r))
                {
                    scratch[n++] = r == selfEntry ? heldThrough[m] : reported[r][m];
                }
            }
            if (n < majority)
            {
                stableThrough[m] = NONE;
                continue;
            }
            Arrays.sort(scratch, 0, n);
            stableThrough[m] = scratch[n - majority]; // the majority-th largest
        }
    }
}
