package io.canopus.sim.workload;

/**
 * The key-value client load, immutable; {@code with...} methods return changed copies.
 * <p>
 * Clients are closed-loop: each has one operation outstanding and, after an answer, waits
 * {@link #thinkTimeNs()} before the next. The mix is given as weights (default 50 GET : 40 PUT :
 * 10 CAS) over {@link #keys()} keys; a small keyspace makes operations contend, which is what lets
 * the linearizability checker find reordering bugs.
 */
public final class WorkloadSettings
{
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
        this.clientsPerNode = clientsPerNode;
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
        return new WorkloadSettings(n, getWeight, putWeight, casWeight, keys, thinkTimeNs, timeoutNs, backoffNs, startSpreadNs);
    }

    public WorkloadSettings withMix(final int get, final int put, final int cas)
    {
        return new WorkloadSettings(clientsPerNode, get, put, cas, keys, thinkTimeNs, timeoutNs, backoffNs, startSpreadNs);
    }

    public WorkloadSettings withKeys(final int n)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, n, thinkTimeNs, timeoutNs, backoffNs, startSpreadNs);
    }

    public WorkloadSettings withThinkTimeNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, ns, timeoutNs, backoffNs, startSpreadNs);
    }

    public WorkloadSettings withTimeoutNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs, ns, backoffNs, startSpreadNs);
    }

    public WorkloadSettings withBackoffNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs, timeoutNs, ns, startSpreadNs);
    }

    public WorkloadSettings withStartSpreadNs(final long ns)
    {
        return new WorkloadSettings(clientsPerNode, getWeight, putWeight, casWeight, keys, thinkTimeNs, timeoutNs, backoffNs, ns);
    }

    @Override
    public String toString()
    {
        return "WorkloadSettings{clientsPerNode=" + clientsPerNode + ", mix=" + getWeight + "/" + putWeight + "/" + casWeight +
            ", keys=" + keys + ", think=" + thinkTimeNs + "ns, timeout=" + timeoutNs + "ns, backoff=" + backoffNs + "ns}";
    }
}
