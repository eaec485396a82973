package io.canopus.engine.canopus;

import io.canopus.engine.topology.ClusterTopology;

/**
 * Re-forms every rack after the whole cluster restarted, which the rack view changes cannot do:
 * a view change needs a majority of the current members, and after a whole-cluster restart every
 * member is a dead incarnation.
 * <p>
 * Why it is safe. Every node of the cluster restarted, so no node holds anything in memory and no
 * cycle can have committed anywhere beyond the highest cycle in some journal, {@code H}. Once every
 * node has reported its journal, the cycles up to {@code H} are exactly what the journals hold (a
 * node behind learns them from the others), and every rack starts afresh at {@code H + 1} with its
 * restarted incarnations. One node, the seed (the lowest id), decides, so there is one decision;
 * the others install it as a decided table, at an epoch above any epoch installed before.
 * <p>
 * Why reports must be fresh. The seed counts only reports that name its current incarnation, so a
 * report sent to an earlier life of the seed (before that life decided and crashed) never counts.
 * A node keeps its incarnation across restarts until it has installed a table (see
 * {@link CanopusNode#META_USED_INCARNATION}), so the incarnation it reported is still its own when
 * the decision reaches it.
 * <p>
 * What it needs: every node of the cluster back. With sync policy {@code none} a committed cycle can
 * be in one node's journal only, so deciding without every journal could lose acknowledged writes.
 */
final class ColdRestart
{
    /** The node that decides: the lowest node id. */
    static final int SEED = 0;

    private final int nodeCount;
    private final boolean[] heard;
    private final int[] incarnation;
    private final long[] committed;
    private final long[] epoch;
    private int heardCount;

    /** Non-seed: the seed incarnation last announced to this node (0 when never heard). */
    int seedIncarnation;

    private boolean decided;
    private long decidedThrough;
    private long decidedEpoch;
    private final int[] decidedIncarnation;

    ColdRestart(final int nodeCount)
    {
        this.nodeCount = nodeCount;
        heard = new boolean[nodeCount];
        incarnation = new int[nodeCount];
        committed = new long[nodeCount];
        epoch = new long[nodeCount];
        decidedIncarnation = new int[nodeCount];
    }

    /** Seed: a fresh report of {@code node}; a later report of the same node replaces the earlier. */
    void record(final int node, final int inc, final long committedCycle, final long highestEpoch)
    {
        if (!heard[node])
        {
            heard[node] = true;
            heardCount++;
        }
        incarnation[node] = inc;
        committed[node] = committedCycle;
        epoch[node] = highestEpoch;
    }

    /** @return true once every node of the cluster has reported to the current seed. */
    boolean everyNodeHeard()
    {
        return heardCount == nodeCount;
    }

    /** Seed: fixes the decision from the reports; called once, when every node has reported. */
    void decide()
    {
        assert everyNodeHeard() && !decided;
        long through = 0;
        long maxEpoch = -1;
        for (int n = 0; n < nodeCount; n++)
        {
            through = Math.max(through, committed[n]);
            maxEpoch = Math.max(maxEpoch, epoch[n]);
            decidedIncarnation[n] = incarnation[n];
        }
        decidedThrough = through;
        decidedEpoch = maxEpoch + 1;
        decided = true;
    }

    boolean decided()
    {
        return decided;
    }

    /** @return the highest journaled cycle in the cluster: every rack starts again after it. */
    long decidedThrough()
    {
        return decidedThrough;
    }

    /** @return the incarnation of {@code node} in the decision. */
    int decidedIncarnation(final int node)
    {
        return decidedIncarnation[node];
    }

    /** Writes the decided table of {@code rack}: its nodes as reported, members from {@code H + 1}. */
    void tableFor(final int rack, final ClusterTopology topology, final RackTable dst)
    {
        assert decided;
        dst.clear(decidedEpoch);
        final long from = decidedThrough + 1;
        for (final int node : topology.rackNodes(rack))
        {
            final boolean added = dst.add(node, decidedIncarnation[node], from, RackTable.ACTIVE, decidedThrough);
            assert added : "rack " + rack + " does not fit a table";
        }
    }
}
