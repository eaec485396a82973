package io.canopus.sim.coracle;

import io.canopus.sim.coracle.CoracleScenario.Link;
import io.canopus.sim.coracle.CoracleScenario.LinkClass;
import io.canopus.sim.coracle.CoracleScenario.NodeKind;
import io.canopus.sim.coracle.CoracleScenario.StateChange;
import io.canopus.sim.coracle.CoracleScenario.Target;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's network at the current simulated time: which nodes and links are up and each link's class, and the
 * latency of the path a message sent now would take.
 *
 * <p>Coracle's routing: a message follows the shortest (least latency) path of up links, in each link's direction, at
 * send time. Only hubs forward: every node strictly between sender and receiver must be an up hub, so a path never runs
 * through a server or a client. Both ends must be up. With no such path the message is dropped; the caller counts it.
 *
 * <p>Starts in the state before any change (see {@link CoracleScenario}); {@link #advanceTo(long)} applies the scenario's
 * changes in time order. Not thread-safe: path queries reuse scratch arrays, so a query allocates nothing.
 */
public final class CoracleNetwork
{
    private final CoracleScenario scenario;
    private final Map<Integer, Integer> nodeIndex = new HashMap<>();
    private final Map<Integer, Integer> linkIndex = new HashMap<>();
    private final boolean[] hub;
    private final boolean[] nodeUp;
    private final boolean[] linkUp;
    private final LinkClass[] linkClass;
    /** For node index n: outLinks[n][k] is a link index that carries from n to outNodes[n][k]. */
    private final int[][] outLinks;
    private final int[][] outNodes;
    private final int[] dist;
    private final boolean[] settled;
    private int nextChange;
    private long nowMs = -1;

    public CoracleNetwork(final CoracleScenario scenario)
    {
        this.scenario = scenario;
        final int n = scenario.nodes().size();
        hub = new boolean[n];
        nodeUp = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            final CoracleScenario.Node node = scenario.nodes().get(i);
            nodeIndex.put(node.id(), i);
            hub[i] = node.kind() == NodeKind.HUB;
            nodeUp[i] = CoracleScenario.initiallyActive(node.kind());
        }
        final List<Link> links = scenario.links();
        linkUp = new boolean[links.size()];
        linkClass = new LinkClass[links.size()];
        Arrays.fill(linkClass, LinkClass.S);
        final int[] degree = new int[n];
        for (int l = 0; l < links.size(); l++)
        {
            final Link link = links.get(l);
            linkIndex.put(link.id(), l);
            degree[nodeIndex.get(link.start())]++;
            if (link.bidirectional())
            {
                degree[nodeIndex.get(link.end())]++;
            }
        }
        outLinks = new int[n][];
        outNodes = new int[n][];
        for (int i = 0; i < n; i++)
        {
            outLinks[i] = new int[degree[i]];
            outNodes[i] = new int[degree[i]];
        }
        final int[] fill = new int[n];
        for (int l = 0; l < links.size(); l++)
        {
            final Link link = links.get(l);
            final int s = nodeIndex.get(link.start());
            final int e = nodeIndex.get(link.end());
            addEdge(s, e, l, fill);
            if (link.bidirectional())
            {
                addEdge(e, s, l, fill);
            }
        }
        dist = new int[n];
        settled = new boolean[n];
    }

    /** A network with every change at or before {@code timeMs} applied. */
    public static CoracleNetwork at(final CoracleScenario scenario, final long timeMs)
    {
        final CoracleNetwork network = new CoracleNetwork(scenario);
        network.advanceTo(timeMs);
        return network;
    }

    private void addEdge(final int from, final int to, final int link, final int[] fill)
    {
        outLinks[from][fill[from]] = link;
        outNodes[from][fill[from]] = to;
        fill[from]++;
    }

    /**
     * Applies, in order, every scenario change not yet applied whose time is at or before {@code timeMs}.
     *
     * @return how many changes were applied
     */
    public int advanceTo(final long timeMs)
    {
        if (timeMs < nowMs)
        {
            throw new IllegalArgumentException("time runs forward: at " + nowMs + ", asked for " + timeMs);
        }
        nowMs = timeMs;
        final List<StateChange> changes = scenario.changes();
        int applied = 0;
        while (nextChange < changes.size() && changes.get(nextChange).timeMs() <= timeMs)
        {
            apply(changes.get(nextChange++));
            applied++;
        }
        return applied;
    }

    /** Time of the next change not yet applied, or -1 when all have been. */
    public long nextChangeTimeMs()
    {
        return nextChange < scenario.changes().size() ? scenario.changes().get(nextChange).timeMs() : -1;
    }

    /** Applies one change, whatever its time; {@link #advanceTo(long)} is the usual way. */
    public void apply(final StateChange change)
    {
        if (change.target() == Target.NODE)
        {
            nodeUp[indexOfNode(change.id())] = change.active();
        }
        else
        {
            final int l = indexOfLink(change.id());
            linkUp[l] = change.active();
            if (change.linkClass() != null)
            {
                linkClass[l] = change.linkClass();
            }
        }
    }

    public boolean nodeActive(final int nodeId)
    {
        return nodeUp[indexOfNode(nodeId)];
    }

    public boolean linkActive(final int linkId)
    {
        return linkUp[indexOfLink(linkId)];
    }

    public LinkClass linkClass(final int linkId)
    {
        return linkClass[indexOfLink(linkId)];
    }

    /**
     * Latency in ms of the shortest path a message from node {@code from} to node {@code to} would take now: 0 from an
     * up node to itself, -1 when there is no path (either end down, or no chain of up links through up hubs).
     *
     * @throws IllegalArgumentException for an id that names no node
     */
    public int pathLatencyMs(final int from, final int to)
    {
        final int source = indexOfNode(from);
        final int target = indexOfNode(to);
        if (!nodeUp[source] || !nodeUp[target])
        {
            return -1;
        }
        if (source == target)
        {
            return 0;
        }
        // Dijkstra, O(V^2): Coracle's networks have a handful of nodes, so a linear scan beats a heap.
        Arrays.fill(dist, Integer.MAX_VALUE);
        Arrays.fill(settled, false);
        dist[source] = 0;
        while (true)
        {
            int u = -1;
            for (int i = 0; i < dist.length; i++)
            {
                if (!settled[i] && dist[i] != Integer.MAX_VALUE && (u == -1 || dist[i] < dist[u]))
                {
                    u = i;
                }
            }
            if (u == -1)
            {
                return -1;
            }
            if (u == target)
            {
                return dist[u];
            }
            settled[u] = true;
            if (u != source && !hub[u])
            {
                continue; // servers and clients receive but never relay
            }
            final int[] links = outLinks[u];
            final int[] nodes = outNodes[u];
            for (int k = 0; k < links.length; k++)
            {
                final int v = nodes[k];
                if (!linkUp[links[k]] || !nodeUp[v] || settled[v])
                {
                    continue;
                }
                final int d = dist[u] + linkClass[links[k]].latencyMs();
                if (d < dist[v])
                {
                    dist[v] = d;
                }
            }
        }
    }

    private int indexOfNode(final int nodeId)
    {
        final Integer i = nodeIndex.get(nodeId);
        if (i == null)
        {
            throw new IllegalArgumentException(scenario.source() + ": no node " + nodeId);
        }
        return i;
    }

    private int indexOfLink(final int linkId)
    {
        final Integer i = linkIndex.get(linkId);
        if (i == null)
        {
            throw new IllegalArgumentException(scenario.source() + ": no link " + linkId);
        }
        return i;
    }
}
