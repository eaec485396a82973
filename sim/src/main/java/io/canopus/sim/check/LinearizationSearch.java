package io.canopus.sim.check;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether the operations on one key are linearizable, by the depth-first search of Wing &amp; Gong
 * with Lowe's memoisation, over Porcupine's event list.
 *
 * <p>Every operation becomes an invocation entry and a response entry in one list sorted by time. An
 * operation may be linearized next exactly when its invocation comes before the first response still in
 * the list: everything invoked before that response could have taken effect before it, and the operation
 * owning that response (the <em>deadline</em>) must have taken effect before it. A node of the search is a
 * configuration (operations linearized so far, register value); its children are the candidates whose step
 * the {@link KvRegisterModel} allows and whose resulting configuration is not yet in the
 * {@link LinearizationCache}. Linearizing an operation unlinks its two entries (dancing-links style, so
 * backtracking relinks them in O(1)). An empty list is a linearization; a root with no child left proves
 * there is none.
 *
 * <p>Three refinements keep a busy key tractable without losing exactness (the exhaustive-search property
 * test compares the verdicts on thousands of small histories): an allowed read-only operation is taken
 * without branching, configurations where some operation is {@link StrandedReads stranded} are cut at once,
 * and writes are tried in just-in-time order (see {@link #collectCandidates}). What remains exponential is
 * the order of concurrent writes of a value that is written again later; a hot key written by dozens of
 * concurrent clients from a small value range can exhaust the state budget (UNKNOWN). Workloads that write
 * distinct values avoid it.
 *
 * <p><b>Ties.</b> At equal times invocations sort before responses. An operation that was answered at the
 * same nanosecond another was invoked is then treated as concurrent with it rather than as preceding it.
 * This admits more orders, so the checker may miss an anomaly hidden inside a single nanosecond but never
 * reports one that a different reading of the tie would explain; a checker whose VIOLATED must be trusted
 * should err this way.
 *
 * <p><b>Indeterminate writes</b> ({@link KvRegisterModel#isIndeterminate}) get their response at the end of
 * time, after every real response. They can be linearized anywhere after their invocation, and reaching one
 * of their responses means every determinate operation (whose responses all come earlier) is already
 * linearized, so the search succeeds there: the remaining indeterminate writes simply never happened.
 *
 * <p>Operation ids are the invocation order of the determinate operations followed by the indeterminate
 * ones, kept in two bit sets: the determinate set is then a dense prefix plus a short window, the shape the
 * cache stores compactly.
 */
final class LinearizationSearch
{
    private static final int NIL = -1;
    private static final int DESCRIBED_OPS = 12;
    private static final int DESCRIBED_HISTORY = 3;

    private final KvOperation[] ops;
    private final byte[] kinds;
    private final long[] values;
    private final long[] expecteds;
    private final long maxStates;
    /** Operations [0, determinateCount) are determinate, the rest indeterminate. */
    private final int determinateCount;
    private final StrandedReads stranded;
    private long[] determinateDone;
    private long[] indeterminateDone;

    /** Entry e: operation e >>> 1; even e is the invocation, odd e the response. Head sentinel: 2n. */
    private final int[] next;
    private final int[] prev;
    private final int head;

    /** The candidate lists of every node on the current path, back to back. */
    private int[] candidates = new int[256];
    private long exploredStates;
    private int bestDepth = -1;
    private long bestState;
    private int bestBlockedOp;
    private int bestStrandedOp;
    private final int[] bestRecent = new int[DESCRIBED_HISTORY];
    private int bestRecentCount;
    private final int[] bestOpen = new int[DESCRIBED_OPS];
    private int bestOpenCount;

    /**
     * @param keyOps    the relevant operations on one key (see {@link KvRegisterModel#isRelevant}).
     * @param maxStates the search gives up after adding this many configurations to its cache.
     */
    LinearizationSearch(final List<KvOperation> keyOps, final long maxStates)
    {
        this.maxStates = maxStates;
        final int n = keyOps.size();
        ops = keyOps.toArray(new KvOperation[0]);
        Arrays.sort(ops, Comparator
            .comparing((KvOperation op) -> KvRegisterModel.isIndeterminate(KvRegisterModel.kindOf(op)))
            .thenComparingLong(KvOperation::invokeNs)
            .thenComparingLong(KvOperation::completeNs));
        kinds = new byte[n];
        values = new long[n];
        expecteds = new long[n];
        int determinate = 0;
        for (int i = 0; i < n; i++)
        {
            final KvOperation op = ops[i];
            kinds[i] = KvRegisterModel.kindOf(op);
            determinate += KvRegisterModel.isIndeterminate(kinds[i]) ? 0 : 1;
            values[i] = op.value();
            expecteds[i] = op.expected();
        }
        determinateCount = determinate;
        stranded = new StrandedReads(kinds, values, expecteds);

        final Integer[] order = new Integer[2 * n];
        for (int e = 0; e < order.length; e++)
        {
            order[e] = e;
        }
        Arrays.sort(order, Comparator
            .comparingLong((Integer e) -> timeOf(e))
            .thenComparingInt(e -> e & 1)
            .thenComparingInt(e -> e));

        head = 2 * n;
        next = new int[2 * n + 1];
        prev = new int[2 * n + 1];
        int last = head;
        for (final Integer e : order)
        {
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = NIL;
    }

    private long timeOf(final int entry)
    {
        final int op = entry >>> 1;
        if ((entry & 1) == 0)
        {
            return ops[op].invokeNs();
        }
        return KvRegisterModel.isIndeterminate(kinds[op]) ? Long.MAX_VALUE : ops[op].completeNs();
    }

    /** @return OK, VIOLATED (see {@link #description()}) or UNKNOWN when the state budget ran out. */
    Verdict run()
    {
        final int n = ops.length;
        determinateDone = new long[(determinateCount + 63) >>> 6];
        indeterminateDone = new long[(n - determinateCount + 63) >>> 6];
        final int[] chosen = new int[n + 1];
        final long[] stateBefore = new long[n + 1];
        final int[] candidatesEnd = new int[n + 1];
        final int[] candidatesNext = new int[n + 1];
        final LinearizationCache cache = new LinearizationCache();
        int depth = 0;
        long state = KvRegisterModel.INITIAL;
        boolean entered = true;

        while (true)
        {
            if (entered)
            {
                final int deadline = firstResponse();
                if (deadline == NIL || KvRegisterModel.isIndeterminate(kinds[deadline >>> 1]))
                {
                    return Verdict.OK;
                }
                final int from = depth == 0 ? 0 : candidatesEnd[depth - 1];
                candidatesNext[depth] = from;
                candidatesEnd[depth] = collectCandidates(deadline, state, from);
                entered = false;
            }

            if (candidatesNext[depth] < candidatesEnd[depth])
            {
                final int call = candidates[candidatesNext[depth]++];
                final int op = call >>> 1;
                final long newState = KvRegisterModel.apply(kinds[op], values[op], state);
                flip(op);
                final int added = cache.add(determinateDone, indeterminateDone, newState);
                if (added == LinearizationCache.ADDED)
                {
                    if (++exploredStates > maxStates)
                    {
                        return Verdict.UNKNOWN;
                    }
                    chosen[depth] = call;
                    stateBefore[depth] = state;
                    stranded.linearized(op);
                    depth++;
                    state = newState;
                    lift(call);
                    entered = true;
                    continue;
                }
                flip(op);
                if (added == LinearizationCache.FULL)
                {
                    return Verdict.UNKNOWN;
                }
                continue;
            }

            recordDeadEnd(depth, state, chosen);
            if (depth == 0)
            {
                return Verdict.VIOLATED;
            }
            depth--;
            final int undone = chosen[depth];
            state = stateBefore[depth];
            flip(undone >>> 1);
            stranded.undone(undone >>> 1);
            unlift(undone);
        }
    }

    /** @return the first response entry still in the list, or NIL when the list is empty. */
    private int firstResponse()
    {
        int e = next[head];
        while (e != NIL && (e & 1) == 0)
        {
            e = next[e];
        }
        return e;
    }

    /**
     * Writes into {@link #candidates} from {@code from} the invocations that may be linearized next, in the
     * order to try them, and returns the end. Only steps the model allows in {@code state} are kept.
     * <ul>
     *   <li>If some operation still to be linearized never can be ({@link StrandedReads}), there are none:
     *       this configuration is a dead end.</li>
     *   <li>If some read-only operation is allowed, it alone is the candidate: linearizing it now loses no
     *       linearization ({@link KvRegisterModel#isReadOnly}), so the alternatives need not be explored.
     *       This removes the reads from the combinatorics, leaving the order of the writes.</li>
     *   <li>Otherwise the order follows Lowe's just-in-time linearization: operations are linearized as late
     *       as possible. The deadline operation (the one owning the first response, which must be linearized
     *       before anything returning later) comes first when it is allowed; then the writes that produce the
     *       value it needs; then the rest in invocation order. This only orders the search, it prunes nothing;
     *       it is what finds a busy key's linearization without wandering through the permutations of its
     *       concurrent writes.</li>
     * </ul>
     */
    private int collectCandidates(final int deadline, final long state, final int from)
    {
        final int deadlineOp = deadline >>> 1;
        final boolean steer = KvRegisterModel.requiresValue(kinds[deadlineOp]);
        final long wanted = KvRegisterModel.requiredValue(kinds[deadlineOp], values[deadlineOp], expecteds[deadlineOp]);

        if (stranded.anyStranded(state))
        {
            return from;
        }
        int end = from;
        int preferred = from;
        for (int e = next[head]; e != deadline; e = next[e])
        {
            final int op = e >>> 1;
            if (!KvRegisterModel.allows(kinds[op], values[op], expecteds[op], state))
            {
                continue;
            }
            ensureCandidateCapacity(end + 1);
            if (KvRegisterModel.isReadOnly(kinds[op]))
            {
                candidates[from] = e;
                return from + 1;
            }
            candidates[end++] = e;
            if (op == deadlineOp)
            {
                System.arraycopy(candidates, from, candidates, from + 1, end - 1 - from);
                candidates[from] = e;
                preferred++;
            }
            else if (steer && KvRegisterModel.apply(kinds[op], values[op], state) == wanted)
            {
                final int moved = candidates[end - 1];
                System.arraycopy(candidates, preferred, candidates, preferred + 1, end - 1 - preferred);
                candidates[preferred++] = moved;
            }
        }
        return end;
    }

    private void ensureCandidateCapacity(final int size)
    {
        if (size > candidates.length)
        {
            candidates = Arrays.copyOf(candidates, Math.max(size, candidates.length * 2));
        }
    }

    private boolean isLinearized(final int op)
    {
        if (op < determinateCount)
        {
            return (determinateDone[op >>> 6] & (1L << op)) != 0;
        }
        final int bit = op - determinateCount;
        return (indeterminateDone[bit >>> 6] & (1L << bit)) != 0;
    }

    /** Marks a linearized operation as not linearized, or the reverse. */
    private void flip(final int op)
    {
        if (op < determinateCount)
        {
            determinateDone[op >>> 6] ^= 1L << op;
        }
        else
        {
            final int bit = op - determinateCount;
            indeterminateDone[bit >>> 6] ^= 1L << bit;
        }
    }

    /** @return configurations added to the cache so far: the work done. */
    long exploredStates()
    {
        return exploredStates;
    }

    /** @return number of operations searched over. */
    int size()
    {
        return ops.length;
    }

    /**
     * @return after a VIOLATED run: the deepest partial linearization reached, why it could not be
     *         extended, and the operations open at that point.
     */
    String description()
    {
        if (bestDepth < 0)
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder(512);
        sb.append("deepest partial linearization: ").append(bestDepth).append(" of ").append(ops.length).append(" ops");
        if (bestDepth > 0)
        {
            sb.append(", ending with:");
            for (int i = 0; i < bestRecentCount; i++)
            {
                sb.append("\n    ").append(OperationFormat.describe(ops[bestRecent[i]]));
            }
        }
        sb.append("\n  then the value is ").append(OperationFormat.value(bestState));
        if (bestStrandedOp >= 0)
        {
            sb.append(" and this op can never be linearized, as no write of the value it needs is left:\n    ")
                .append(OperationFormat.describe(ops[bestStrandedOp]));
        }
        else
        {
            sb.append(" and no order of the open ops gets past the response of:\n    ")
                .append(OperationFormat.describe(ops[bestBlockedOp]));
        }
        sb.append("\n  open ops at that point:");
        for (int i = 0; i < bestOpenCount; i++)
        {
            sb.append("\n    ").append(OperationFormat.describe(ops[bestOpen[i]]));
        }
        return sb.toString();
    }

    /** Remembers the deepest dead end cheaply (a few indices); {@link #description} formats it if needed. */
    private void recordDeadEnd(final int depth, final long state, final int[] chosen)
    {
        if (depth <= bestDepth)
        {
            return;
        }
        bestDepth = depth;
        bestState = state;
        final int blockingResponse = firstResponse();
        bestBlockedOp = blockingResponse >>> 1;
        bestStrandedOp = stranded.strandedOperation(state, this::isLinearized);
        bestRecentCount = 0;
        for (int i = Math.max(0, depth - DESCRIBED_HISTORY); i < depth; i++)
        {
            bestRecent[bestRecentCount++] = chosen[i] >>> 1;
        }
        bestOpenCount = 0;
        for (int e = next[head]; e != blockingResponse && bestOpenCount < DESCRIBED_OPS; e = next[e])
        {
            bestOpen[bestOpenCount++] = e >>> 1;
        }
    }

    private void lift(final int call)
    {
        unlink(call);
        unlink(call + 1);
    }

    private void unlink(final int e)
    {
        next[prev[e]] = next[e];
        if (next[e] != NIL)
        {
            prev[next[e]] = prev[e];
        }
    }

    private void unlift(final int call)
    {
        relink(call + 1);
        relink(call);
    }

    private void relink(final int e)
    {
        next[prev[e]] = e;
        if (next[e] != NIL)
        {
            prev[next[e]] = e;
        }
    }
}
