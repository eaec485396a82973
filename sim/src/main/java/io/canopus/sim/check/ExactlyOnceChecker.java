package io.canopus.sim.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exactly-once application of client writes. Clients retry writes whose answer they did not get, so the
 * log can hold the same write several times; the state machine must apply it once and skip the copies.
 * Applying it twice would, for instance, make a retried increment count double, which linearizability of
 * PUT/GET alone cannot see.
 *
 * <p>The second check, {@link #checkAcknowledged}, closes the other side: a write the client was told
 * succeeded must not be lost.
 */
public final class ExactlyOnceChecker
{
    private static final int LISTED = 5;

    private ExactlyOnceChecker()
    {
    }

    /**
     * @param applied node id to the writes its state machine applied, in order, duplicates it skipped excluded.
     * @return OK if no node applied any write twice; VIOLATED naming the nodes and the first repeated writes.
     */
    public static CheckResult check(final Map<Integer, ? extends List<WriteId>> applied)
    {
        final StringBuilder detail = new StringBuilder();
        int badNodes = 0;
        for (final Map.Entry<Integer, ? extends List<WriteId>> e : new TreeMap<>(applied).entrySet())
        {
            final List<WriteId> writes = e.getValue();
            final Set<WriteId> seen = new HashSet<>(writes.size() * 2);
            final List<String> repeats = new ArrayList<>();
            int repeatCount = 0;
            for (int i = 0; i < writes.size(); i++)
            {
                if (!seen.add(writes.get(i)))
                {
                    if (repeats.size() < LISTED)
                    {
                        repeats.add(writes.get(i) + " again at index " + i);
                    }
                    repeatCount++;
                }
            }
            if (repeatCount > 0)
            {
                badNodes++;
                detail.append(detail.length() == 0 ? "" : "; ")
                    .append("node ").append(e.getKey()).append(" applied ").append(repeatCount)
                    .append(" write(s) more than once: ").append(String.join(", ", repeats));
            }
        }
        if (badNodes == 0)
        {
            return CheckResult.ok();
        }
        return CheckResult.violated(detail.toString());
    }

    /**
     * Every acknowledged write is applied exactly once on the most advanced node. Under agreement, committed
     * sequences are prefixes of one another and duplicate skipping is deterministic, so the node with the most
     * applied writes is the one with the longest committed sequence (ties: the lowest id), and it must hold
     * every write acknowledged during the run.
     *
     * @param acked   the writes acknowledged to clients as successful.
     * @param applied node id to the writes its state machine applied, as for {@link #check}.
     * @return OK; VIOLATED naming acknowledged writes that are missing or applied more than once there;
     *         UNKNOWN if writes were acknowledged but no node reported what it applied.
     */
    public static CheckResult checkAcknowledged(
        final Collection<WriteId> acked, final Map<Integer, ? extends List<WriteId>> applied)
    {
        if (acked.isEmpty())
        {
            return CheckResult.ok();
        }
        if (applied.isEmpty())
        {
            return CheckResult.unknown(acked.size() + " write(s) acknowledged but no node reported its applied writes");
        }
        int node = Integer.MAX_VALUE;
        List<WriteId> longest = List.of();
        for (final Map.Entry<Integer, ? extends List<WriteId>> e : new TreeMap<>(applied).entrySet())
        {
            if (node == Integer.MAX_VALUE || e.getValue().size() > longest.size())
            {
                node = e.getKey();
                longest = e.getValue();
            }
        }

        final Map<WriteId, Integer> counts = new HashMap<>(longest.size() * 2);
        for (final WriteId write : longest)
        {
            counts.merge(write, 1, Integer::sum);
        }
        final List<String> missing = new ArrayList<>();
        final List<String> repeated = new ArrayList<>();
        int missingCount = 0;
        int repeatedCount = 0;
        final Set<WriteId> ackedInOrder = new TreeSet<>(
            Comparator.comparingLong(WriteId::sessionId).thenComparingLong(WriteId::sequence));
        ackedInOrder.addAll(acked);
        for (final WriteId write : ackedInOrder)
        {
            final int count = counts.getOrDefault(write, 0);
            if (count == 0)
            {
                missingCount++;
                addListed(missing, write.toString());
            }
            else if (count > 1)
            {
                repeatedCount++;
                addListed(repeated, write + " x" + count);
            }
        }
        if (missingCount == 0 && repeatedCount == 0)
        {
            return CheckResult.ok();
        }
        return CheckResult.violated("on node " + node + " (" + longest.size() + " applied writes): " +
            missingCount + " acknowledged write(s) missing " + listed(missing, missingCount) + ", " +
            repeatedCount + " applied more than once " + listed(repeated, repeatedCount));
    }

    private static String listed(final List<String> shown, final int total)
    {
        return shown + (total > shown.size() ? "..." : "");
    }

    private static void addListed(final List<String> list, final String item)
    {
        if (list.size() < LISTED)
        {
            list.add(item);
        }
    }
}
