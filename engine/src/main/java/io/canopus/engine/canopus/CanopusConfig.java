package io.canopus.engine.canopus;

import java.util.concurrent.TimeUnit;

/**
 * Settings of a Canopus node, as a fluent context (set, then {@link #validate()}). Every queue and
 * batch has a limit here; defaults suit a rack with tens-of-microseconds links.
 */
public final class CanopusConfig
{
    private int fanout = 3;
    private int pipelineDepth = 4;
    private int representatives = 1;
    private long heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(2);
    private long tickIntervalNs = TimeUnit.MICROSECONDS.toNanos(250);
    private long retransmitTimeoutNs = TimeUnit.MILLISECONDS.toNanos(1);
    private long fetchTimeoutNs = TimeUnit.MILLISECONDS.toNanos(3);
    private long suspicionTimeoutNs = TimeUnit.MILLISECONDS.toNanos(40);
    private long viewChangeTimeoutNs = TimeUnit.MILLISECONDS.toNanos(15);
    private long joinRetryNs = TimeUnit.MILLISECONDS.toNanos(10);
    private int maxWritesPerProposal = 256;
    private int maxProposalBytes = 60 * 1024;
    private int maxPayloadBytes = 2048;
    private int maxPendingWrites = 4096;
    private int maxPendingReads = 4096;
    private int maxSessions = 65536;
    private int maxPendingStateRequests = 1024;

    public int fanout()
    {
        return fanout;
    }

    /** Vnodes per parent in the Leaf-Only Tree. */
    public CanopusConfig fanout(final int fanout)
    {
        this.fanout = fanout;
        return this;
    }

    public int pipelineDepth()
    {
        return pipelineDepth;
    }

    /** Cycles a node may have in flight (started, not committed) when it starts one on its own. */
    public CanopusConfig pipelineDepth(final int pipelineDepth)
    {
        this.pipelineDepth = pipelineDepth;
        return this;
    }

    public int representatives()
    {
        return representatives;
    }

    /** Members of a rack that fetch each sibling vnode's state for the rack (k in the paper). */
    public CanopusConfig representatives(final int representatives)
    {
        this.representatives = representatives;
        return this;
    }

    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    /** Longest time between cycle starts when there is no work: empty cycles keep failure detection alive. */
    public CanopusConfig heartbeatIntervalNs(final long heartbeatIntervalNs)
    {
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        return this;
    }

    public long tickIntervalNs()
    {
        return tickIntervalNs;
    }

    /** Granularity of timers while cycles are in flight. */
    public CanopusConfig tickIntervalNs(final long tickIntervalNs)
    {
        this.tickIntervalNs = tickIntervalNs;
        return this;
    }

    public long retransmitTimeoutNs()
    {
        return retransmitTimeoutNs;
    }

    /** How long a node waits for a rack member's proposal before pulling it from a holder. */
    public CanopusConfig retransmitTimeoutNs(final long retransmitTimeoutNs)
    {
        this.retransmitTimeoutNs = retransmitTimeoutNs;
        return this;
    }

    public long fetchTimeoutNs()
    {
        return fetchTimeoutNs;
    }

    /** How long a vnode state fetch may take before failing over to another emulator (and before a non-representative fetches itself). */
    public CanopusConfig fetchTimeoutNs(final long fetchTimeoutNs)
    {
        this.fetchTimeoutNs = fetchTimeoutNs;
        return this;
    }

    public long suspicionTimeoutNs()
    {
        return suspicionTimeoutNs;
    }

    /** How long a rack member may hold up round 1 before the rack removes it. */
    public CanopusConfig suspicionTimeoutNs(final long suspicionTimeoutNs)
    {
        this.suspicionTimeoutNs = suspicionTimeoutNs;
        return this;
    }

    public long viewChangeTimeoutNs()
    {
        return viewChangeTimeoutNs;
    }

    /** How long a view change coordinator waits before retrying with a higher ballot. */
    public CanopusConfig viewChangeTimeoutNs(final long viewChangeTimeoutNs)
    {
        this.viewChangeTimeoutNs = viewChangeTimeoutNs;
        return this;
    }

    public long joinRetryNs()
    {
        return joinRetryNs;
    }

