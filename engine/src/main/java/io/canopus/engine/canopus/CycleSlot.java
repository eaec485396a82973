package io.canopus.engine.canopus;

/**
 * Everything a node tracks about one in-flight cycle. Slots live in a ring indexed by cycle and are
 * reset, never reallocated, when a cycle is committed.
 * <p>
 * A cycle is committed once the membership of every rack for the cycle is known ({@link #rackKnown})
 * and every listed proposal is held ({@link #rackComplete}). The own rack's membership becomes known
 * when round 1 completes; other racks' when a vnode state header names them.
 */
final class CycleSlot
{
    long cycle = -1;
    /** This node proposed in this cycle (as a member; non-members learn it instead). */
    boolean started;
    long startedAtNs;
    long lastPullNs;
    long ownRackWaitSinceNs;
    int pullRound;

    final ProposalCopy[] proposals;
    final boolean[] rackKnown;
    final boolean[] rackComplete;
    final int[] rackMemberCount;
    final int[][] rackMemberNode;
    final int[][] rackMemberInc;
    int racksComplete;

    /** Per sibling vnode (index into the node's sibling list): fetch progress. */
    final long[] fetchSentAtNs;
    final int[] fetchAttempts;
    final boolean[] relayPending;

    /** Learner fetch of the whole cycle (root state) when this node is not a member. */
    long learnSentAtNs;
    int learnAttempts;

    CycleSlot(final int nodeCount, final int rackCount, final int maxRackEntries, final int siblingCount)
    {
        proposals = new ProposalCopy[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            proposals[i] = new ProposalCopy();
        }
        rackKnown = new boolean[rackCount];
        rackComplete = new boolean[rackCount];
        rackMemberCount = new int[rackCount];
        rackMemberNode = new int[rackCount][maxRackEntries];
        rackMemberInc = new int[rackCount][maxRackEntries];
        fetchSentAtNs = new long[siblingCount];
        fetchAttempts = new int[siblingCount];
        relayPending = new boolean[siblingCount];
    }

    void reset(final long newCycle, final long nowNs)
    {
        cycle = newCycle;
        started = false;
        startedAtNs = nowNs;
        lastPullNs = nowNs;
        ownRackWaitSinceNs = nowNs;
        pullRound = 0;
        for (final ProposalCopy p : proposals)
        {
            if (p.present)
            {
                p.clear();
            }
        }
        java.util.Arrays.fill(rackKnown, false);
        java.util.Arrays.fill(rackComplete, false);
        java.util.Arrays.fill(rackMemberCount, 0);
        racksComplete = 0;
        java.util.Arrays.fill(fetchSentAtNs, 0);
        java.util.Arrays.fill(fetchAttempts, 0);
        java.util.Arrays.fill(relayPending, false);
        learnSentAtNs = 0;
        learnAttempts = 0;
    }

    void release()
    {
        cycle = -1;
    }

    boolean isFree()
    {
        return cycle < 0;
    }

    boolean allRacksComplete()
    {
        return racksComplete == rackComplete.length;
    }

    /**
     * Records which members make up a rack in this cycle.
     *
     * @return false when a different membership was already recorded: two emulators disagreeing
     * about a rack's state is a safety violation that callers must surface.
     */
    boolean setRackMembers(final int rack, final int count, final int[] nodes, final int[] incs)
    {
        if (rackKnown[rack])
        {
            return sameMembers(rack, count, nodes, incs);
        }
        rackKnown[rack] = true;
        rackMemberCount[rack] = count;
        System.arraycopy(nodes, 0, rackMemberNode[rack], 0, count);
        System.arraycopy(incs, 0, rackMemberInc[rack], 0, count);
        return true;
    }

    private boolean sameMembers(final int rack, final int count, final int[] nodes, final int[] incs)
    {
        if (rackMemberCount[rack] != count)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            boolean found = false;
            for (int j = 0; j < count; j++)
            {
                if (rackMemberNode[rack][j] == nodes[i] && rackMemberInc[rack][j] == incs[i])
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /** Re-evaluates whether every listed proposal of {@code rack} is held. */
    boolean refreshRack(final int rack)
    {
        if (rackComplete[rack] || !rackKnown[rack])
        {
            return rackComplete[rack];
        }
        for (int i = 0, n = rackMemberCount[rack]; i < n; i++)
        {
            final ProposalCopy p = proposals[rackMemberNode[rack][i]];
            if (!p.present || p.incarnation != rackMemberInc[rack][i])
            {
                return false;
            }
        }
        rackComplete[rack] = true;
        racksComplete++;
        return true;
    }
}
