package io.canopus.engine.raft;

import io.canopus.codecs.frame.MessageLimits;

import java.util.concurrent.TimeUnit;

/**
 * Settings of a Raft node, as a fluent context (set, then {@link #validate()}). Defaults suit a datacenter
 * (links of microseconds): elections after 10 to 20 ms of silence, heartbeats every 2 ms. Every queue and
 * batch has a limit here.
 */
public final class RaftConfig
{
    private long electionTimeoutMinNs = TimeUnit.MILLISECONDS.toNanos(10);
    private long electionTimeoutMaxNs = TimeUnit.MILLISECONDS.toNanos(20);
    private long heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(2);
    private boolean preVote;
    private boolean batchRequests = true;
    private int maxEntriesPerAppend = 256;
    private int maxAppendBytes = 60 * 1024;
    private int maxInflightEntries = 4096;
    private int maxInflightAppends = 1;
    private int maxUncommittedEntries = 8192;
    private int maxPendingReads = 4096;
    private int maxPayloadBytes = 2048;
    private int maxSessions = 65536;
    private int maxLogEntries = 4_000_000;

    public long electionTimeoutMinNs()
    {
        return electionTimeoutMinNs;
    }

    public long electionTimeoutMaxNs()
    {
        return electionTimeoutMaxNs;
    }

    /**
     * A follower that hears nothing from a leader for a time drawn uniformly from {@code [minNs, maxNs]} starts an
     * election; the spread makes split votes rare.
     */
    public RaftConfig electionTimeoutNs(final long minNs, final long maxNs)
    {
        this.electionTimeoutMinNs = minNs;
        this.electionTimeoutMaxNs = maxNs;
        return this;
    }

    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    /** Longest time a leader stays silent towards a follower; must be well below the election timeout. */
    public RaftConfig heartbeatIntervalNs(final long heartbeatIntervalNs)
    {
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        return this;
    }

    public boolean preVote()
    {
        return preVote;
    }

    /**
     * Pre-vote (Ongaro's thesis, section 9.6): before raising its term a would-be candidate asks whether a majority
     * would vote for it; a server that heard from a leader within the minimum election timeout says no. A server
     * that cannot hear the leader then no longer disrupts a working cluster by raising terms.
     */
    public RaftConfig preVote(final boolean preVote)
    {
        this.preVote = preVote;
        return this;
    }

    public boolean batchRequests()
    {
        return batchRequests;
    }

    /**
     * With batching (Coracle's {@code batch_requests}) the leader sends every entry waiting for a follower in one
     * AppendEntries per duty cycle, up to the limits; without it each AppendEntries carries one entry.
     */
    public RaftConfig batchRequests(final boolean batchRequests)
    {
        this.batchRequests = batchRequests;
        return this;
    }

    public int maxEntriesPerAppend()
    {
        return maxEntriesPerAppend;
    }

    /** Most entries in one AppendEntries. */
    public RaftConfig maxEntriesPerAppend(final int maxEntriesPerAppend)
    {
        this.maxEntriesPerAppend = maxEntriesPerAppend;
        return this;
    }

    public int maxAppendBytes()
    {
        return maxAppendBytes;
    }

    /** Most bytes in one AppendEntries frame (Aeron's MTU-sized fragments reassemble up to this). */
    public RaftConfig maxAppendBytes(final int maxAppendBytes)
    {
        this.maxAppendBytes = maxAppendBytes;
        return this;
    }

    public int maxInflightEntries()
    {
        return maxInflightEntries;
    }

    /** Most entries a leader sends a follower beyond what it acknowledged: the replication pipeline's depth. */
    public RaftConfig maxInflightEntries(final int maxInflightEntries)
    {
        this.maxInflightEntries = maxInflightEntries;
        return this;
    }

    public int maxInflightAppends()
    {
        return maxInflightAppends;
    }

    /**
     * AppendEntries carrying entries a leader keeps unanswered per follower. Natural batching: while a follower has
     * this many unanswered, new entries wait and leave together in the next one, so a busy leader sends fewer,
     * larger messages instead of one small message per follower per duty cycle. An answer, or a heartbeat interval
     * without one (a loss), opens the window again.
     */
    public RaftConfig maxInflightAppends(final int maxInflightAppends)
    {
        this.maxInflightAppends = maxInflightAppends;
        return this;
    }