    /** Interval of a joining node's view queries and join requests. */
    public CanopusConfig joinRetryNs(final long joinRetryNs)
    {
        this.joinRetryNs = joinRetryNs;
        return this;
    }

    public int maxWritesPerProposal()
    {
        return maxWritesPerProposal;
    }

    public CanopusConfig maxWritesPerProposal(final int maxWritesPerProposal)
    {
        this.maxWritesPerProposal = maxWritesPerProposal;
        return this;
    }

    public int maxProposalBytes()
    {
        return maxProposalBytes;
    }

    /** Upper bound of one encoded proposal; a batch closes before it would pass it. */
    public CanopusConfig maxProposalBytes(final int maxProposalBytes)
    {
        this.maxProposalBytes = maxProposalBytes;
        return this;
    }

    public int maxPayloadBytes()
    {
        return maxPayloadBytes;
    }

    /** Largest client command accepted; bigger ones are answered REJECTED. */
    public CanopusConfig maxPayloadBytes(final int maxPayloadBytes)
    {
        this.maxPayloadBytes = maxPayloadBytes;
        return this;
    }

    public int maxPendingWrites()
    {
        return maxPendingWrites;
    }

    /** Client writes queued for the next proposal; beyond it clients are answered BUSY (back pressure). */
    public CanopusConfig maxPendingWrites(final int maxPendingWrites)
    {
        this.maxPendingWrites = maxPendingWrites;
        return this;
    }

    public int maxPendingReads()
    {
        return maxPendingReads;
    }

    public CanopusConfig maxPendingReads(final int maxPendingReads)
    {
        this.maxPendingReads = maxPendingReads;
        return this;
    }

    public int maxSessions()
    {
        return maxSessions;
    }

    public CanopusConfig maxSessions(final int maxSessions)
    {
        this.maxSessions = maxSessions;
        return this;
    }

    public int maxPendingStateRequests()
    {
        return maxPendingStateRequests;
    }

    /** State requests an emulator parks until it has computed the state; beyond it they are dropped and counted. */
    public CanopusConfig maxPendingStateRequests(final int maxPendingStateRequests)
    {
        this.maxPendingStateRequests = maxPendingStateRequests;
        return this;
    }

    /** @return the number of cycle slots a node keeps: room for peers that run a full pipeline ahead. */
    public int windowSlots()
    {
        int slots = 1;
        while (slots < 2 * pipelineDepth + 2)
        {
            slots <<= 1;
        }
        return slots;
    }

    /**
     * Checks every setting.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public CanopusConfig validate()
    {
        require(fanout >= 2, "fanout must be at least 2, was " + fanout);
        require(pipelineDepth >= 1 && pipelineDepth <= 64, "pipelineDepth must be 1..64, was " + pipelineDepth);
        require(representatives >= 1, "representatives must be at least 1, was " + representatives);
        require(heartbeatIntervalNs > 0, "heartbeatIntervalNs must be positive");
        require(tickIntervalNs > 0, "tickIntervalNs must be positive");
        require(retransmitTimeoutNs > 0, "retransmitTimeoutNs must be positive");
        require(fetchTimeoutNs > 0, "fetchTimeoutNs must be positive");
        require(suspicionTimeoutNs > 2 * retransmitTimeoutNs, "suspicionTimeoutNs must exceed twice retransmitTimeoutNs");
        require(viewChangeTimeoutNs > 0, "viewChangeTimeoutNs must be positive");
        require(joinRetryNs > 0, "joinRetryNs must be positive");
        require(maxWritesPerProposal >= 1 && maxWritesPerProposal <= 4096, "maxWritesPerProposal must be 1..4096, was " + maxWritesPerProposal);
        require(maxPayloadBytes >= 16 && maxPayloadBytes <= 16 * 1024, "maxPayloadBytes must be 16..16384, was " + maxPayloadBytes);
        require(maxProposalBytes >= maxPayloadBytes + 256, "maxProposalBytes must leave room for one write of maxPayloadBytes");
        require(maxPendingWrites >= 1, "maxPendingWrites must be at least 1");
        require(maxPendingReads >= 1, "maxPendingReads must be at least 1");
        require(maxSessions >= 1, "maxSessions must be at least 1");
        require(maxPendingStateRequests >= 1, "maxPendingStateRequests must be at least 1");
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
