package io.canopus.sim.stats;

import io.canopus.engine.protocol.ElectionEvent;
import io.canopus.engine.protocol.ElectionReason;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.Role;
import io.canopus.sim.graph.GraphNetwork;
import io.canopus.sim.host.HostObserver;
import io.canopus.sim.net.DropReason;
import io.canopus.sim.net.NetworkCounters;
import io.canopus.sim.net.NetworkObserver;
import io.canopus.sim.workload.WorkloadCounters;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches one run through the network's and the hosts' observer hooks and turns what it saw into
 * {@link SimStats}. Every hook is O(1) and allocation-free (counts live in arrays sized at construction),
 * so statistics stay on for every run without costing the simulator its speed; the bounded lists it keeps
 * for pictures (role changes, the first copies of the run) stop growing at their limit and say so.
 * <p>
 * Another observer (a trace) can be chained behind it with {@link #forwardTo}; it then sees every call after
 * the collector.
 */
public final class StatsCollector implements NetworkObserver, HostObserver
{
    /** Buckets of the time series plotted in reports. */
    public static final int SERIES_BUCKETS = 200;
    /** Message copies kept for a space-time diagram: enough for a small run, bounded for a long one. */
    public static final int MAX_COPIES = 4000;
    /** Role changes kept for the mode and term plot. */
    public static final int MAX_ROLE_CHANGES = 50_000;
    /** Boots and crashes kept. */
    public static final int MAX_UP_DOWN = 50_000;
    /** Per endpoint-pair traffic is counted for at most this many endpoints (a dense square of counters). */
    public static final int MAX_FLOW_ENDPOINTS = 512;
    /** Availability windows at most; a longer run gets longer windows. */
    public static final int MAX_WINDOWS = 100_000;
    /** Shortest availability window: finer than this measures the workload's arrivals, not the cluster. */
    public static final long MIN_WINDOW_NS = 10_000_000L;

    private static final NetworkObserver NO_NETWORK = new NetworkObserver()
    {
    };
    private static final HostObserver NO_HOST = new HostObserver()
    {
    };

    private final String protocol;
    private final boolean leaderBased;
    private final int nodeCount;
    private final int endpointCount;
    private final int treeHeight;
    private final long durationNs;
    private final long bucketNs;
    private final long windowNs;
    private final int windowCount;

    private NetworkObserver nextNetwork = NO_NETWORK;
    private HostObserver nextHost = NO_HOST;

    // Network.
    private final long[] typeMessages = new long[MessageTypes.UNKNOWN + 1];
    private final long[] typeBytes = new long[MessageTypes.UNKNOWN + 1];
    private final long[] protocolTypeMessages = new long[MessageTypes.UNKNOWN + 1];
    private final long[] flowMessages;
    private final long[] flowBytes;
    private long scheduled;
    private long delivered;
    private long droppedInFlight;
    private long delaySumNs;
    private long delayMinNs = Long.MAX_VALUE;
    private long delayMaxNs;
    /** True between a send and its first scheduling or drop: a drop then is a drop at send. */
    private boolean sendPending;
    private int pendingType;

    // Copies for the space-time diagram.
    private final long[] copySendNs = new long[MAX_COPIES];
    private final long[] copyArriveNs = new long[MAX_COPIES];
    private final int[] copyFrom = new int[MAX_COPIES];
    private final int[] copyTo = new int[MAX_COPIES];
    private final int[] copyType = new int[MAX_COPIES];
    private int copies;
    private boolean copiesTruncated;

    // Hosts.
    private final long[][] committedPosition;
    private final long[] writesCommitted;
    private long clusterCommitted;
    private long firstApplicationNs = -1;
    private final boolean[] windowHasCommit;
    private long lastWriteCommitNs;
    private long longestGapNs = -1;
    private long longestGapStartNs;
    private long applications;
    private final List<SimStats.RoleChange> roles = new ArrayList<>();
    private boolean rolesTruncated;
    private final List<SimStats.UpDown> upDown = new ArrayList<>();
    private long firstLeaderNs = -1;
    private long candidacies;
    private long preVoteRounds;
    private long leaderChanges;
    private long highestTerm;
    private long electionsWon;
    private long electionsLost;
    private final EnumMap<ElectionReason, Long> startedByReason = new EnumMap<>(ElectionReason.class);
    private final EnumMap<ElectionReason, Long> lostByReason = new EnumMap<>(ElectionReason.class);

    /**
     * @param protocol      the protocol's name, reported as is.
     * @param leaderBased   true for a protocol that reports roles and elections (Raft).
     * @param nodeCount     servers (endpoints 0..nodeCount-1).
     * @param endpointCount servers and clients.
     * @param treeHeight    rounds per Canopus cycle (the rack tree's height).
     * @param durationNs    the run's simulated length.
     * @param windowNs      the availability window (see {@link #availabilityWindowNs}).
     */
    public StatsCollector(
        final String protocol,
        final boolean leaderBased,
        final int nodeCount,
        final int endpointCount,
        final int treeHeight,
        final long durationNs,
        final long windowNs)
    {
        if (nodeCount < 1 || endpointCount < nodeCount || durationNs < 1 || windowNs < 1)
        {
            throw new IllegalArgumentException("nodeCount " + nodeCount + ", endpointCount " + endpointCount +
                ", durationNs " + durationNs + ", windowNs " + windowNs);
        }
        this.protocol = protocol;
        this.leaderBased = leaderBased;
        this.nodeCount = nodeCount;
        this.endpointCount = endpointCount;
        this.treeHeight = treeHeight;
        this.durationNs = durationNs;
        this.bucketNs = Math.max(1, (durationNs + SERIES_BUCKETS - 1) / SERIES_BUCKETS);
        final long minWindow = (durationNs + MAX_WINDOWS - 1) / MAX_WINDOWS;
        this.windowNs = Math.max(windowNs, minWindow);
        this.windowCount = (int)((durationNs + this.windowNs - 1) / this.windowNs);
        this.windowHasCommit = new boolean[windowCount];
        final int flowEndpoints = endpointCount <= MAX_FLOW_ENDPOINTS ? endpointCount : 0;
        this.flowMessages = new long[flowEndpoints * flowEndpoints];
        this.flowBytes = new long[flowEndpoints * flowEndpoints];
        this.committedPosition = new long[nodeCount][SERIES_BUCKETS];
        for (final long[] row : committedPosition)
        {
            Arrays.fill(row, -1);
        }
        this.writesCommitted = new long[SERIES_BUCKETS];
    }

    /**
     * The availability window for a workload: at least {@link #MIN_WINDOW_NS}, and at least twice the longest
     * pause between a client's operations (closed loop) or twenty mean inter-arrival times (open loop), so that
     * a healthy cluster commits in every window and an empty window means the cluster, not the workload, stalled.
     */
    public static long availabilityWindowNs(final long thinkTimeMaxNs, final double openLoopRatePerSec)
    {
        long window = Math.max(MIN_WINDOW_NS, 2 * thinkTimeMaxNs);
        if (openLoopRatePerSec > 0)
        {
            window = Math.max(window, (long)(20e9 / openLoopRatePerSec));
        }
        return window;
    }

    /** Chains observers that see every call after this collector (a trace), or removes them with null. */
    public void forwardTo(final NetworkObserver network, final HostObserver host)
    {
        this.nextNetwork = network == null ? NO_NETWORK : network;
        this.nextHost = host == null ? NO_HOST : host;
    }

    @Override
    public void onSend(final long nowNs, final int from, final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        final int type = MessageTypes.indexOf(buffer, offset, length);
        typeMessages[type]++;
        typeBytes[type] += length;
        if (from < nodeCount && to < nodeCount)
        {
            protocolTypeMessages[type]++;
        }
        if (flowMessages.length > 0)
        {
            final int flow = from * endpointCount + to;
            flowMessages[flow]++;
            flowBytes[flow] += length;
        }
        sendPending = true;
        pendingType = type;
        if (copies < MAX_COPIES)
        {
            copySendNs[copies] = nowNs;
            copyArriveNs[copies] = -1;
            copyFrom[copies] = from;
            copyTo[copies] = to;
            copyType[copies] = type;
        }
        nextNetwork.onSend(nowNs, from, to, buffer, offset, length);
    }

    @Override
    public void onScheduled(final long nowNs, final int from, final int to, final int length, final long delayNs)
    {
        scheduled++;
        delaySumNs += delayNs;
        delayMinNs = Math.min(delayMinNs, delayNs);
        delayMaxNs = Math.max(delayMaxNs, delayNs);
        if (sendPending)
        {
            sendPending = false;
            if (copies < MAX_COPIES)
            {
                copyArriveNs[copies++] = nowNs + delayNs;
            }
            else
            {
                copiesTruncated = true;
            }
        }
        nextNetwork.onScheduled(nowNs, from, to, length, delayNs);
    }

    @Override
    public void onDropped(final long nowNs, final int from, final int to, final int length, final DropReason reason)
    {
        if (sendPending)
        {
            sendPending = false;
            if (copies < MAX_COPIES)
            {
                copyArriveNs[copies++] = -1;
            }
            else
            {
                copiesTruncated = true;
            }
        }
        else
        {
            droppedInFlight++;
        }
        nextNetwork.onDropped(nowNs, from, to, length, reason);
    }

    @Override
    public void onDelivered(final long nowNs, final int from, final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        delivered++;
        nextNetwork.onDelivered(nowNs, from, to, buffer, offset, length);
    }

    @Override
    public void onBoot(final long nowNs, final int nodeId, final int incarnation)
    {
        if (upDown.size() < MAX_UP_DOWN)
        {
            upDown.add(new SimStats.UpDown(nowNs, nodeId, true));
        }
        nextHost.onBoot(nowNs, nodeId, incarnation);
    }

    @Override
    public void onCrash(final long nowNs, final int nodeId)
    {
        if (upDown.size() < MAX_UP_DOWN)
        {
            upDown.add(new SimStats.UpDown(nowNs, nodeId, false));
        }
        nextHost.onCrash(nowNs, nodeId);
    }

    @Override
    public void onRoleChange(final long nowNs, final int nodeId, final Role role, final long term, final int leaderId)
    {
        highestTerm = Math.max(highestTerm, term);
        switch (role)
        {
            case LEADER:
                leaderChanges++;
                if (firstLeaderNs < 0)
                {
                    firstLeaderNs = nowNs;
                }
                break;
            case CANDIDATE:
                candidacies++;
                break;
            case PRE_CANDIDATE:
                preVoteRounds++;
                break;
            default:
                break;
        }
        if (roles.size() < MAX_ROLE_CHANGES)
        {
            roles.add(new SimStats.RoleChange(nowNs, nodeId, role.name(), term, leaderId));
        }
        else
        {
            rolesTruncated = true;
        }
        nextHost.onRoleChange(nowNs, nodeId, role, term, leaderId);
    }

    @Override
    public void onElection(final long nowNs, final int nodeId, final ElectionEvent event, final ElectionReason reason, final long term)
    {
        // Not highestTerm: a pre-vote round reports the term it proposed, which no server took.
        switch (event)
        {
            case STARTED:
                startedByReason.merge(reason, 1L, Long::sum);
                break;
            case WON:
                electionsWon++;
                break;
            case LOST:
                electionsLost++;
                lostByReason.merge(reason, 1L, Long::sum);
                break;
            default:
                break;
        }
        nextHost.onElection(nowNs, nodeId, event, reason, term);
    }

    @Override
    public void onCommitted(final long nowNs, final int nodeId, final long position, final int proposals, final int writes)
    {
        final int bucket = bucketOf(nowNs);
        committedPosition[nodeId][bucket] = position;
        applications += writes;
        // Each node commits positions in order, so the cluster's first commit of a position is the one that
        // moves the cluster-wide high-water mark: counting there counts each committed write once.
        if (position > clusterCommitted)
        {
            clusterCommitted = position;
            if (writes > 0)
            {
                writesCommitted[bucket] += writes;
                onWriteCommit(nowNs);
            }
        }
        nextHost.onCommitted(nowNs, nodeId, position, proposals, writes);
    }

    private void onWriteCommit(final long nowNs)
    {
        if (firstApplicationNs < 0)
        {
            firstApplicationNs = nowNs;
        }
        final int window = (int)Math.min(windowCount - 1, Math.max(0, nowNs / windowNs));
        windowHasCommit[window] = true;
        noteGap(lastWriteCommitNs, nowNs);
        lastWriteCommitNs = nowNs;
    }

    private void noteGap(final long fromNs, final long toNs)
    {
        if (toNs - fromNs > longestGapNs)
        {
            longestGapNs = toNs - fromNs;
            longestGapStartNs = fromNs;
        }
    }

    private int bucketOf(final long nowNs)
    {
        return (int)Math.min(SERIES_BUCKETS - 1, Math.max(0, nowNs / bucketNs));
    }

    /**
     * Summarises the run. Call once, after it ended.
     *
     * @param network           the network's counters at the end.
     * @param workload          the clients' counters at the end.
     * @param latencyUs         latency of answered operations.
     * @param nodeCounters      per server, summed over incarnations.
     * @param distinctCommitted distinct client writes committed.
     * @param graphLinks        per direction of each physical link of a graph network, or empty.
     * @return the run's statistics.
     */
    public SimStats snapshot(
        final NetworkCounters.Snapshot network,
        final WorkloadCounters workload,
        final Histogram latencyUs,
        final List<NodeCounters> nodeCounters,
        final long distinctCommitted,
        final List<GraphNetwork.LinkStats> graphLinks)
    {
        final SimStats.Network net = new SimStats.Network(
            network.messagesSent(), network.messagesDelivered(), network.droppedNodeDown(), network.droppedNoPath(),
            network.droppedLoss(), network.droppedPartition(), network.duplicated(),
            Math.max(0, scheduled - delivered - droppedInFlight), network.bytesSent(),
            scheduled == 0 ? new SimStats.Spread(0, 0, 0, 0) :
                new SimStats.Spread(scheduled, delaySumNs / 1e3 / scheduled, delayMinNs / 1e3, delayMaxNs / 1e3));

        final long outstanding = Math.max(0, workload.opsStarted() - workload.opsCompleted() - workload.opsAbandoned());
        final SimStats.Client client = new SimStats.Client(
            workload.opsStarted(), workload.opsCompleted(), workload.opsAbandoned(), outstanding, workload.retries(),
            workload.refusals(), percentiles(latencyUs),
            firstApplicationNs < 0 ? null : firstApplicationNs / 1e6,
            distinctCommitted == 0 ? null : (double)applications / distinctCommitted);

        final Map<String, Long> messages = new LinkedHashMap<>();
        for (int type = 0; type < protocolTypeMessages.length; type++)
        {
            if (protocolTypeMessages[type] > 0)
            {
                messages.put(MessageTypes.nameOf(type), protocolTypeMessages[type]);
            }
        }
        final SimStats.Leader leader = leaderBased ? new SimStats.Leader(
            firstLeaderNs < 0 ? null : firstLeaderNs / 1e6, candidacies, electionsWon, electionsLost,
            names(startedByReason), names(lostByReason), highestTerm, leaderChanges, preVoteRounds) : null;
        SimStats.Cycles cycles = null;
        if (!leaderBased)
        {
            long mostCycles = 0;
            long writesThere = 0;
            long viewChanges = 0;
            long fetches = 0;
            long failovers = 0;
            long catchUp = 0;
            for (final NodeCounters c : nodeCounters)
            {
                if (c.cyclesCommitted > mostCycles)
                {
                    mostCycles = c.cyclesCommitted;
                    writesThere = c.writesCommitted;
                }
                viewChanges += c.viewChangesDecided;
                fetches += c.stateFetches;
                failovers += c.stateFetchFailovers;
                catchUp += c.catchUpCycles;
            }
            cycles = new SimStats.Cycles(mostCycles, treeHeight, mostCycles == 0 ? 0 : (double)writesThere / mostCycles,
                viewChanges, fetches, failovers, catchUp);
        }
        final SimStats.Protocol protocolStats = new SimStats.Protocol(protocol, messages, leader, cycles);

        long withCommit = 0;
        for (final boolean w : windowHasCommit)
        {
            withCommit += w ? 1 : 0;
        }
        noteGap(lastWriteCommitNs, durationNs);
        final SimStats.Availability availability = new SimStats.Availability(windowNs / 1e6, windowCount, withCommit,
            (double)withCommit / windowCount, longestGapNs / 1e6, longestGapStartNs / 1e6);

        final List<SimStats.MessageType> types = new ArrayList<>();
        for (int type = 0; type < typeMessages.length; type++)
        {
            if (typeMessages[type] > 0)
            {
                types.add(new SimStats.MessageType(MessageTypes.nameOf(type), typeMessages[type], typeBytes[type]));
            }
        }
        types.sort(Comparator.comparingLong(SimStats.MessageType::bytes).reversed());
        final List<SimStats.Link> links = new ArrayList<>();
        for (int flow = 0; flow < flowMessages.length; flow++)
        {
            if (flowMessages[flow] > 0)
            {
                links.add(new SimStats.Link(endpointName(flow / endpointCount), endpointName(flow % endpointCount),
                    flowMessages[flow], flowBytes[flow]));
            }
        }
        links.sort(Comparator.comparingLong(SimStats.Link::bytes).reversed());

        final List<SimStats.Wire> wires = new ArrayList<>(graphLinks.size());
        for (final GraphNetwork.LinkStats l : graphLinks)
        {
            wires.add(new SimStats.Wire(l.linkId(), nodeName(l.from()), nodeName(l.to()), l.packets(), l.bytes(), l.dropped()));
        }
        return new SimStats(net, client, protocolStats, availability, List.copyOf(types), List.copyOf(links), List.copyOf(wires),
            series(latencyUs));
    }

    private SimStats.Series series(final Histogram latencyUs)
    {
        final long[][] positions = new long[nodeCount][];
        for (int node = 0; node < nodeCount; node++)
        {
            final long[] row = committedPosition[node].clone();
            long last = 0;
            for (int b = 0; b < row.length; b++)
            {
                if (row[b] < 0)
                {
                    row[b] = last;
                }
                last = row[b];
            }
            positions[node] = row;
        }
        final List<SimStats.Copy> kept = new ArrayList<>(copies);
        for (int i = 0; i < copies; i++)
        {
            kept.add(new SimStats.Copy(copySendNs[i], copyArriveNs[i], copyFrom[i], copyTo[i], MessageTypes.nameOf(copyType[i])));
        }
        final List<double[]> cdf = new ArrayList<>();
        if (latencyUs.getTotalCount() > 0)
        {
            for (final var value : latencyUs.percentiles(5))
            {
                cdf.add(new double[]{value.getValueIteratedTo(), value.getPercentileLevelIteratedTo() / 100.0});
            }
        }
        return new SimStats.Series(bucketNs, positions, writesCommitted.clone(), List.copyOf(roles), rolesTruncated,
            List.copyOf(upDown), List.copyOf(kept), copiesTruncated, List.copyOf(cdf));
    }

    /** Graph node ids: endpoints keep their ids; anything beyond the endpoints is a hub. */
    private String nodeName(final int node)
    {
        return node < endpointCount ? endpointName(node) : "h" + node;
    }

    private String endpointName(final int endpoint)
    {
        return endpoint < nodeCount ? "n" + endpoint : "c" + (endpoint - nodeCount);
    }

    private static Map<String, Long> names(final EnumMap<ElectionReason, Long> byReason)
    {
        final Map<String, Long> named = new LinkedHashMap<>();
        byReason.forEach((reason, count) -> named.put(reason.name(), count));
        return named;
    }

    private static SimStats.Percentiles percentiles(final Histogram h)
    {
        if (h.getTotalCount() == 0)
        {
            return new SimStats.Percentiles(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new SimStats.Percentiles(h.getTotalCount(), h.getMean(), h.getMinValue(), h.getValueAtPercentile(50),
            h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
