package io.canopus.engine.canopus;

import org.agrona.MutableDirectBuffer;

/**
 * The ordering and merging step of a commit: the proposals that every rack's known membership lists
 * for a cycle, put in commit order, sorted by {@code (random, nodeId)}, and merged into the cycle's
 * journal record ({@link CommitRecord}: the root {@code StateHeader} naming them in that order, then
 * each proposal frame exactly as it travelled).
 *
 * <p>Runs once per committed cycle on the duty-cycle thread, so it must not allocate: the scratch
 * arrays are sized once for the cluster's node count, and the sort is an insertion sort in place
 * (a cycle has one proposal per member, a few dozen at most, already nearly sorted by rack).
 *
 * <p>Not thread-safe; one instance per node.
 */
final class CycleMerge
{
    private final int[] order;
    private final int[] incarnations;
    private int count;

    /** @param nodeCount nodes in the cluster: the most proposals a cycle can have. */
    CycleMerge(final int nodeCount)
    {
        order = new int[nodeCount];
        incarnations = new int[nodeCount];
    }

    /**
     * Collects the proposals that the known membership of every rack lists for the slot's cycle and
     * orders them by {@code (random, nodeId)}, the committed order.
     *
     * @return how many proposals the cycle has.
     */
    int order(final CycleSlot slot)
    {
        int n = 0;
        for (int r = 0; r < slot.rackMemberCount.length; r++)
        {
            final int[] members = slot.rackMemberNode[r];
            for (int i = 0, m = slot.rackMemberCount[r]; i < m; i++)
            {
                order[n++] = members[i];
            }
        }
        sortByRandomThenNode(slot.proposals, order, n);
        count = n;
        return n;
    }

    /** @return the proposer of the {@code i}-th proposal in committed order (after {@link #order}). */
    int node(final int i)
    {
        return order[i];
    }

    /**
     * Merges the ordered proposals of the slot into one journal record at offset 0 of {@code record}.
     *
     * @return the record's length.
     */
    int merge(final Wire wire, final CycleSlot slot, final int height, final MutableDirectBuffer record)
    {
        final ProposalCopy[] proposals = slot.proposals;
        for (int i = 0; i < count; i++)
        {
            incarnations[i] = proposals[order[i]].incarnation;
        }
        int position = wire.encodeRootHeader(record, slot.cycle, height, order, incarnations, count);
        for (int i = 0; i < count; i++)
        {
            final ProposalCopy copy = proposals[order[i]];
            position = CommitRecord.appendFrame(record, position, copy.frame, 0, copy.length);
        }
        return position;
    }

    /** Insertion sort of {@code order[0..n)} by the proposals' random keys, ties by node id. */
    static void sortByRandomThenNode(final ProposalCopy[] proposals, final int[] order, final int n)
    {
        for (int i = 1; i < n; i++)
        {
            final int node = order[i];
            final long key = proposals[node].random;
            int j = i - 1;
            while (j >= 0 && (proposals[order[j]].random > key || (proposals[order[j]].random == key && order[j] > node)))
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = node;
        }
    }
}
