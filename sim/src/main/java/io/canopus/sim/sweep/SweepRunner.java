package io.canopus.sim.sweep;

import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.net.HostCpuModel;
import io.canopus.sim.net.PathModel;
import io.canopus.sim.workload.KvWorkload;
import io.canopus.sim.workload.WorkloadSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a sweep: every point of the settings, each driven towards saturation by doubling its
 * closed-loop clients while throughput still grows by the threshold, on a fixed pool of threads
 * (simulations are single threaded and independent, so points run in parallel; every run is still
 * a deterministic function of its config).
 */
public final class SweepRunner
{
    /** Builds the network of a point. */
    @FunctionalInterface
    public interface Networks
    {
        /**
         * @param point       the point.
         * @param topology    its cluster: servers are endpoints {@code 0..n-1}.
         * @param clientRacks the home rack of each client endpoint {@code n + i}.
         * @return the path model of the point's network.
         */
        PathModel build(SweepPoint point, ClusterTopology topology, int[] clientRacks);
    }

    /** Told after every run, from the sweep's threads (implementations synchronise themselves). */
    @FunctionalInterface
    public interface Progress
    {
        /**
         * @param pointsDone points finished so far.
         * @param points     points in the sweep.
         * @param point      the point just run, at the load just run.
         * @param run        what the run measured.
         */
        void onRun(int pointsDone, int points, SweepPoint point, Measurement run);
    }

    private static final int KEYS = 1_000;
    private static final int FANOUT = 3;

    private final SweepSettings settings;
    private final Networks networks;
    private final Function<String, Function<ClusterTopology, NodeFactory>> protocols;

    /**
     * @param settings  what to sweep.
     * @param networks  builds each point's network.
     * @param protocols the node factory of a protocol name.
     */
    public SweepRunner(
        final SweepSettings settings,
        final Networks networks,
        final Function<String, Function<ClusterTopology, NodeFactory>> protocols)
    {
        this.settings = settings;
        this.networks = networks;
        this.protocols = protocols;
    }

    /** Runs every point; outcomes in the order of {@link SweepSettings#points()}. */
    public List<SweepOutcome> run(final Progress progress)
    {
        final List<SweepPoint> points = settings.points();
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.threads(), points.size()), r ->
        {
            final Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        final int[] done = {0};
        try
        {
            final List<Future<SweepOutcome>> futures = new ArrayList<>(points.size());
            for (final SweepPoint point : points)
            {
                futures.add(pool.submit(() -> saturate(point, (p, m) ->
                {
                    synchronized (done)
                    {
                        progress.onRun(done[0], points.size(), p, m);
                    }
                }, () ->
                {
                    synchronized (done)
                    {
                        done[0]++;
                    }
                })));
            }
            final List<SweepOutcome> outcomes = new ArrayList<>(points.size());
            for (final Future<SweepOutcome> f : futures)
            {
                outcomes.add(f.get());
            }
            return outcomes;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        }
        catch (final ExecutionException e)
        {
            throw new IllegalStateException("a sweep run failed: " + e.getCause(), e.getCause());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private interface RunListener
    {
        void onRun(SweepPoint point, Measurement run);
    }

    private SweepOutcome saturate(final SweepPoint start, final RunListener listener, final Runnable onPointDone)
    {
        final List<Measurement> tries = new ArrayList<>();
        SweepPoint point = start;
        Measurement best = null;
        SimResult bestResult = null;
        boolean saturated = false;
        for (int doubling = 0; doubling <= settings.maxDoublings(); doubling++)
        {
            final Simulation simulation = new Simulation(config(point));
            final SimResult result = simulation.run();
            final Measurement m = Measurement.of(point.clientsPerNode(), simulation.workload().history(), settings.warmupNs(),
                settings.warmupNs() + settings.measureNs());
            tries.add(m);
            listener.onRun(point, m);
            final boolean grew = best == null || m.opsPerSec() >= best.opsPerSec() * (1 + settings.growthThreshold());
            if (best == null || m.opsPerSec() > best.opsPerSec())
            {
                best = m;
                bestResult = result;
            }
            if (!grew)
            {
                saturated = true;
                break;
            }
            point = point.withClientsPerNode(point.clientsPerNode() * 2);
        }
        onPointDone.run();
        return new SweepOutcome(start.withClientsPerNode(best.clientsPerNode()), best, tries, saturated, bestResult);
    }

    /** @return the simulation config of one run of {@code point}. */
    public SimConfig config(final SweepPoint point)
    {
        final ClusterTopology topology = ClusterTopology.uniform(point.racks(), point.nodesPerRack(), FANOUT);
        final WorkloadSettings workload = WorkloadSettings.DEFAULT
            .withClientsPerNode(point.clientsPerNode())
            .withMix(point.mix().getWeight(), point.mix().putWeight(), 0)
            .withKeys(KEYS)
            .withValueSize(settings.valueSize())
            .withThinkTimeNs(0)
            .withTimeoutNs(TimeUnit.MILLISECONDS.toNanos(50))
            .withBackoffNs(TimeUnit.MICROSECONDS.toNanos(100))
            .withStartSpreadNs(TimeUnit.MILLISECONDS.toNanos(1));
        final int[] clientRacks = KvWorkload.clientRacks(topology, workload);
        return SimConfig.builder()
            .topology(topology)
            .durationNs(settings.warmupNs() + settings.measureNs())
            .seed(settings.seed())
            .workload(workload)
            .protocol(point.protocol(), protocols.apply(point.protocol()))
            // Liveness is judged after the warm-up's elections: a commit at least every 100 ms.
            .livenessBoundNs(Math.max(settings.warmupNs(), TimeUnit.MILLISECONDS.toNanos(100)))
            .extension(simulation -> simulation.network().pathModel(new HostCpuModel(
                networks.build(point, topology, clientRacks), topology.nodeCount(), settings.cpuPerMessageNs(),
                settings.cpuPerByteNs())))
            .build();
    }
}
