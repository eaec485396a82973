package io.canopus.engine.canopus;

/**
 * The membership of one rack, as decided by its view changes: a numbered epoch and a table of
 * entries {@code (node, incarnation, fromCycle, toCycle, horizon)}. An entry takes part in every
 * cycle in {@code [fromCycle, toCycle]}; {@code toCycle == ACTIVE} while it is a member.
 * <p>
 * Each view change alters exactly one entry (a removal sets its {@code toCycle}, a join adds an
 * entry), so the active sets of two consecutive epochs always share a majority member; that is
 * what lets a majority quorum of the current epoch see everything a majority of the previous one
 * reported. {@code horizon} is the highest cycle up to which some quorum reported holding the
 * entry's proposals without a gap; it only grows from epoch to epoch, and it bounds every cycle
 * that any node may have completed (see {@link ViewChange}).
 */
public final class RackTable
{
    /** A toCycle meaning "still a member". */
    public static final long ACTIVE = Long.MAX_VALUE;
    /** Entries kept at most; removed entries far behind every active horizon are pruned first. */
    public static final int MAX_ENTRIES = 64;

    private long epoch = -1;
    private int size;
    private int activeCount;
    private long prunedBelow = 0;
    private final int[] node = new int[MAX_ENTRIES];
    private final int[] incarnation = new int[MAX_ENTRIES];
    private final long[] from = new long[MAX_ENTRIES];
    private final long[] to = new long[MAX_ENTRIES];
    private final long[] horizon = new long[MAX_ENTRIES];

    /** @return true once a decided table is known (epoch >= 0). */
    public boolean isKnown()
    {
        return epoch >= 0;
    }

    public long epoch()
    {
        return epoch;
    }

    public int size()
    {
        return size;
    }

    public int node(final int i)
    {
        return node[i];
    }

    public int incarnation(final int i)
    {
        return incarnation[i];
    }

    public long from(final int i)
    {
        return from[i];
    }

    public long to(final int i)
    {
        return to[i];
    }

    public long horizon(final int i)
    {
        return horizon[i];
    }

    public boolean isActive(final int i)
    {
        return to[i] == ACTIVE;
    }

    /** @return cycles below this have had their membership pruned from the table; treat them as learner cycles. */
    public long prunedBelow()
    {
        return prunedBelow;
    }

    /** @return the entry index of (node, incarnation), or -1. */
    public int indexOf(final int nodeId, final int inc)
    {
        for (int i = 0; i < size; i++)
        {
            if (node[i] == nodeId && incarnation[i] == inc)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the active entry of a node (any incarnation), or -1. */
    public int activeIndexOfNode(final int nodeId)
    {
        for (int i = 0; i < size; i++)
        {
            if (node[i] == nodeId && to[i] == ACTIVE)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return true when entry i takes part in {@code cycle}. */
    public boolean covers(final int i, final long cycle)
    {
        return from[i] <= cycle && cycle <= to[i];
    }

    /** @return true when (node, incarnation) takes part in {@code cycle}. */
    public boolean isMember(final int nodeId, final int inc, final long cycle)
    {
        final int i = indexOf(nodeId, inc);
        return i >= 0 && covers(i, cycle) && cycle >= prunedBelow;
    }

    public int activeCount()
    {
        return activeCount;
    }

    private void recountActive()
    {
        int count = 0;
        for (int i = 0; i < size; i++)
        {
            if (to[i] == ACTIVE)
            {
                count++;
            }
        }
        activeCount = count;
    }

    /** @return the size of a majority of the active entries. */
    public int majority()
    {
        return activeCount() / 2 + 1;
    }

    /** Sets the table of epoch 0: every configured node of the rack, incarnation 1, from cycle 1. */
    public void initial(final int[] rackNodes)
    {
        if (rackNodes.length > MAX_ENTRIES)
        {
            throw new IllegalArgumentException("rack of " + rackNodes.length + " nodes exceeds " + MAX_ENTRIES);
        }
        epoch = 0;
        size = 0;
        activeCount = 0;
        prunedBelow = 0;
        for (final int n : rackNodes)
        {
            add(n, 1, 1, ACTIVE, 0);
        }
    }

    /** Empties the table and sets its epoch (used while decoding a table from the wire). */
    public void clear(final long newEpoch)
    {
        epoch = newEpoch;
        size = 0;
        activeCount = 0;
        prunedBelow = 0;
    }

    public void prunedBelow(final long cycle)
    {
        prunedBelow = cycle;
    }

    /** Appends an entry; returns false when the table is full. */
    public boolean add(final int nodeId, final int inc, final long fromCycle, final long toCycle, final long h)
    {
        if (size == MAX_ENTRIES)
        {
            return false;
        }
        node[size] = nodeId;
        incarnation[size] = inc;
        from[size] = fromCycle;
        to[size] = toCycle;
        horizon[size] = h;
        size++;
        recountActive();
        return true;
    }

    public void setTo(final int i, final long toCycle)
    {
        to[i] = toCycle;
        recountActive();
    }

    public void setHorizon(final int i, final long h)
    {
        horizon[i] = h;
    }

    public void copyFrom(final RackTable other)
    {
        epoch = other.epoch;
        size = other.size;
        prunedBelow = other.prunedBelow;
        System.arraycopy(other.node, 0, node, 0, size);
        System.arraycopy(other.incarnation, 0, incarnation, 0, size);
        System.arraycopy(other.from, 0, from, 0, size);
        System.arraycopy(other.to, 0, to, 0, size);
        System.arraycopy(other.horizon, 0, horizon, 0, size);
        activeCount = other.activeCount;
    }

    public void epoch(final long epoch)
    {
        this.epoch = epoch;
    }

    /**
     * Drops removed entries whose last cycle lies more than {@code slack} cycles below every active
     * entry's horizon: no node still inside the pipeline window needs them, and a node further
     * behind than that catches up by fetching whole committed cycles instead.
     */
    public void prune(final long slack)
    {
        if (size < MAX_ENTRIES / 2)
        {
            return;
        }
        long minActiveHorizon = Long.MAX_VALUE;
        for (int i = 0; i < size; i++)
        {
            if (to[i] == ACTIVE)
            {
                minActiveHorizon = Math.min(minActiveHorizon, horizon[i]);
            }
        }
        int w = 0;
        for (int i = 0; i < size; i++)
        {
            if (to[i] != ACTIVE && to[i] + slack < minActiveHorizon)
            {
                prunedBelow = Math.max(prunedBelow, to[i] + 1);
                continue;
            }
            node[w] = node[i];
            incarnation[w] = incarnation[i];
            from[w] = from[i];
            to[w] = to[i];
            horizon[w] = horizon[i];
            w++;
        }
        size = w;
        recountActive();
    }

    /**
     * @return true when no two entries of the same node take part in a common cycle: a cycle holds
     * one proposal per node, so overlapping incarnations could never complete round 1.
     */
    public boolean incarnationsDisjoint()
    {
        for (int i = 0; i < size; i++)
        {
            for (int j = i + 1; j < size; j++)
            {
                if (node[i] == node[j] && from[i] <= to[j] && from[j] <= to[i])
                {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("RackTable{epoch=").append(epoch).append(", entries=[");
        for (int i = 0; i < size; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(node[i]).append('@').append(incarnation[i])
                .append(" [").append(from[i]).append("..").append(to[i] == ACTIVE ? "" : String.valueOf(to[i]))
                .append("] h=").append(horizon[i]);
        }
        return sb.append("]}").toString();
    }
}
