package io.canopus.engine.canopus;

/**
 * Rack-local agreement on the next membership table: single-decree Paxos per epoch among the
 * active members of the current table, with a majority quorum.
 * <p>
 * Safety argument, in short:
 * <ol>
 *   <li>A member that promises for epoch e+1 freezes: it sends no further reports in epoch e and
 *   completes no further round 1 in epoch e. Its promise carries its held-through values.</li>
 *   <li>If some node completed round 1 of cycle c in epoch e, then for every member m of the cycle a
 *   majority of epoch e's active members reported holding m through c; that majority meets any
 *   promising quorum, so the chosen table's horizon for m is at least c. Horizons are carried as a
 *   maximum from epoch to epoch, so this holds for every later epoch as well.</li>
 *   <li>A removal sets the member's last cycle to its horizon and a join starts the new member
 *   after the lowest active horizon, so no decision ever changes the membership of a cycle that
 *   anyone may have completed. Everything a removed member proposed up to its last cycle was held
 *   by a quorum member, so those cycles can still complete.</li>
 *   <li>A crashed node restarts with a new incarnation and never acts for its old one, so acceptor
 *   state can be volatile: the old incarnation is simply a silent acceptor.</li>
 * </ol>
 */
final class ViewChange
{
    static final int OP_NONE = 0;
    static final int OP_REMOVE = 1;
    static final int OP_JOIN = 2;

    // ---- acceptor state, for epoch promisedEpoch ----
    long promisedEpoch = -1;
    long promisedRound = -1;
    int promisedNode = -1;
    long acceptedEpoch = -1;
    long acceptedRound = -1;
    int acceptedNode = -1;
    final RackTable acceptedValue = new RackTable();
    /** True after promising for table.epoch + 1: no reports, no round-1 completion. */
    boolean frozen;
    final long[] frozenHeld = new long[RackTable.MAX_ENTRIES];
    long frozenRetryAtNs;

    // ---- coordinator state ----
    boolean coordinating;
    boolean accepting;
    long coordEpoch = -1;
    long coordRound;
    long phaseStartNs;
    long retryAtNs;
    int op = OP_NONE;
    int opNode;
    int opIncarnation;
    final boolean[] promiseFrom = new boolean[RackTable.MAX_ENTRIES];
    final long[][] promiseHeld = new long[RackTable.MAX_ENTRIES][RackTable.MAX_ENTRIES];
    int promises;
    long bestAcceptedRound = -1;
    int bestAcceptedNode = -1;
    final RackTable bestAccepted = new RackTable();
    final boolean[] acceptFrom = new boolean[RackTable.MAX_ENTRIES];
    int accepts;
    final RackTable value = new RackTable();
    long maxRoundSeen;

    /** Joins asked of this node: (node, incarnation), bounded by the rack's size. */
    final int[] joinNode = new int[RackTable.MAX_ENTRIES];
    final int[] joinIncarnation = new int[RackTable.MAX_ENTRIES];
    int joins;

    static boolean ballotGreater(final long roundA, final int nodeA, final long roundB, final int nodeB)
    {
        return roundA > roundB || (roundA == roundB && nodeA > nodeB);
    }

    void resetForEpoch()
    {
        frozen = false;
        coordinating = false;
        accepting = false;
        op = OP_NONE;
        promises = 0;
        accepts = 0;
        java.util.Arrays.fill(promiseFrom, false);
        java.util.Arrays.fill(acceptFrom, false);
        bestAcceptedRound = -1;
        bestAcceptedNode = -1;
    }

    void addJoin(final int nodeId, final int inc)
    {
        for (int i = 0; i < joins; i++)
        {
            if (joinNode[i] == nodeId)
            {
                joinIncarnation[i] = Math.max(joinIncarnation[i], inc);
                return;
            }
        }
        if (joins < joinNode.length)
        {
            joinNode[joins] = nodeId;
            joinIncarnation[joins] = inc;
            joins++;
        }
    }

    /** Drops join requests that the table already satisfies (that incarnation or a later one is in it). */
    void pruneJoins(final RackTable table)
    {
        int w = 0;
        for (int i = 0; i < joins; i++)
        {
            final int active = table.activeIndexOfNode(joinNode[i]);
            if (table.indexOf(joinNode[i], joinIncarnation[i]) >= 0 || active >= 0 && table.incarnation(active) >= joinIncarnation[i])
            {
                continue;
            }
            joinNode[w] = joinNode[i];
            joinIncarnation[w] = joinIncarnation[i];
            w++;
        }
        joins = w;
    }

    /**
     * Computes the table of {@code table.epoch() + 1} from the promises of a quorum: carried-forward
     * horizons raised to the highest held-through any promiser reported, then one change.
     *
     * When the change no longer applies (the member is already removed, the joiner already in) the
     * value is a no-op that only moves the epoch on: a frozen rack must always reach a decision.
     *
     * @return true when the value carries the requested change, false for a no-op.
     */
    boolean computeValue(final RackTable table, final long pruneSlack)
    {
        value.copyFrom(table);
        value.epoch(table.epoch() + 1);
        for (int m = 0; m < value.size(); m++)
        {
            long h = value.horizon(m);
            for (int r = 0; r < table.size(); r++)
            {
                if (promiseFrom[r])
                {
                    final long held = promiseHeld[r][m];
                    if (held != StabilityTracker.NONE && held > h)
                    {
                        h = Math.min(held, value.to(m) == RackTable.ACTIVE ? held : value.to(m));
                    }
                }
            }
            value.setHorizon(m, h);
        }
        if (op == OP_REMOVE)
        {
            final int m = value.indexOf(opNode, opIncarnation);
            if (m < 0 || !value.isActive(m))
            {
                return false;
            }
            value.setTo(m, value.horizon(m));
            value.prune(pruneSlack);
        }
        else if (op == OP_JOIN)
        {
            if (value.indexOf(opNode, opIncarnation) >= 0 || value.activeIndexOfNode(opNode) >= 0)
            {
                return false;
            }
            long minActive = Long.MAX_VALUE;
            for (int m = 0; m < value.size(); m++)
            {
                if (value.isActive(m))
                {
                    minActive = Math.min(minActive, value.horizon(m));
                }
            }
            long from = (minActive == Long.MAX_VALUE ? 0 : minActive) + 1;
            // A cycle holds one proposal per node: the new incarnation starts only after every earlier
            // incarnation of the same node has ended (its last cycle can lie beyond the active horizons).
            for (int m = 0; m < value.size(); m++)
            {
                if (value.node(m) == opNode && value.to(m) != RackTable.ACTIVE)
                {
                    from = Math.max(from, value.to(m) + 1);
                }
            }
            value.prune(pruneSlack);
            if (!value.add(opNode, opIncarnation, from, RackTable.ACTIVE, from - 1))
            {
                return false;
            }
        }
        else
        {
            return false;
        }
        return true;
    }
}
