package io.canopus.sim.config;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.raft.Raft;
import io.canopus.engine.raft.RaftConfig;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.LivenessClaim;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimExtension;
import io.canopus.sim.Simulation;
import io.canopus.sim.coracle.CoracleRun;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.graph.GraphNetwork;
import io.canopus.sim.host.SimCluster;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.net.HostCpuModel;
import io.canopus.sim.net.NetworkSettings;
import io.canopus.sim.workload.WorkloadSettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns a {@link NetworkConfig} into a simulation run: servers rack by rack become endpoints 0..n-1 and clients the
 * endpoints after them (client {@code i} first asks server {@code i mod n}); the links become a {@link GraphNetwork}
 * (wrapped in a {@link HostCpuModel} when the file sets CPU costs) installed as the network's path model, and the
 * events a schedule: a server going down crashes (and restarts from its durable state when it comes back), a hub or
 * client going down stops forwarding or sending, links go down, up or change latency.
 * <p>
 * Timers: Raft takes the file's; Canopus keeps its datacenter defaults when the longest server-to-server path is at
 * most 1 ms, and otherwise scales them with that path as for Coracle's networks ({@link CoracleRun#canopusTimers}).
 */
public final class NetworkConfigRun
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private NetworkConfigRun()
    {
    }

    /**
     * @param config a checked configuration.
     * @param seed   overrides the file's seed when present; a file without one runs with seed 1.
     * @return the run's config, ready to build.
     */
    public static SimConfig.Builder configure(final NetworkConfig config, final OptionalLong seed)
    {
        final int servers = config.serverCount();
        final int[][] racks = new int[config.racks().size()][];
        final Map<String, Integer> ids = new HashMap<>();
        int next = 0;
        for (int r = 0; r < racks.length; r++)
        {
            final List<String> rack = config.racks().get(r);
            racks[r] = new int[rack.size()];
            for (int i = 0; i < rack.size(); i++)
            {
                racks[r][i] = next;
                ids.put(rack.get(i), next++);
            }
        }
        for (final String client : config.clients())
        {
            ids.put(client, next++);
        }
        final int endpoints = next;
        for (final String hub : config.hubs())
        {
            ids.put(hub, next++);
        }
        final ClusterTopology topology = ClusterTopology.of(racks, CoracleRun.FANOUT);

        final NetworkConfig.Workload w = config.workload();
        WorkloadSettings workload = WorkloadSettings.DEFAULT
            .withClientCount(config.clients().size())
            .withMix(w.get(), w.put(), w.cas())
            .withKeys(w.keys())
            .withValueSize(w.valueSize())
            .withThinkTimeNs(w.thinkMinNs(), w.thinkMaxNs())
            .withTimeoutNs(w.timeoutNs())
            .withBackoffNs(Math.max(1, w.timeoutNs() / 20))
            .withStartSpreadNs(MS);
        if (w.openLoopRatePerSec() > 0)
        {
            workload = workload.withOpenLoopRate(w.openLoopRatePerSec());
        }

        final GraphNetwork probe = graph(config, ids, endpoints, new SplittableRandom(0));
        long longestPathNs = 0;
        for (int a = 0; a < servers; a++)
        {
            for (int b = 0; b < servers; b++)
            {
                if (a != b)
                {
                    longestPathNs = Math.max(longestPathNs, probe.routeLatencyNs(a, b));
                }
            }
        }
        final NetworkConfig.Protocol p = config.protocol();
        final Function<ClusterTopology, NodeFactory> factory;
        long boundNs = 500 * MS;
        if (Raft.PROTOCOL_NAME.equals(p.name()))
        {
            final RaftConfig raft = new RaftConfig().electionTimeoutNs(p.electionTimeoutMinNs(), p.electionTimeoutMaxNs())
                .heartbeatIntervalNs(p.heartbeatNs()).preVote(p.preVote()).validate();
            factory = t -> Raft.nodeFactory(t, raft);
            boundNs = Math.max(boundNs, 2 * p.electionTimeoutMaxNs() + 2 * p.heartbeatNs() + w.timeoutNs());
        }
        else
        {
            final CanopusConfig canopus = longestPathNs <= MS ? new CanopusConfig() :
                CoracleRun.canopusTimers(p.heartbeatNs(), p.electionTimeoutMinNs(), longestPathNs);
            factory = t -> Canopus.nodeFactory(t, canopus);
            boundNs = Math.max(boundNs, 40 * longestPathNs + w.timeoutNs());
        }
        final long lastEventNs = config.events().isEmpty() ? -1 : config.events().get(config.events().size() - 1).atNs();
        final SimConfig.Builder builder = SimConfig.builder()
            .topology(topology)
            .durationNs(config.durationNs())
            .seed(seed.isPresent() ? seed.getAsLong() : config.seed().orElse(1))
            .network(NetworkSettings.DEFAULT) // loss and duplication live on the links
            .workload(workload)
            .protocol(p.name(), factory)
            .livenessBoundNs(boundNs)
            .livenessClaim(config.clients().isEmpty() ? LivenessClaim.READY : LivenessClaim.PROGRESS)
            .scheduledHealNs(lastEventNs)
            .extension(new Schedule(config, ids, endpoints, servers));
        if (config.faults() != null)
        {
            builder.faults(FaultMode.RANDOM).faultSettings(config.faults());
        }
        return builder;
    }

    static GraphNetwork graph(final NetworkConfig config, final Map<String, Integer> ids, final int endpoints, final SplittableRandom random)
    {
        final GraphNetwork.Builder b = GraphNetwork.builder();
        final int servers = config.serverCount();
        for (final List<String> rack : config.racks())
        {
            for (final String server : rack)
            {
                b.server(ids.get(server), ids.get(server));
            }
        }
        for (final String client : config.clients())
        {
            b.client(ids.get(client), ids.get(client));
        }
        for (final String hub : config.hubs())
        {
            b.hub(ids.get(hub));
        }
        final List<NetworkConfig.Link> links = config.links();
        for (int l = 0; l < links.size(); l++)
        {
            final NetworkConfig.Link link = links.get(l);
            b.link(l, ids.get(link.from()), ids.get(link.to()), link.bidirectional(), link.spec());
        }
        assert servers <= endpoints;
        return b.build(endpoints, random);
    }

    /** Installs the graph (fresh per run, its queues empty) and plays the file's events. */
    private static final class Schedule implements SimExtension
    {
        private final NetworkConfig config;
        private final Map<String, Integer> ids;
        private final Map<String, Integer> linkIds = new HashMap<>();
        private final int endpoints;
        private final int servers;

        Schedule(final NetworkConfig config, final Map<String, Integer> ids, final int endpoints, final int servers)
        {
            this.config = config;
            this.ids = ids;
            this.endpoints = endpoints;
            this.servers = servers;
            for (int l = 0; l < config.links().size(); l++)
            {
                linkIds.put(config.links().get(l).name(), l);
            }
        }

        @Override
        public void install(final Simulation simulation)
        {
            final GraphNetwork graph = graph(config, ids, endpoints, simulation.seeds().random("graph", 0));
            simulation.network().pathModel(config.cpu() == null ? graph :
                new HostCpuModel(graph, servers, config.cpu().perMessageNs(), config.cpu().perByteNs()));
            final SimCluster cluster = simulation.cluster();
            final EventLoop loop = simulation.loop();
            final List<NetworkConfig.Event> events = config.events();
            final int type = loop.register(event -> apply(events.get(event.intArg), graph, cluster));
            for (int i = 0; i < events.size(); i++)
            {
                loop.schedule(events.get(i).atNs(), type, 0, i, 0);
            }
        }

        private void apply(final NetworkConfig.Event event, final GraphNetwork graph, final SimCluster cluster)
        {
            switch (event.kind())
            {
                case NODE_UP:
                case NODE_DOWN:
                {
                    final boolean up = event.kind() == NetworkConfig.EventKind.NODE_UP;
                    final int id = ids.get(event.target());
                    if (id < servers)
                    {
                        final boolean isUp = cluster.host(id).isUp();
                        if (up && !isUp)
                        {
                            cluster.restart(id);
                        }
                        else if (!up && isUp)
                        {
                            cluster.crash(id);
                        }
                    }
                    graph.nodeUp(id, up);
                    break;
                }
                case LINK_UP:
                case LINK_DOWN:
                    graph.linkUp(linkIds.get(event.target()), event.kind() == NetworkConfig.EventKind.LINK_UP);
                    break;
                case LINK_LATENCY:
                    graph.linkLatency(linkIds.get(event.target()), event.spec().latency());
                    break;
                default:
                    throw new IllegalStateException("unknown event " + event.kind());
            }
        }
    }
}
