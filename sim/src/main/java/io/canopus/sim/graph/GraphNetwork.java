package io.canopus.sim.graph;

import io.canopus.sim.net.PathModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A described network as a {@link PathModel}: servers, clients and hubs joined by directed links
 * (a bidirectional link is two directions with their own queues and counters), each direction with
 * a latency (fixed or drawn), a bandwidth, a bounded FIFO queue, a loss and a duplication
 * probability.
 * <p>
 * Routing: a copy follows the least mean-latency path of up links through up nodes; only hubs
 * forward, so every node strictly between sender and receiver is a hub. Routes live in an all-pairs
 * next-hop table ({@code next[node * nodes + destination]} = the first directed link), rebuilt only
 * when a link or node goes up or down (lazily, at the next copy), so routing a copy allocates
 * nothing and costs one table read per hop.
 * <p>
 * Timing, store-and-forward: at each hop a copy waits until the direction is free (its busy-until
 * time), serializes for {@code bytes * 8 / bandwidth}, then propagates for the latency draw, and
 * the next hop starts when it has fully arrived. The whole path is computed at send time, in send
 * order (as {@link PathModel} asks), so a copy sent later never takes a link slot before one sent
 * earlier even if it would reach that link first: a FIFO approximation that keeps each direction's
 * state one number. A copy that finds more than {@code queueLimitBytes} waiting ahead of it
 * (measured as the wait times the bandwidth) is dropped and counted as lost, as is one lost to the
 * link's loss probability. A duplicate (see {@link #duplicateLast()}) is delivered with the same
 * delay and uses no extra bandwidth.
 * <p>
 * Random draws (latency, loss, duplication) come only from the stream given, in copy order and hop
 * order, so a seeded stream gives the same run. Built with {@link #builder()}; not thread safe.
 */
public final class GraphNetwork implements PathModel
{
    /** Most nodes a graph may have: the next-hop table is {@code nodes^2} ints. */
    public static final int MAX_NODES = 4096;

    /** What a node is. */
    public enum Kind
    {
        SERVER, CLIENT, HUB
    }

    /** Traffic one direction of a link carried, and what it dropped (queue overflow or loss). */
    public record LinkStats(int linkId, int from, int to, long bytes, long packets, long dropped)
    {
    }

    private final SplittableRandom random;
    private final int nodeCount;
    private final int[] nodeIds;
    private final boolean[] hub;
    private final boolean[] nodeUp;
    private final int[] nodeOfEndpoint;
    private final Map<Integer, Integer> nodeIndex;
    private final Map<Integer, int[]> edgesOfLink;
    private final int[] linkIds;

    // Directed links ("edges"), structure of arrays so the hot path reads primitives only.
    private final int edgeCount;
    private final int[] edgeLink;
    private final int[] edgeFrom;
    private final int[] edgeTo;
    private final boolean[] edgeUp;
    private final Latency[] latency;
    private final boolean[] fixedLatency;
    private final long[] fixedLatencyNs;
    private final double[] nsPerByte;
    private final double[] bytesPerNs;
    private final long[] queueLimitBytes;
    private final double[] loss;
    private final double[] duplicate;
    private final long[] busyUntilNs;
    private final long[] bytes;
    private final long[] packets;
    private final long[] dropped;

    // Adjacency by destination, for the reverse Dijkstra that builds the next-hop table.
    private final int[][] inEdges;
    private final int[] next;
    private final long[] dist;
    private final long[] heapKey;
    private final int[] heapNode;
    private boolean routesDirty = true;
    private long routeBuilds;
    private boolean lastDuplicate;

    private GraphNetwork(final Builder b, final int endpointCount, final SplittableRandom random)
    {
        this.random = random;
        this.nodeCount = b.nodes.size();
        if (nodeCount == 0 || nodeCount > MAX_NODES)
        {
            throw new IllegalArgumentException("a graph needs 1.." + MAX_NODES + " nodes, has " + nodeCount);
        }
        this.nodeIds = new int[nodeCount];
        this.hub = new boolean[nodeCount];
        this.nodeUp = new boolean[nodeCount];
        this.nodeIndex = new HashMap<>();
        this.nodeOfEndpoint = new int[endpointCount];
        Arrays.fill(nodeOfEndpoint, -1);
        for (int i = 0; i < nodeCount; i++)
        {
            final NodeDef n = b.nodes.get(i);
            nodeIds[i] = n.id;
            hub[i] = n.kind == Kind.HUB;
            nodeUp[i] = true;
            nodeIndex.put(n.id, i);
            if (n.endpoint >= 0)
            {
                if (n.endpoint >= endpointCount)
                {
                    throw new IllegalArgumentException("node " + n.id + " is endpoint " + n.endpoint + " of only " + endpointCount);
                }
                if (nodeOfEndpoint[n.endpoint] >= 0)
                {
                    throw new IllegalArgumentException("endpoint " + n.endpoint + " is two nodes");
                }
                nodeOfEndpoint[n.endpoint] = i;
            }
        }
        int edges = 0;
        for (final LinkDef l : b.links)
        {
            edges += l.bidirectional ? 2 : 1;
        }
        this.edgeCount = edges;
        edgeLink = new int[edges];
        edgeFrom = new int[edges];
        edgeTo = new int[edges];
        edgeUp = new boolean[edges];
        latency = new Latency[edges];
        fixedLatency = new boolean[edges];
        fixedLatencyNs = new long[edges];
        nsPerByte = new double[edges];
        bytesPerNs = new double[edges];
        queueLimitBytes = new long[edges];
        loss = new double[edges];
        duplicate = new double[edges];
        busyUntilNs = new long[edges];
        bytes = new long[edges];
        packets = new long[edges];
        dropped = new long[edges];
        edgesOfLink = new HashMap<>();
        linkIds = new int[b.links.size()];
        int e = 0;
        final int[] inDegree = new int[nodeCount];
        for (int k = 0; k < b.links.size(); k++)
        {
            final LinkDef l = b.links.get(k);
            linkIds[k] = l.id;
            final int from = index(l.from);
            final int to = index(l.to);
            final int[] mine = new int[l.bidirectional ? 2 : 1];
            mine[0] = e;
            defineEdge(e++, l.id, from, to, l.spec);
            inDegree[to]++;
            if (l.bidirectional)
            {
                mine[1] = e;
                defineEdge(e++, l.id, to, from, l.spec);
                inDegree[from]++;
            }
            if (edgesOfLink.put(l.id, mine) != null)
            {
                throw new IllegalArgumentException("duplicate link id " + l.id);
            }
        }
        inEdges = new int[nodeCount][];
        for (int n = 0; n < nodeCount; n++)
        {
            inEdges[n] = new int[inDegree[n]];
        }
        final int[] fill = new int[nodeCount];
        for (int d = 0; d < edgeCount; d++)
        {
            inEdges[edgeTo[d]][fill[edgeTo[d]]++] = d;
        }
        next = new int[nodeCount * nodeCount];
        dist = new long[nodeCount];
        // A lazy heap holds at most one entry per relaxation: edges plus the start.
        heapKey = new long[edgeCount + 1];
        heapNode = new int[edgeCount + 1];
    }

    private void defineEdge(final int e, final int linkId, final int from, final int to, final LinkSpec spec)
    {
        if (from == to)
        {
            throw new IllegalArgumentException("link " + linkId + " joins node " + nodeIds[from] + " to itself");
        }
        edgeLink[e] = linkId;
        edgeFrom[e] = from;
        edgeTo[e] = to;
        edgeUp[e] = true;
        applySpec(e, spec);
    }

    private void applySpec(final int e, final LinkSpec spec)
    {
        latency[e] = spec.latency();
        fixedLatency[e] = spec.latency().distribution() == Latency.Distribution.FIXED;
        fixedLatencyNs[e] = spec.latency().meanNs();
        nsPerByte[e] = spec.bandwidthBps() == 0 ? 0.0 : 8e9 / spec.bandwidthBps();
        bytesPerNs[e] = spec.bandwidthBps() / 8e9;
        queueLimitBytes[e] = spec.queueLimitBytes();
        loss[e] = spec.loss();
        duplicate[e] = spec.duplicate();
    }

    private int index(final int nodeId)
    {
        final Integer i = nodeIndex.get(nodeId);
        if (i == null)
        {
            throw new IllegalArgumentException("no node " + nodeId);
        }
        return i;
    }

    private int[] edges(final int linkId)
    {
        final int[] e = edgesOfLink.get(linkId);
        if (e == null)
        {
            throw new IllegalArgumentException("no link " + linkId);
        }
        return e;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    // ---------------------------------------------------------------- topology changes

    /** Takes both directions of link {@code linkId} up or down; routes are rebuilt before the next copy. */
    public void linkUp(final int linkId, final boolean up)
    {
        for (final int e : edges(linkId))
        {
            if (edgeUp[e] != up)
            {
                edgeUp[e] = up;
                routesDirty = true;
            }
        }
    }

    /** Takes node {@code nodeId} up or down: a down node neither sends, receives nor forwards. */
    public void nodeUp(final int nodeId, final boolean up)
    {
        final int n = index(nodeId);
        if (nodeUp[n] != up)
        {
            nodeUp[n] = up;
            routesDirty = true;
        }
    }

    public boolean isLinkUp(final int linkId)
    {
        return edgeUp[edges(linkId)[0]];
    }

    public boolean isNodeUp(final int nodeId)
    {
        return nodeUp[index(nodeId)];
    }

    /**
     * Changes the latency of both directions of a link from now on (copies already routed keep their
     * delays); routes are rebuilt, since they follow the mean latency.
     */
    public void linkLatency(final int linkId, final Latency newLatency)
    {
        for (final int e : edges(linkId))
        {
            latency[e] = newLatency;
            fixedLatency[e] = newLatency.distribution() == Latency.Distribution.FIXED;
            fixedLatencyNs[e] = newLatency.meanNs();
        }
        routesDirty = true;
    }

    /** @return how many times the next-hop table was built (once at the start, then per topology change). */
    public long routeBuilds()
    {
        return routeBuilds;
    }

    /** @return every direction's traffic so far, in link order (a bidirectional link's forward direction first). */
    public List<LinkStats> linkStats()
    {
        final List<LinkStats> out = new ArrayList<>(edgeCount);
        for (int e = 0; e < edgeCount; e++)
        {
            out.add(new LinkStats(edgeLink[e], nodeIds[edgeFrom[e]], nodeIds[edgeTo[e]], bytes[e], packets[e], dropped[e]));
        }
        return out;
    }

    /**
     * @return the mean-latency sum of the route from endpoint {@code from} to {@code to} now, or -1
     * without a route; for tests and reports.
     */
    public long routeLatencyNs(final int fromEndpoint, final int toEndpoint)
    {
        ensureRoutes();
        int cur = nodeOfEndpoint[fromEndpoint];
        final int dst = nodeOfEndpoint[toEndpoint];
        if (cur < 0 || dst < 0 || !nodeUp[cur] || !nodeUp[dst])
        {
            return -1;
        }
        long sum = 0;
        while (cur != dst)
        {
            final int e = next[cur * nodeCount + dst];
            if (e < 0)
            {
                return -1;
            }
            sum += latency[e].meanNs();
            cur = edgeTo[e];
        }
        return sum;
    }

    // ---------------------------------------------------------------- the hot path

    @Override
    public long delayNs(final int fromEndpoint, final int toEndpoint, final int length, final long nowNs)
    {
        lastDuplicate = false;
        if (routesDirty)
        {
            buildRoutes();
        }
        if (fromEndpoint < 0 || toEndpoint < 0 || fromEndpoint >= nodeOfEndpoint.length || toEndpoint >= nodeOfEndpoint.length)
        {
            return NO_PATH;
        }
        int cur = nodeOfEndpoint[fromEndpoint];
        final int dst = nodeOfEndpoint[toEndpoint];
        if (cur < 0 || dst < 0 || !nodeUp[cur] || !nodeUp[dst])
        {
            return NO_PATH;
        }
        if (cur == dst)
        {
            return 1;
        }
        final int row = nodeCount;
        final int[] nextHop = next;
        long t = nowNs;
        boolean dup = false;
        while (cur != dst)
        {
            final int e = nextHop[cur * row + dst];
            if (e < 0)
            {
                return NO_PATH;
            }
            if (loss[e] > 0 && random.nextDouble() < loss[e])
            {
                dropped[e]++;
                return LOST;
            }
            final double perByte = nsPerByte[e];
            if (perByte > 0)
            {
                final long busy = busyUntilNs[e];
                final long start = busy > t ? busy : t;
                if (queueLimitBytes[e] > 0 && (start - t) * bytesPerNs[e] > queueLimitBytes[e])
                {
                    dropped[e]++;
                    return LOST;
                }
                t = start + (long)Math.ceil(length * perByte);
                busyUntilNs[e] = t;
            }
            t += fixedLatency[e] ? fixedLatencyNs[e] : latency[e].draw(random);
            bytes[e] += length;
            packets[e]++;
            if (duplicate[e] > 0 && random.nextDouble() < duplicate[e])
            {
                dup = true;
            }
            cur = edgeTo[e];
        }
        lastDuplicate = dup;
        return Math.max(1, t - nowNs);
    }

    @Override
    public boolean duplicateLast()
    {
        return lastDuplicate;
    }

    private void ensureRoutes()
    {
        if (routesDirty)
        {
            buildRoutes();
        }
    }

    /**
     * All-pairs next hops: for each destination, Dijkstra over the reversed up links with a lazy
     * binary heap of primitive arrays (O(E log E) per destination). A node may use link u->v toward
     * the destination only if v is the destination or an up hub: servers and clients never forward.
     * Ties keep the first link found, which depends only on the graph's order: deterministic.
     */
    private void buildRoutes()
    {
        routesDirty = false;
        routeBuilds++;
        Arrays.fill(next, -1);
        for (int dst = 0; dst < nodeCount; dst++)
        {
            if (!nodeUp[dst])
            {
                continue;
            }
            Arrays.fill(dist, Long.MAX_VALUE);
            dist[dst] = 0;
            int size = push(0, 0, dst);
            while (size > 0)
            {
                final long d = heapKey[0];
                final int v = heapNode[0];
                size = pop(size);
                if (d != dist[v])
                {
                    continue; // a stale entry: v was reached more cheaply since
                }
                if (v != dst && !hub[v])
                {
                    continue; // v can receive, but nothing is forwarded through it
                }
                for (final int e : inEdges[v])
                {
                    final int u = edgeFrom[e];
                    if (!edgeUp[e] || !nodeUp[u])
                    {
                        continue;
                    }
                    final long nd = d + latency[e].routingWeightNs();
                    if (nd < dist[u])
                    {
                        dist[u] = nd;
                        next[u * nodeCount + dst] = e;
                        size = push(size, nd, u);
                    }
                }
            }
        }
    }

    private int push(final int size, final long key, final int node)
    {
        int i = size;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (heapKey[parent] <= key)
            {
                break;
            }
            heapKey[i] = heapKey[parent];
            heapNode[i] = heapNode[parent];
            i = parent;
        }
        heapKey[i] = key;
        heapNode[i] = node;
        return size + 1;
    }

    private int pop(final int size)
    {
        final int last = size - 1;
        final long key = heapKey[last];
        final int node = heapNode[last];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= last)
            {
                break;
            }
            if (child + 1 < last && heapKey[child + 1] < heapKey[child])
            {
                child++;
            }
            if (heapKey[child] >= key)
            {
                break;
            }
            heapKey[i] = heapKey[child];
            heapNode[i] = heapNode[child];
            i = child;
        }
        heapKey[i] = key;
        heapNode[i] = node;
        return last;
    }

    private record NodeDef(int id, Kind kind, int endpoint)
    {
    }

    private record LinkDef(int id, int from, int to, boolean bidirectional, LinkSpec spec)
    {
    }

    /** Collects nodes and links; {@link #build} checks them and makes the network. */
    public static final class Builder
    {
        private final List<NodeDef> nodes = new ArrayList<>();
        private final List<LinkDef> links = new ArrayList<>();
        private final Map<Integer, Kind> ids = new HashMap<>();

        private Builder()
        {
        }

        /** A server: cluster node {@code endpoint}. */
        public Builder server(final int id, final int endpoint)
        {
            return node(id, Kind.SERVER, endpoint);
        }

        /** A client at simulator endpoint {@code endpoint} (node count + client index). */
        public Builder client(final int id, final int endpoint)
        {
            return node(id, Kind.CLIENT, endpoint);
        }

        /** A hub: forwards, is no endpoint. */
        public Builder hub(final int id)
        {
            return node(id, Kind.HUB, -1);
        }

        private Builder node(final int id, final Kind kind, final int endpoint)
        {
            if (kind != Kind.HUB && endpoint < 0)
            {
                throw new IllegalArgumentException("node " + id + ": endpoint must be >= 0: " + endpoint);
            }
            if (ids.putIfAbsent(id, kind) != null)
            {
                throw new IllegalArgumentException("duplicate node id " + id);
            }
            nodes.add(new NodeDef(id, kind, endpoint));
            return this;
        }

        /** A link between two known nodes: both directions (each its own queue) when {@code bidirectional}. */
        public Builder link(final int id, final int from, final int to, final boolean bidirectional, final LinkSpec spec)
        {
            if (!ids.containsKey(from) || !ids.containsKey(to))
            {
                throw new IllegalArgumentException("link " + id + " names unknown node " + (ids.containsKey(from) ? to : from));
            }
            links.add(new LinkDef(id, from, to, bidirectional, java.util.Objects.requireNonNull(spec)));
            return this;
        }

        /**
         * @param endpointCount servers plus clients of the simulation.
         * @param random        the network's own seeded stream for latency, loss and duplication draws.
         */
        public GraphNetwork build(final int endpointCount, final SplittableRandom random)
        {
            return new GraphNetwork(this, endpointCount, java.util.Objects.requireNonNull(random));
        }
    }
}
