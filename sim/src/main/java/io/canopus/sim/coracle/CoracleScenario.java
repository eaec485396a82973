package io.canopus.sim.coracle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Coracle configuration (Howard, SIGCOMM 2015): how long to run, the consensus settings, a network of servers,
 * clients and hubs joined by links, and the time-ordered changes to which nodes and links are up.
 *
 * <p>Units are Coracle's: one time unit is one millisecond. Node ids and link ids are separate name spaces (a file may
 * have node 1 and link 1).
 *
 * <p>State before the first change: hubs are up (Coracle's configurations never activate them; they only forward);
 * servers, clients and links are down until a change brings them up. A link whose class is never given is
 * {@link LinkClass#S}.
 *
 * @param source       name of the file or string the scenario was read from, for messages
 * @param format       which of Coracle's two input shapes the document had
 * @param terminationMs simulated time at which a run ends
 * @param seed         the random seed, when the configuration fixes one
 * @param workload     the client workload's inter-request interval bounds, when given
 * @param consensus    the protocol and its timers
 * @param nodes        every node, in document order
 * @param links        every link, in document order
 * @param changes      every state change, ordered by time (stable: document order within a time)
 * @param explicitRacks Canopus racks named by the configuration ({@code network.racks}, our extension), each a list
 *                     of server ids; empty to derive them from the hubs (see {@link #racks()})
 */
public record CoracleScenario(
    String source,
    Format format,
    long terminationMs,
    OptionalLong seed,
    Optional<Workload> workload,
    Consensus consensus,
    List<Node> nodes,
    List<Link> links,
    List<StateChange> changes,
    List<List<Integer>> explicitRacks)
{
    /** Coracle's two input shapes. */
    public enum Format
    {
        /** The simulator's: lower-case node types, state in the top-level {@code network.events} only. */
        SIMULATOR,
        /**
         * The web demo's: nodes and links carry their own {@code events} and drawing coordinates; a top-level
         * {@code network.events}, when also present, is merged in.
         */
        WEB_DEMO
    }

    /** What a node is. Only hubs forward messages; servers and clients are only ever endpoints. */
    public enum NodeKind
    {
        SERVER, CLIENT, HUB
    }

    /** Coracle's link classes: short, medium and long, 5, 10 and 20 ms one-way. */
    public enum LinkClass
    {
        S(5), M(10), L(20);

        private final int latencyMs;

        LinkClass(final int latencyMs)
        {
            this.latencyMs = latencyMs;
        }

        public int latencyMs()
        {
            return latencyMs;
        }

        /** The class for Coracle's code {@code s}, {@code m} or {@code l}; null for anything else. */
        public static LinkClass ofCode(final String code)
        {
            return switch (code)
            {
                case "s" -> S;
                case "m" -> M;
                case "l" -> L;
                default -> null;
            };
        }
    }

    /** Whether a change is to a node or to a link. */
    public enum Target
    {
        NODE, LINK
    }

    /** Bounds, in ms, of a client's wait between requests. */
    public record Workload(int minMs, int maxMs)
    {
    }

    /**
     * The {@code consensus} object. Absent optional booleans are false.
     */
    public record Consensus(
        String protocol,
        int electionTimeoutMinMs,
        int electionTimeoutMaxMs,
        int heartbeatIntervalMs,
        OptionalInt clientTimeoutMs,
        boolean batchRequests,
        boolean lazyUpdate)
    {
    }

    public record Node(int id, NodeKind kind)
    {
    }

    /**
     * A link. A unidirectional link carries messages from {@code start} to {@code end} only.
     */
    public record Link(int id, int start, int end, boolean bidirectional)
    {
        /** Whether this link carries a message from node {@code from} directly to node {@code to}. */
        public boolean carries(final int from, final int to)
        {
            return (start == from && end == to) || (bidirectional && start == to && end == from);
        }

        /** Whether {@code node} is one of this link's ends. */
        public boolean touches(final int node)
        {
            return start == node || end == node;
        }
    }

    /**
     * At {@code timeMs}, node or link {@code id} goes up or down.
     *
     * @param linkClass for a link, its class from this time on when the change gives one; null otherwise (the link
     *                  keeps its class)
     */
    public record StateChange(long timeMs, Target target, int id, boolean active, LinkClass linkClass)
    {
    }

    /**
     * Which nodes and links are up at some time, and every link's class.
     */
    public record NetworkState(Set<Integer> activeNodes, Set<Integer> activeLinks, Map<Integer, LinkClass> linkClasses)
    {
        public boolean nodeActive(final int id)
        {
            return activeNodes.contains(id);
        }

        public boolean linkActive(final int id)
        {
            return activeLinks.contains(id);
        }

        public LinkClass linkClass(final int linkId)
        {
            return linkClasses.get(linkId);
        }
    }

    public CoracleScenario
    {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(consensus, "consensus");
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        changes = List.copyOf(changes);
        explicitRacks = explicitRacks.stream().map(List::copyOf).toList();
        for (int i = 1; i < changes.size(); i++)
        {
            if (changes.get(i).timeMs() < changes.get(i - 1).timeMs())
            {
                throw new IllegalArgumentException("changes out of time order at index " + i);
            }
        }
    }

    /** Whether a node of this kind is up before any change names it. */
    public static boolean initiallyActive(final NodeKind kind)
    {
        return kind == NodeKind.HUB;
    }

    public Optional<Node> node(final int id)
    {
        for (final Node node : nodes)
        {
            if (node.id() == id)
            {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    public Optional<Link> link(final int id)
    {
        for (final Link link : links)
        {
            if (link.id() == id)
            {
                return Optional.of(link);
            }
        }
        return Optional.empty();
    }

    /** Ids of the nodes of one kind, in document order. */
    public List<Integer> nodeIds(final NodeKind kind)
    {
        final List<Integer> ids = new ArrayList<>();
        for (final Node node : nodes)
        {
            if (node.kind() == kind)
            {
                ids.add(node.id());
            }
        }
        return ids;
    }

    /** The changes with {@code timeMs} in {@code [fromMs, toMs]}, in order. */
    public List<StateChange> changesBetween(final long fromMs, final long toMs)
    {
        final List<StateChange> out = new ArrayList<>();
        for (final StateChange change : changes)
        {
            if (change.timeMs() >= fromMs && change.timeMs() <= toMs)
            {
                out.add(change);
            }
        }
        return out;
    }

    /** The state after every change at or before {@code timeMs} has been applied, in order. */
    public NetworkState stateAt(final long timeMs)
    {
        final Set<Integer> activeNodes = new TreeSet<>();
        final Set<Integer> activeLinks = new TreeSet<>();
        final Map<Integer, LinkClass> classes = new TreeMap<>();
        for (final Node node : nodes)
        {
            if (initiallyActive(node.kind()))
            {
                activeNodes.add(node.id());
            }
        }
        for (final Link link : links)
        {
            classes.put(link.id(), LinkClass.S);
        }
        for (final StateChange change : changes)
        {
            if (change.timeMs() > timeMs)
            {
                break;
            }
            final Set<Integer> set = change.target() == Target.NODE ? activeNodes : activeLinks;
            if (change.active())
            {
                set.add(change.id());
            }
            else
            {
                set.remove(change.id());
            }
            if (change.linkClass() != null)
            {
                classes.put(change.id(), change.linkClass());
            }
        }
        return new NetworkState(
            Collections.unmodifiableSet(activeNodes), Collections.unmodifiableSet(activeLinks), Collections.unmodifiableMap(classes));
    }

    /**
     * Canopus racks: the configuration's own {@code network.racks} when it names them, in its order; otherwise
     * servers directly linked (by a link in either direction, up or down) to the same hub form one rack,
     * transitively (a server linked to two hubs joins their racks); a server linked to no hub is a rack of its own.
     * Racks are ordered by their smallest server id and hold ids in ascending order. Clients are in no rack.
     */
    public List<List<Integer>> racks()
    {
        if (!explicitRacks.isEmpty())
        {
            return explicitRacks;
        }
        final Map<Integer, Integer> parent = new HashMap<>();
        for (final Node node : nodes)
        {
            if (node.kind() != NodeKind.CLIENT)
            {
                parent.put(node.id(), node.id());
            }
        }
        for (final Link link : links)
        {
            final NodeKind a = kindOf(link.start());
            final NodeKind b = kindOf(link.end());
            final boolean serverHub = (a == NodeKind.SERVER && b == NodeKind.HUB) || (a == NodeKind.HUB && b == NodeKind.SERVER);
            if (serverHub)
            {
                union(parent, link.start(), link.end());
            }
        }
        final Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
        final List<Integer> servers = new ArrayList<>(nodeIds(NodeKind.SERVER));
        Collections.sort(servers);
        for (final int server : servers)
        {
            byRoot.computeIfAbsent(find(parent, server), r -> new ArrayList<>()).add(server);
        }
        final List<List<Integer>> racks = new ArrayList<>();
        for (final List<Integer> rack : byRoot.values())
        {
            racks.add(List.copyOf(rack));
        }
        return List.copyOf(racks);
    }

    private NodeKind kindOf(final int id)
    {
        return node(id).map(Node::kind).orElse(null);
    }

    private static int find(final Map<Integer, Integer> parent, final int id)
    {
        int root = id;
        while (parent.get(root) != root)
        {
            root = parent.get(root);
        }
        return root;
    }

    private static void union(final Map<Integer, Integer> parent, final int a, final int b)
    {
        final int ra = find(parent, a);
        final int rb = find(parent, b);
        if (ra != rb)
        {
            parent.put(Math.max(ra, rb), Math.min(ra, rb));
        }
    }
}
