package io.canopus.sim.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a client history of the key-value store for linearizability: is there one total order of the
 * operations, consistent with real time (an operation answered before another was invoked comes first), in
 * which every answer is what the sequential store ({@link KvRegisterModel}) would give?
 *
 * <p>The store's keys are independent, so the history is partitioned by key and each partition searched on
 * its own ({@link LinearizationSearch}): the cost is then driven by the concurrency on one key, not by the
 * length of the run. Partitions are searched in key order, all of them, so that the report can name the
 * smallest failing one, which is the easiest to read.
 *
 * <p>How operations without a definite answer are treated: a GET that was never answered is dropped; a PUT
 * or CAS never answered (or a PUT answered with a failure) may take effect at any point after its
 * invocation, or never. A CAS answered ok=false took no effect but must have a point at which the value
 * differed from its expected value. At equal nanoseconds invocations are ordered before responses, the
 * choice that never produces a false VIOLATED (see {@link LinearizationSearch}).
 *
 * <p>The search is exponential in the worst case, so it is bounded by a number of explored configurations
 * per key; a key that exceeds it makes the result UNKNOWN unless another key is proven VIOLATED.
 */
public final class LinearizabilityChecker
{
    /** Default bound on configurations explored for one key before giving up with UNKNOWN. */
    public static final long DEFAULT_MAX_STATES_PER_KEY = 5_000_000L;

    private static final int LISTED_KEYS = 8;

    private final long maxStatesPerKey;

    /** A checker with {@link #DEFAULT_MAX_STATES_PER_KEY}. */
    public LinearizabilityChecker()
    {
        this(DEFAULT_MAX_STATES_PER_KEY);
    }

    /** @param maxStatesPerKey configurations one key's search may explore before giving up; at least 1. */
    public LinearizabilityChecker(final long maxStatesPerKey)
    {
        if (maxStatesPerKey < 1)
        {
            throw new IllegalArgumentException("maxStatesPerKey must be positive: " + maxStatesPerKey);
        }
        this.maxStatesPerKey = maxStatesPerKey;
    }

    /** @return the per-key bound this checker was built with. */
    public long maxStatesPerKey()
    {
        return maxStatesPerKey;
    }

    /**
     * @param history every client operation of a run, in any order.
     * @return OK if every key's history is linearizable; VIOLATED naming the key and the operations around
     *         the point where no linearization exists; UNKNOWN naming the keys whose search ran out of budget.
     * @throws IllegalArgumentException if an operation completes before it was invoked.
     */
    public CheckResult check(final Collection<KvOperation> history)
    {
        final Map<Long, List<KvOperation>> byKey = partition(history);

        final List<Long> violatedKeys = new ArrayList<>();
        final List<Long> unknownKeys = new ArrayList<>();
        LinearizationSearch smallestFailure = null;
        long smallestFailureKey = 0;

        for (final Map.Entry<Long, List<KvOperation>> e : byKey.entrySet())
        {
            final LinearizationSearch search = new LinearizationSearch(e.getValue(), maxStatesPerKey);
            switch (search.run())
            {
                case OK ->
                {
                }
                case VIOLATED ->
                {
                    violatedKeys.add(e.getKey());
                    if (smallestFailure == null || search.size() < smallestFailure.size())
                    {
                        smallestFailure = search;
                        smallestFailureKey = e.getKey();
                    }
                }
                case UNKNOWN -> unknownKeys.add(e.getKey());
            }
        }

        if (smallestFailure != null)
        {
            return CheckResult.violated(
                "not linearizable on " + violatedKeys.size() + " key(s) " + listed(violatedKeys) +
                "; key " + smallestFailureKey + " (" + smallestFailure.size() + " ops): " +
                smallestFailure.description() +
                (unknownKeys.isEmpty() ? "" : "\n  search budget exceeded on key(s) " + listed(unknownKeys)));
        }
        if (!unknownKeys.isEmpty())
        {
            return CheckResult.unknown(
                "search budget (" + maxStatesPerKey + " states per key, or the memory for them) exceeded on key(s) " +
                listed(unknownKeys) + "; the other keys are linearizable");
        }
        return CheckResult.ok();
    }

    private static Map<Long, List<KvOperation>> partition(final Collection<KvOperation> history)
    {
        final Map<Long, List<KvOperation>> byKey = new TreeMap<>();
        for (final KvOperation op : history)
        {
            if (!op.isPending() && op.completeNs() < op.invokeNs())
            {
                throw new IllegalArgumentException("operation completes before it was invoked: " + op);
            }
            if (KvRegisterModel.isRelevant(op))
            {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        return byKey;
    }

    private static String listed(final List<Long> keys)
    {
        if (keys.size() <= LISTED_KEYS)
        {
            return keys.toString();
        }
        return keys.subList(0, LISTED_KEYS).toString().replace("]", ", ...]");
    }
}
