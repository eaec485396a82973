package io.canopus.engine.config;

import io.canopus.engine.canopus.CanopusConfig;

import java.util.concurrent.TimeUnit;

/**
 * The {@code cluster} object of a cluster config: the protocol settings, one JSON field per
 * {@link CanopusConfig} setting. Every field is optional and defaults to {@link CanopusConfig}'s
 * default. Durations carry their unit in their name: milliseconds ({@code Ms}) for the timeouts an
 * operator tunes, microseconds ({@code Us}) for the ones that are sub-millisecond by default.
 *
 * @param fanout                  vnodes per parent in the Leaf-Only Tree, at least 2 (default 3).
 * @param pipelineDepth           cycles in flight, 1..64 (default 4).
 * @param representatives         rack members that fetch each sibling vnode's state, at least 1 (default 1).
 * @param heartbeatIntervalMs     longest time between cycle starts without work, positive (default 2).
 * @param tickIntervalUs          timer granularity while cycles are in flight, positive (default 250).
 * @param retransmitTimeoutUs     wait for a member's proposal before pulling it, positive (default 1000).
 * @param fetchTimeoutUs          wait for a vnode state before failing over, positive (default 3000).
 * @param suspicionTimeoutMs      how long a member may hold up round 1 before removal; greater than
 *                                {@code heartbeatIntervalMs} and than twice {@code retransmitTimeoutUs} (default 40).
 * @param viewChangeTimeoutMs     view change retry interval, positive (default 15).
 * @param joinRetryMs             a joining node's retry interval, positive (default 10).
 * @param maxWritesPerProposal    writes in one proposal, 1..4096 (default 256).
 * @param maxProposalBytes        bytes of one encoded proposal, at least {@code maxPayloadBytes + 256} and at most
 *                                Aeron's largest message ({@code runtime.termLengthKiB * 1024 / 8}) (default 61440).
 * @param maxPayloadBytes         largest client command, 16..16384 (default 2048).
 * @param maxPendingWrites        client writes queued before BUSY, at least 1 (default 4096).
 * @param maxPendingReads         client reads queued before BUSY, at least 1 (default 4096).
 * @param maxSessions             client sessions remembered, at least 1 (default 65536).
 * @param maxPendingStateRequests parked state requests, at least 1 (default 1024).
 */
public record ProtocolSettings(
    int fanout,
    int pipelineDepth,
    int representatives,
    int heartbeatIntervalMs,
    int tickIntervalUs,
    int retransmitTimeoutUs,
    int fetchTimeoutUs,
    int suspicionTimeoutMs,
    int viewChangeTimeoutMs,
    int joinRetryMs,
    int maxWritesPerProposal,
    int maxProposalBytes,
    int maxPayloadBytes,
    int maxPendingWrites,
    int maxPendingReads,
    int maxSessions,
    int maxPendingStateRequests)
{
    private static final ProtocolSettings DEFAULTS = fromCanopusConfig(new CanopusConfig());

    /**
     * @return the defaults, taken from a fresh {@link CanopusConfig} so the two never drift apart.
     */
    public static ProtocolSettings defaults()
    {
        return DEFAULTS;
    }

    /**
     * Reads the settings of a {@link CanopusConfig}, e.g. one a launcher built from its options.
     *
     * @param config the protocol config (not validated here).
     * @return the same settings in the file's units.
     * @throws IllegalArgumentException when a duration is not a whole number of the file's unit for it
     *                                  (e.g. a heartbeat of 2.5 ms) or does not fit an int.
     */
    public static ProtocolSettings fromCanopusConfig(final CanopusConfig config)
    {
        return new ProtocolSettings(
            config.fanout(),
            config.pipelineDepth(),
            config.representatives(),
            exact("heartbeatIntervalNs", config.heartbeatIntervalNs(), TimeUnit.MILLISECONDS),
            exact("tickIntervalNs", config.tickIntervalNs(), TimeUnit.MICROSECONDS),
            exact("retransmitTimeoutNs", config.retransmitTimeoutNs(), TimeUnit.MICROSECONDS),
            exact("fetchTimeoutNs", config.fetchTimeoutNs(), TimeUnit.MICROSECONDS),
            exact("suspicionTimeoutNs", config.suspicionTimeoutNs(), TimeUnit.MILLISECONDS),
            exact("viewChangeTimeoutNs", config.viewChangeTimeoutNs(), TimeUnit.MILLISECONDS),
            exact("joinRetryNs", config.joinRetryNs(), TimeUnit.MILLISECONDS),
            config.maxWritesPerProposal(),
            config.maxProposalBytes(),
            config.maxPayloadBytes(),
            config.maxPendingWrites(),
            config.maxPendingReads(),
            config.maxSessions(),
            config.maxPendingStateRequests());
    }

    /**
     * Builds a {@link CanopusConfig} from these settings through its fluent setters. Not validated:
     * {@link ClusterConfig#protocolConfig()} gives a validated one.
     *
     * @return a new, mutable protocol config.
     */
    public CanopusConfig toCanopusConfig()
    {
        return new CanopusConfig()
            .fanout(fanout)
            .pipelineDepth(pipelineDepth)
            .representatives(representatives)
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs))
            .tickIntervalNs(TimeUnit.MICROSECONDS.toNanos(tickIntervalUs))
            .retransmitTimeoutNs(TimeUnit.MICROSECONDS.toNanos(retransmitTimeoutUs))
            .fetchTimeoutNs(TimeUnit.MICROSECONDS.toNanos(fetchTimeoutUs))
            .suspicionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(suspicionTimeoutMs))
            .viewChangeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(viewChangeTimeoutMs))
            .joinRetryNs(TimeUnit.MILLISECONDS.toNanos(joinRetryMs))
            .maxWritesPerProposal(maxWritesPerProposal)
            .maxProposalBytes(maxProposalBytes)
            .maxPayloadBytes(maxPayloadBytes)
            .maxPendingWrites(maxPendingWrites)
            .maxPendingReads(maxPendingReads)
            .maxSessions(maxSessions)
            .maxPendingStateRequests(maxPendingStateRequests);
    }

    /**
     * @param fanout the new fanout.
     * @return a copy with {@code fanout} replaced.
     */
    public ProtocolSettings withFanout(final int fanout)
    {
        final CanopusConfig config = toCanopusConfig().fanout(fanout);
        return fromCanopusConfig(config);
    }

    /**
     * @param pipelineDepth the new pipeline depth.
     * @return a copy with {@code pipelineDepth} replaced.
     */
    public ProtocolSettings withPipelineDepth(final int pipelineDepth)
    {
        final CanopusConfig config = toCanopusConfig().pipelineDepth(pipelineDepth);
        return fromCanopusConfig(config);
    }

    private static int exact(final String name, final long nanos, final TimeUnit unit)
    {
        final long perUnit = unit.toNanos(1);
        if (nanos % perUnit != 0 || nanos / perUnit > Integer.MAX_VALUE || nanos < 0)
        {
            throw new IllegalArgumentException(name + " = " + nanos + " ns is not a whole number of " +
                unit.name().toLowerCase() + " that fits a config file field");
        }
        return (int)(nanos / perUnit);
    }
}