    public int maxUncommittedEntries()
    {
        return maxUncommittedEntries;
    }

    /** Most entries a leader holds uncommitted; further writes are answered BUSY (back pressure). */
    public RaftConfig maxUncommittedEntries(final int maxUncommittedEntries)
    {
        this.maxUncommittedEntries = maxUncommittedEntries;
        return this;
    }

    public int maxPendingReads()
    {
        return maxPendingReads;
    }

    /** Most reads a leader holds waiting for their ReadIndex round; further reads are answered BUSY. */
    public RaftConfig maxPendingReads(final int maxPendingReads)
    {
        this.maxPendingReads = maxPendingReads;
        return this;
    }

    public int maxPayloadBytes()
    {
        return maxPayloadBytes;
    }

    /** Largest client command accepted; larger ones are REJECTED. */
    public RaftConfig maxPayloadBytes(final int maxPayloadBytes)
    {
        this.maxPayloadBytes = maxPayloadBytes;
        return this;
    }

    public int maxSessions()
    {
        return maxSessions;
    }

    /** Client sessions the exactly-once table remembers. */
    public RaftConfig maxSessions(final int maxSessions)
    {
        this.maxSessions = maxSessions;
        return this;
    }

    public int maxLogEntries()
    {
        return maxLogEntries;
    }

    /**
     * Most entries in the log. There is no snapshotting yet, so the log only grows: a leader whose log is full
     * answers writes BUSY rather than run out of memory.
     */
    public RaftConfig maxLogEntries(final int maxLogEntries)
    {
        this.maxLogEntries = maxLogEntries;
        return this;
    }

    /**
     * @return this, after checking every setting.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public RaftConfig validate()
    {
        require(electionTimeoutMinNs > 0, "electionTimeoutMinNs must be positive, was " + electionTimeoutMinNs);
        require(electionTimeoutMaxNs >= electionTimeoutMinNs,
            "electionTimeoutMaxNs " + electionTimeoutMaxNs + " must be at least electionTimeoutMinNs " + electionTimeoutMinNs);
        require(heartbeatIntervalNs > 0, "heartbeatIntervalNs must be positive, was " + heartbeatIntervalNs);
        require(maxEntriesPerAppend >= 1 && maxEntriesPerAppend <= MessageLimits.MAX_RAFT_ENTRIES_PER_APPEND,
            "maxEntriesPerAppend must be 1.." + MessageLimits.MAX_RAFT_ENTRIES_PER_APPEND + ", was " + maxEntriesPerAppend);
        require(maxPayloadBytes >= 1 && maxPayloadBytes <= MessageLimits.MAX_PAYLOAD_BYTES,
            "maxPayloadBytes must be 1.." + MessageLimits.MAX_PAYLOAD_BYTES + ", was " + maxPayloadBytes);
        require(maxAppendBytes >= 1024 + maxPayloadBytes && maxAppendBytes <= MessageLimits.MAX_FRAME_LENGTH,
            "maxAppendBytes must be maxPayloadBytes + 1024 .. " + MessageLimits.MAX_FRAME_LENGTH + ", was " + maxAppendBytes);
        require(maxInflightEntries >= maxEntriesPerAppend, "maxInflightEntries must be at least maxEntriesPerAppend");
        require(maxInflightAppends >= 1 && maxInflightAppends <= 64, "maxInflightAppends must be 1..64, was " + maxInflightAppends);
        require(maxUncommittedEntries >= 1, "maxUncommittedEntries must be at least 1");
        require(maxPendingReads >= 1, "maxPendingReads must be at least 1");
        require(maxSessions >= 1, "maxSessions must be at least 1");
        require(maxLogEntries >= 16, "maxLogEntries must be at least 16");
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString()
    {
        return "RaftConfig{election=" + electionTimeoutMinNs + ".." + electionTimeoutMaxNs + "ns, heartbeat=" +
            heartbeatIntervalNs + "ns, preVote=" + preVote + ", batchRequests=" + batchRequests + '}';
    }
}
