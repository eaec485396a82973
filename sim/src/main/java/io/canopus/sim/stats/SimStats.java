package io.canopus.sim.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one run, a superset of Coracle's, serialised as the {@code stats} object of
 * {@code sim --json} and of a report's {@code results.json}. Times are simulated; a Coracle time unit is
 * one millisecond.
 *
 * @param network      what the network carried and dropped.
 * @param client       what the clients saw.
 * @param protocol     what the protocol did.
 * @param availability how much of the run writes committed in.
 * @param messageTypes messages and bytes per wire message type, most bytes first.
 * @param links        messages and bytes per directed endpoint pair that carried traffic, most bytes first.
 * @param wires        per direction of each physical link of a graph network (our own format, sweeps), in link order;
 *                     empty for networks without physical links.
 * @param series       time series for plots; left out of JSON output, reports write it separately.
 */
public record SimStats(
    Network network,
    Client client,
    Protocol protocol,
    Availability availability,
    List<MessageType> messageTypes,
    List<Link> links,
    List<Wire> wires,
    @JsonIgnore Series series)
{
    /**
     * @param dispatched         copies sent (a multicast counts once per receiver), client traffic included.
     * @param received           copies delivered.
     * @param droppedNodeFailure copies whose receiver was down at send or crashed while they flew.
     * @param droppedNoPath      copies with no active path (a described network).
     * @param droppedLoss        copies lost to random or link loss.
     * @param droppedPartition   copies blocked by a partition, an isolation or a one-way block.
     * @param duplicated         extra copies the network made.
     * @param inFlight           copies still flying when the run ended.
     * @param bytesDispatched    bytes of all dispatched copies.
     * @param pathLatencyUs      delay of every scheduled copy, from send to planned arrival.
     */
    public record Network(
        long dispatched,
        long received,
        long droppedNodeFailure,
        long droppedNoPath,
        long droppedLoss,
        long droppedPartition,
        long duplicated,
        long inFlight,
        long bytesDispatched,
        Spread pathLatencyUs)
    {
    }

    /**
     * Mean, minimum and maximum of a set of values; all 0 when {@code count} is 0.
     *
     * @param count values seen.
     * @param avg   mean.
     * @param min   smallest.
     * @param max   largest.
     */
    public record Spread(long count, double avg, double min, double max)
    {
    }

    /**
     * @param attempted                 operations the clients started.
     * @param succeeded                 operations answered with a definite outcome.
     * @param failed                    operations given up without a definite outcome (timeouts past every retry).
     * @param outstanding               operations still waiting when the run ended.
     * @param retries                   requests sent again.
     * @param refusals                  BUSY, NOT_MEMBER and REDIRECT answers.
     * @param latencyUs                 latency of answered operations, invocation to answer.
     * @param timeToFirstApplicationMs  when a client write was first applied on any server, or null if never.
     * @param applicationsPerCommand    applications on servers per distinct committed write (the replication
     *                                  factor actually reached), or null when nothing committed.
     */
    public record Client(
        long attempted,
        long succeeded,
        long failed,
        long outstanding,
        long retries,
        long refusals,
        Percentiles latencyUs,
        Double timeToFirstApplicationMs,
        Double applicationsPerCommand)
    {
    }

    /** Latency distribution summary, microseconds of simulated time. */
    public record Percentiles(long count, double avg, long min, long p50, long p90, long p99, long p999, long max)
    {
    }

    /**
     * What the protocol did. Leader-based protocols (Raft) fill {@code leader}; Canopus fills {@code cycles}. Both
     * are flattened into this object in JSON, so {@code stats.protocol.highestTerm} is a Raft field.
     *
     * @param name     the protocol's name.
     * @param messages messages sent between servers, per message type (client traffic excluded).
     * @param leader   leader and election statistics, or null for a leaderless protocol.
     * @param cycles   cycle statistics, or null for a protocol without cycles.
     */
    public record Protocol(
        String name,
        Map<String, Long> messages,
        @JsonUnwrapped Leader leader,
        @JsonUnwrapped Cycles cycles)
    {
    }

    /**
     * @param timeToFirstLeaderMs    when a server first became leader, or null when none ever did.
     * @param electionsStarted       elections started (real ones, not pre-vote rounds), over all servers.
     * @param electionsWon           elections won.
     * @param electionsLost          elections lost.
     * @param startedByReason        elections started, by reason.
     * @param lostByReason           elections lost, by reason.
     * @param highestTerm            the highest term any server reached.
     * @param leaderChanges          times a server became leader.
     * @param preVoteRounds          pre-vote rounds started (0 without pre-vote).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Leader(
        Double timeToFirstLeaderMs,
        long electionsStarted,
        long electionsWon,
        long electionsLost,
        Map<String, Long> startedByReason,
        Map<String, Long> lostByReason,
        long highestTerm,
        long leaderChanges,
        long preVoteRounds)
    {
    }

    /**
     * @param cycles          cycles committed by the server that committed the most.
     * @param roundsPerCycle  rounds each cycle takes: the height of the rack tree.
     * @param meanBatch       committed writes per committed cycle on that server.
     * @param viewChanges     rack view changes decided, over all servers.
     * @param stateFetches    vnode states fetched from other racks, over all servers.
     * @param fetchFailovers  fetches that moved to another emulator, over all servers.
     * @param catchUpCycles   cycles learned by catch-up rather than taking part.
     */
    public record Cycles(
        long cycles,
        int roundsPerCycle,
        double meanBatch,
        long viewChanges,
        long stateFetches,
        long fetchFailovers,
        long catchUpCycles)
    {
    }

    /**
     * @param windowMs          the window length: long enough that a healthy cluster under this run's
     *                          workload commits a write in every window (see {@code StatsCollector}).
     * @param windows           windows in the run.
     * @param windowsWithCommit windows in which at least one client write committed.
     * @param share             {@code windowsWithCommit / windows}.
     * @param longestGapMs      the longest stretch of the run without a write commit, start and end of the run included.
     * @param longestGapStartMs where that stretch began.
     */
    public record Availability(
        double windowMs,
        long windows,
        long windowsWithCommit,
        double share,
        double longestGapMs,
        double longestGapStartMs)
    {
    }

    /** Traffic of one message type: copies dispatched and their bytes. */
    public record MessageType(String type, long messages, long bytes)
    {
    }

    /**
     * Traffic between two endpoints in one direction.
     *
     * @param from     sending endpoint name ({@code n<id>} for a server, {@code c<index>} for a client).
     * @param to       receiving endpoint name.
     * @param messages copies dispatched.
     * @param bytes    their bytes.
     */
    public record Link(String from, String to, long messages, long bytes)
    {
    }

    /**
     * Traffic of one direction of a physical link.
     *
     * @param link    the link's index in its network description.
     * @param from    sending node ({@code n<id>} server, {@code c<index>} client, {@code h<id>} hub).
     * @param to      receiving node.
     * @param packets copies it carried.
     * @param bytes   their bytes.
     * @param dropped copies it lost (its loss probability, or its queue full).
     */
    public record Wire(int link, String from, String to, long packets, long bytes, long dropped)
    {
    }

    /**
     * Time series for plots.
     *
     * @param bucketNs             width of a time bucket.
     * @param committedPosition    per server, the highest committed position (cycle or log index) at the end of each bucket.
     * @param writesCommitted      per bucket, client writes the cluster committed for the first time.
     * @param roles                every role change reported by a leader-based protocol, in time order.
     * @param rolesTruncated       true when more role changes happened than were kept.
     * @param upDown               every boot and crash, in time order.
     * @param copies               the first message copies of the run, for a space-time diagram.
     * @param copiesTruncated      true when the run had more copies than were kept.
     * @param latencyCdf           (latency us, cumulative fraction) points of the answered operations.
     */
    public record Series(
        long bucketNs,
        long[][] committedPosition,
        long[] writesCommitted,
        List<RoleChange> roles,
        boolean rolesTruncated,
        List<UpDown> upDown,
        List<Copy> copies,
        boolean copiesTruncated,
        List<double[]> latencyCdf)
    {
    }

    /** A server took a role in a term, knowing {@code leader} (-1 for none). */
    public record RoleChange(long timeNs, int node, String role, long term, int leader)
    {
    }

    /** A server booted ({@code up}) or crashed. */
    public record UpDown(long timeNs, int node, boolean up)
    {
    }

    /**
     * One message copy: sent at {@code sendNs}, planned to arrive at {@code arriveNs}, or -1 when it was dropped at send.
     * Endpoints are network endpoint indices (servers first, then clients).
     */
    public record Copy(long sendNs, long arriveNs, int from, int to, String type)
    {
    }
}
