package io.canopus.perf;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.sweep.DatacenterNetwork;
import io.canopus.sim.workload.KvWorkload;
import io.canopus.sim.workload.WorkloadSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's speed with the bandwidth graph network on: 3 racks x 9 Canopus nodes, every host
 * on a 10 Gb/s link to its rack's ToR hub (5 us), ToRs on oversubscribed (4:1) uplinks to one core,
 * the default key-value workload, 1 simulated second, a fixed seed. One op is one whole run; the
 * figure that matters is the event loop's events per wall-clock second, printed by {@link #main}
 * (which scripts can run without JMH: {@code java -cp perf/target/benchmarks.jar
 * io.canopus.perf.GraphSimulatorBenchmark [runs]}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class GraphSimulatorBenchmark
{
    /** Master seed of every run. */
    public static final long SEED = 42;

    private SimConfig config;

    /** @return the benchmark's run: 3 x 9 Canopus nodes on the 10 Gb/s datacenter graph. */
    public static SimConfig config()
    {
        final ClusterTopology topology = ClusterTopology.uniform(3, 9, 3);
        final WorkloadSettings workload = WorkloadSettings.DEFAULT;
        final int[] clientRacks = KvWorkload.clientRacks(topology, workload);
        return SimConfig.builder()
            .topology(topology)
            .seconds(1)
            .seed(SEED)
            .faults(FaultMode.NONE)
            .workload(workload)
            .protocol(Canopus.PROTOCOL_NAME, t -> Canopus.nodeFactory(t, new CanopusConfig()))
            .extension(simulation -> simulation.network().pathModel(DatacenterNetwork.build(topology, clientRacks,
                10_000_000_000L, 5_000, 4.0, simulation.seeds().random("graph", 0))))
            .build();
    }

    @Setup
    public void setup()
    {
        config = config();
    }

    /** One full simulation on the graph network. */
    @Benchmark
    public SimResult run()
    {
        return Simulation.run(config);
    }

    /** Runs the simulation {@code args[0]} times (default 8) and prints each run's event-loop rate. */
    public static void main(final String[] args)
    {
        final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        final SimConfig config = config();
        long events = 0;
        double seconds = 0;
        for (int i = 0; i < runs; i++)
        {
            final SimResult r = Simulation.run(config);
            if (!r.noViolation())
            {
                throw new IllegalStateException("violation: " + r.summary());
            }
            System.out.printf(Locale.ROOT, "run %d: %d events, %.0f events/s (loop), wall %d ms%n", i, r.events(),
                r.eventsPerSec(), r.wallMs());
            if (i >= runs / 2) // the second half, after JIT warm-up
            {
                events += r.events();
                seconds += r.events() / r.eventsPerSec();
            }
        }
        System.out.printf(Locale.ROOT, "graph datacenter 3x9, 10Gb/s: %.0f events/s over the last %d runs%n", events / seconds,
            runs - runs / 2);
    }
}
