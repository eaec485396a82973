package io.canopus.sim.workload;

import io.canopus.engine.statemachine.KeyValueStateMachine;

/**
 * The key-value client load, immutable; {@code with...} methods return changed copies.
 * <p>
 * Each client has one operation outstanding at a time (one session, sequences in order). Closed loop
 * (the default): after an answer a client waits {@link #thinkTimeNs()} (or a uniform draw up to
 * {@link #thinkTimeMaxNs()}) before the next. Open loop: operations arrive at a fixed mean rate
 * whatever the answers, each to an idle client (see {@link #openLoopRatePerSec()}). The mix is given as weights (default 50 GET : 40 PUT :
 * 10 CAS) over {@link #keys()} keys; a small keyspace makes operations contend, which is what lets
 * the linearizability checker find reordering bugs.
 */
public final class WorkloadSettings
{
    /** Largest value a client writes: the largest the key-value state machine accepts. */
    public static final int MAX_VALUE_SIZE = KeyValueStateMachine.MAX_VALUE_LENGTH;
    /** Highest open-loop rate accepted: bounds the events a simulated second can cost. */
    public static final double MAX_OPEN_LOOP_RATE = 10_000_000;

    /** {@link #clientCount()} value meaning {@link #clientsPerNode()} clients on every node. */
    public static final int PER_NODE = -1;

    public static final WorkloadSettings DEFAULT = new WorkloadSettings(2, 50, 40, 10, 20, 100_000, 20_000_000, 1_000_000, 1_000_000);

    private final int clientsPerNode;
    private final int getWeight;
    private final int putWeight;
    private final int casWeight;
    private final int keys;
    private final long thinkTimeNs;
    private final long timeoutNs;
    private final long backoffNs;
    private final long startSpreadNs;
    private final long thinkTimeMaxNs;
    private final int clientCount;
    private final int valueSize;
    private final double openLoopRatePerSec;

    /**
     * @param clientsPerNode clients homed on each node (their first target), in that node's rack.
     * @param getWeight      relative weight of GET.
     * @param putWeight      relative weight of PUT.
     * @param casWeight      relative weight of compare-and-set.
     * @param keys           size of the keyspace, keys 0..keys-1.
     * @param thinkTimeNs    pause between an answer and the next operation.
     * @param timeoutNs      wait for an answer before retrying on another node.
     * @param backoffNs      wait before retrying after BUSY, NOT_MEMBER or REDIRECT.
     * @param startSpreadNs  first operations start uniformly within this window, so clients do not
     *                       move in lock step.
     */
    public WorkloadSettings(
        final int clientsPerNode,
        final int getWeight,
        final int putWeight,
        final int casWeight,
        final int keys,
        final long thinkTimeNs,
        final long timeoutNs,
        final long backoffNs,
        final long startSpreadNs)
    {
        this(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs, timeoutNs, backoffNs, startSpreadNs, thinkTimeNs,
            PER_NODE, Long.BYTES, 0);
    }

    private WorkloadSettings(
        final int clientsPerNode,
        final int getWeight,
        final int putWeight,
        final int casWeight,
        final int keys,
        final long thinkTimeNs,
        final long timeoutNs,
        final long backoffNs,
        final long startSpreadNs,
        final long thinkTimeMaxNs,
        final int clientCount,
        final int valueSize,
        final double openLoopRatePerSec)
    {
        if (clientsPerNode < 0)
        {
            throw new IllegalArgumentException("clientsPerNode must be >= 0");
        }
        if (getWeight < 0 || putWeight < 0 || casWeight < 0 || getWeight + putWeight + casWeight == 0)
        {
            throw new IllegalArgumentException("weights must be >= 0 and not all 0");
        }
        if (keys < 1)
        {
            throw new IllegalArgumentException("keys must be >= 1");
        }
        if (thinkTimeNs < 0 || timeoutNs < 1 || backoffNs < 0 || startSpreadNs < 1)
        {
            throw new IllegalArgumentException("think >= 0, timeout >= 1, backoff >= 0, spread >= 1 expected");
        }
        if (thinkTimeMaxNs < thinkTimeNs)
        {
            throw new IllegalArgumentException("thinkTimeMaxNs " + thinkTimeMaxNs + " < thinkTimeNs " + thinkTimeNs);
        }
        if (clientCount < PER_NODE)
        {
            throw new IllegalArgumentException("clientCount must be >= 0, or PER_NODE: " + clientCount);
        }
        if (valueSize < Long.BYTES || valueSize > MAX_VALUE_SIZE)
        {
            throw new IllegalArgumentException("valueSize must be " + Long.BYTES + ".." + MAX_VALUE_SIZE + ": " + valueSize);
        }
        if (!(openLoopRatePerSec >= 0) || openLoopRatePerSec > MAX_OPEN_LOOP_RATE)
        {
            throw new IllegalArgumentException("openLoopRatePerSec must be 0 (closed loop) .. " + MAX_OPEN_LOOP_RATE + ": " +
                openLoopRatePerSec);
        }
        this.valueSize = valueSize;
        this.openLoopRatePerSec = openLoopRatePerSec;
        this.clientsPerNode = clientsPerNode;
        this.thinkTimeMaxNs = thinkTimeMaxNs;
        this.clientCount = clientCount;
        this.getWeight = getWeight;
        this.putWeight = putWeight;
        this.casWeight = casWeight;
        this.keys = keys;
        this.thinkTimeNs = thinkTimeNs;
        this.timeoutNs = timeoutNs;
        this.backoffNs = backoffNs;
        this.startSpreadNs = startSpreadNs;
    }

    public int clientsPerNode()
    {
        return clientsPerNode;
    }

