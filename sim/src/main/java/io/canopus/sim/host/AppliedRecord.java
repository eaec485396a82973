package io.canopus.sim.host;

import org.agrona.collections.LongArrayList;

/**
 * What one node applied and committed over the whole run, across its crashes, for the checkers.
 * <p>
 * Restart policy: a restarted node replays its durable log and reports those positions again. This
 * record keeps everything the node ever applied and treats any report at or below the highest
 * position already recorded as a replay: instead of appending it again, it checks that the replay
 * matches what was recorded at that position, and counts mismatches (a node that applied something
 * before a crash that its own durable log then contradicts is a real bug: it may have acknowledged a
 * write it then lost). Keeping the pre-crash history, rather than resetting at restart, means
 * acknowledged writes a node applied stay visible to the checkers even if the node later loses them.
 * A position recorded only in part (a node that applies one position across several calls and
 * crashed in between) is completed from the replay.
 * <p>
 * Outside a replay, a node reporting a position below one it already applied is flagged the same way.
 * <p>
 * Commits are recorded the same way: a commit report at or below the recorded high-water mark is
 * a replay and ignored.
 */
public final class AppliedRecord
{
    private final LongArrayList positions = new LongArrayList();
    private final LongArrayList sessions = new LongArrayList();
    private final LongArrayList sequences = new LongArrayList();
    private final LongArrayList duplicateFlags = new LongArrayList();

    private final LongArrayList commitPositions = new LongArrayList();
    private final LongArrayList commitTimesNs = new LongArrayList();
    private final LongArrayList commitWrites = new LongArrayList();

    private long appliedHighWater;
    private long committedHighWater;
    private boolean replaying;
    private long replayPosition = -1;
    private int replayCursor;
    private long replayed;
    private long replayMismatches;
    private String firstMismatch;

    /** Called when a new incarnation starts: whatever it reports up to the high-water mark is replay. */
    public void onRestart()
    {
        replaying = appliedHighWater > 0;
        replayPosition = -1;
        replayCursor = 0;
    }

    public void onApplied(final long position, final long sessionId, final long sequence, final boolean duplicate)
    {
        if (replaying && position <= appliedHighWater)
        {
            if (position != replayPosition)
            {
                replayPosition = position;
                replayCursor = lowerBound(position);
            }
            final int i = replayCursor;
            if (i < positions.size() && positions.getLong(i) == position)
            {
                replayCursor++;
                replayed++;
                if (sessions.getLong(i) != sessionId || sequences.getLong(i) != sequence || (duplicateFlags.getLong(i) != 0) != duplicate)
                {
                    mismatch(position, i, sessionId, sequence, duplicate);
                }
                return;
            }
            if (position != appliedHighWater)
            {
                mismatch(position, i, sessionId, sequence, duplicate);
                return;
            }
            // The high-water position was recorded only in part before the crash: the rest is new.
        }
        replaying = false;
        if (position < appliedHighWater)
        {
            // Out of order outside a replay: recorded as reported, and flagged.
            mismatch(position, positions.size(), sessionId, sequence, duplicate);
        }
        appliedHighWater = Math.max(appliedHighWater, position);
        positions.addLong(position);
        sessions.addLong(sessionId);
        sequences.addLong(sequence);
        duplicateFlags.addLong(duplicate ? 1 : 0);
    }

    public void onCommitted(final long position, final int writes, final long nowNs)
    {
        if (position <= committedHighWater)
        {
            return;
        }
        committedHighWater = position;
        commitPositions.addLong(position);
        commitTimesNs.addLong(nowNs);
        commitWrites.addLong(writes);
    }

    private void mismatch(final long position, final int index, final long sessionId, final long sequence, final boolean duplicate)
    {
        replayMismatches++;
        if (firstMismatch == null)
        {
            firstMismatch = (replaying ? "replay of position " : "out-of-order apply at position ") + position +
                " reported write (" + sessionId + "," + sequence + (duplicate ? ",dup" : "") + ") where the node had applied " +
                (index < positions.size() && positions.getLong(index) == position ?
                "(" + sessions.getLong(index) + "," + sequences.getLong(index) + (duplicateFlags.getLong(index) != 0 ? ",dup" : "") + ")" :
                "nothing more");
        }
    }

    private int lowerBound(final long position)
    {
        int lo = 0;
        int hi = positions.size();
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (positions.getLong(mid) < position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return the number of applied writes recorded (duplicates included). */
    public int appliedCount()
    {
        return positions.size();
    }

    public long position(final int index)
    {
        return positions.getLong(index);
    }

    public long sessionId(final int index)
    {
        return sessions.getLong(index);
    }

    public long sequence(final int index)
    {
        return sequences.getLong(index);
    }

    public boolean duplicate(final int index)
    {
        return duplicateFlags.getLong(index) != 0;
    }

    public long appliedHighWater()
    {
        return appliedHighWater;
    }

    public long committedHighWater()
    {
        return committedHighWater;
    }

    /** @return the number of first-time commits recorded. */
    public int commitCount()
    {
        return commitPositions.size();
    }

    public long commitPosition(final int index)
    {
        return commitPositions.getLong(index);
    }

    public long commitTimeNs(final int index)
    {
        return commitTimesNs.getLong(index);
    }

    public int commitWrites(final int index)
    {
        return (int)commitWrites.getLong(index);
    }

    /** @return applied writes reported again by a restarted node and checked against the record. */
    public long replayed()
    {
        return replayed;
    }

    /**
     * @return replayed writes that differed from what the node had applied before its crash, plus
     * writes applied out of position order.
     */
    public long replayMismatches()
    {
        return replayMismatches;
    }

    /** @return a description of the first replay mismatch, or null. */
    public String firstMismatch()
    {
        return firstMismatch;
    }
}
