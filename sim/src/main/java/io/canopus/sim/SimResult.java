package io.canopus.sim;

import io.canopus.sim.stats.SimStats;

import io.canopus.engine.protocol.NodeCounters;
import io.canopus.sim.check.CheckResult;
import io.canopus.sim.check.Verdict;
import io.canopus.sim.fault.FaultEvent;
import io.canopus.sim.net.NetworkCounters;
import io.canopus.sim.workload.WorkloadCounters;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one run: what was committed, how fast (in simulated time), whether it was correct
 * (the four verdicts), and how hard the simulator worked (wall-clock figures, which alone depend on
 * the machine).
 *
 * @param seed             the master seed.
 * @param protocol         the protocol's name.
 * @param nodes            nodes in the cluster.
 * @param racks            racks in the cluster.
 * @param durationNs       simulated run length.
 * @param digestHex        SHA-256 over every node's committed write fingerprints: equal runs give equal digests.
 * @param committedWrites  distinct writes committed on the node that applied the most.
 * @param throughputPerSec committed writes per simulated second.
 * @param latency          client latency of answered operations, simulated microseconds.
 * @param agreement        every node's committed sequence is a prefix of one sequence (and replays match).
 * @param linearizable     the client history is linearizable.
 * @param exactlyOnce      no write applied twice, and every acknowledged write applied once.
 * @param liveness         commits continue (no faults) or resume after the last heal.
 * @param network          what the network did.
 * @param workload         what the clients did.
 * @param historySize      operations in the client history (pending included).
 * @param nodeCounters     per node, summed over its incarnations, by node id.
 * @param faults           every fault action, in order.
 * @param lastHealNs       when the last fault healed, or -1 without faults.
 * @param dueIdleWakes     doWork calls, over all nodes, that did nothing while leaving the node's
 *                         deadline already due: a timer the protocol keeps due without acting on it
 *                         (the host backs off; see {@code SimHost}). Ideally 0.
 * @param events           simulator events dispatched.
 * @param wallMs           wall-clock time of the whole run, checks included.
 * @param eventsPerSec     events per wall-clock second of the event loop alone.
 * @param stats            the run's statistics (network, clients, protocol, availability, traffic).
 */
public record SimResult(
    long seed,
    String protocol,
    int nodes,
    int racks,
    long durationNs,
    String digestHex,
    long committedWrites,
    double throughputPerSec,
    Latency latency,
    CheckResult agreement,
    CheckResult linearizable,
    CheckResult exactlyOnce,
    CheckResult liveness,
    NetworkCounters.Snapshot network,
    WorkloadCounters workload,
    int historySize,
    List<NodeCounters> nodeCounters,
    List<FaultEvent> faults,
    long lastHealNs,
    long dueIdleWakes,
    long events,
    long wallMs,
    double eventsPerSec,
    SimStats stats)
{
    /**
     * Percentiles of answered client operations, in simulated microseconds.
     *
     * @param count answered operations.
     * @param p50Us median.
     * @param p99Us 99th percentile.
     * @param p999Us 99.9th percentile.
     * @param maxUs maximum.
     */
    public record Latency(long count, long p50Us, long p99Us, long p999Us, long maxUs)
    {
    }

    /** @return true when all four verdicts are OK. */
    public boolean allOk()
    {
        return agreement.isOk() && linearizable.isOk() && exactlyOnce.isOk() && liveness.isOk();
    }

    /** @return true when no verdict is VIOLATED (UNKNOWN allowed). */
    public boolean noViolation()
    {
        return agreement.verdict() != Verdict.VIOLATED && linearizable.verdict() != Verdict.VIOLATED &&
            exactlyOnce.verdict() != Verdict.VIOLATED && liveness.verdict() != Verdict.VIOLATED;
    }

    /** @return a one-paragraph human summary. */
    public String summary()
    {
        return String.format(Locale.ROOT,
            "%s seed=%d nodes=%d racks=%d sim=%.3fs committed=%d (%.0f/s) latency us p50=%d p99=%d p999=%d max=%d%n" +
            "  agreement=%s linearizable=%s exactlyOnce=%s liveness=%s digest=%s%n" +
            "  net sent=%d delivered=%d dropped=%d (loss=%d partition=%d down=%d) dup=%d; ops=%d faults=%d lastHeal=%.3fs%n" +
            "  events=%d dueIdleWakes=%d wall=%dms events/s=%.0f",
            protocol, seed, nodes, racks, durationNs / 1e9, committedWrites, throughputPerSec,
            latency.p50Us(), latency.p99Us(), latency.p999Us(), latency.maxUs(),
            describe(agreement), describe(linearizable), describe(exactlyOnce), describe(liveness), digestHex,
            network.messagesSent(), network.messagesDelivered(), network.messagesDropped(), network.droppedLoss(),
            network.droppedPartition(), network.droppedNodeDown(), network.duplicated(), historySize, faults.size(),
            lastHealNs < 0 ? Double.NaN : lastHealNs / 1e9, events, dueIdleWakes, wallMs, eventsPerSec);
    }

    private static String describe(final CheckResult r)
    {
        return r.detail().isEmpty() ? r.verdict().jsonName() : r.verdict().jsonName() + " (" + r.detail() + ")";
    }
}