    public int getWeight()
    {
        return getWeight;
    }

    public int putWeight()
    {
        return putWeight;
    }

    public int casWeight()
    {
        return casWeight;
    }

    public int keys()
    {
        return keys;
    }

    public long thinkTimeNs()
    {
        return thinkTimeNs;
    }

    /** @return the longest think time; equal to {@link #thinkTimeNs()} when the pause is fixed. */
    public long thinkTimeMaxNs()
    {
        return thinkTimeMaxNs;
    }

    /** @return the total client count, or {@link #PER_NODE}. */
    public int clientCount()
    {
        return clientCount;
    }

    /** @return how many clients run against a cluster of {@code nodeCount} nodes. */
    public int clientCount(final int nodeCount)
    {
        return clientCount == PER_NODE ? nodeCount * clientsPerNode : clientCount;
    }

    /** @return the node client {@code clientIndex} is homed on (its first target and its rack). */
    public int homeNode(final int clientIndex, final int nodeCount)
    {
        return clientCount == PER_NODE ? clientIndex / clientsPerNode : clientIndex % nodeCount;
    }

    /** @return bytes of every written value: its first 8 are the value's identity, the rest zero padding. */
    public int valueSize()
    {
        return valueSize;
    }

    /** @return true when operations arrive at {@link #openLoopRatePerSec()} instead of after each answer. */
    public boolean isOpenLoop()
    {
        return openLoopRatePerSec > 0;
    }

    /**
     * @return the open-loop arrival rate over the whole workload (exponential gaps), or 0 for closed
     * loop. An arrival goes to an idle client; with every client busy it is counted as missed.
     */
    public double openLoopRatePerSec()
    {
        return openLoopRatePerSec;
    }

    public WorkloadSettings withValueSize(final int bytes)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs,
            timeoutNs, backoffNs, startSpreadNs, thinkTimeMaxNs, clientCount, bytes, openLoopRatePerSec);
    }

    /** Open loop at {@code perSec} arrivals per second over the whole workload; 0 returns to closed loop. */
    public WorkloadSettings withOpenLoopRate(final double perSec)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs,
            timeoutNs, backoffNs, startSpreadNs, thinkTimeMaxNs, clientCount, valueSize, perSec);
    }

    public long timeoutNs()
    {
        return timeoutNs;
    }

    public long backoffNs()
    {
        return backoffNs;
    }

    public long startSpreadNs()
    {
        return startSpreadNs;
    }

    public WorkloadSettings withClientsPerNode(final int n)
    {
        return new WorkloadSettings(n, getWeight, putWeight, casWeight, keys, thinkTimeNs,
            timeoutNs, backoffNs, startSpreadNs, thinkTimeMaxNs, clientCount, valueSize, openLoopRatePerSec);
    }

    public WorkloadSettings withMix(final int get, final int put, final int cas)
    {
        return new WorkloadSettings(clientsPerNode, get, put, cas, keys, thinkTimeNs,
            timeoutNs, backoffNs, startSpreadNs, thinkTimeMaxNs, clientCount, valueSize, openLoopRatePerSec);
    }

    public WorkloadSettings withKeys(final int n)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, n, thinkTimeNs,
            timeoutNs, backoffNs, startSpreadNs, thinkTimeMaxNs, clientCount, valueSize, openLoopRatePerSec);
    }

    /** A fixed think time: every pause is exactly {@code ns}. */
    public WorkloadSettings withThinkTimeNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, ns,
            timeoutNs, backoffNs, startSpreadNs, ns, clientCount, valueSize, openLoopRatePerSec);
    }

    /**
     * A think time drawn uniformly from {@code [minNs, maxNs]} for every pause, from the client's own
     * random stream (Coracle's {@code workload_min}/{@code workload_max}).
     */
    public WorkloadSettings withThinkTimeNs(final long minNs, final long maxNs)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, minNs,
            timeoutNs, backoffNs, startSpreadNs, maxNs, clientCount, valueSize, openLoopRatePerSec);
    }

    /**
     * Exactly {@code count} clients in total instead of {@link #clientsPerNode()} per node: client
     * {@code i} is homed on node {@code i % nodeCount}. Used when a scenario names its clients.
     */
    public WorkloadSettings withClientCount(final int count)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs,
            timeoutNs, backoffNs, startSpreadNs, thinkTimeMaxNs, count, valueSize, openLoopRatePerSec);
    }

    public WorkloadSettings withTimeoutNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs,
            ns, backoffNs, startSpreadNs, thinkTimeMaxNs, clientCount, valueSize, openLoopRatePerSec);
    }

    public WorkloadSettings withBackoffNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs,
            timeoutNs, ns, startSpreadNs, thinkTimeMaxNs, clientCount, valueSize, openLoopRatePerSec);
    }

    public WorkloadSettings withStartSpreadNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs,
            timeoutNs, backoffNs, ns, thinkTimeMaxNs, clientCount, valueSize, openLoopRatePerSec);
    }

    @Override
    public String toString()
    {
        return "WorkloadSettings{" + (clientCount == PER_NODE ? "clientsPerNode=" + clientsPerNode : "clients=" + clientCount) +
            ", mix=" + getWeight + "/" + putWeight + "/" + casWeight + ", keys=" + keys + ", valueSize=" + valueSize +
            (openLoopRatePerSec > 0 ? ", openLoop=" + openLoopRatePerSec + "/s" : "") +
            ", think=" + thinkTimeNs + (thinkTimeMaxNs != thinkTimeNs ? ".." + thinkTimeMaxNs : "") +
            "ns, timeout=" + timeoutNs + "ns, backoff=" + backoffNs + "ns}";
    }
}
