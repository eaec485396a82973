package io.canopus.perf;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's speed: one op is one complete, short simulation through the public API
 * ({@link Simulation#run(SimConfig)}): 3 racks x 3 Canopus nodes, 1 simulated second, a fixed seed,
 * no faults, the default key-value workload, then the checkers' verdicts.
 *
 * <p>Why: the evaluator is only useful if sweeps over seeds and networks finish quickly, and its
 * event rate is what bounds that. The primary score is whole runs per second (boot, event loop and
 * checkers). The secondary result {@code events} is simulator events dispatched per wall-clock
 * second over the same time, the event rate that matters for a sweep.
 *
 * <p>How {@code events} is counted: {@link EventCounter} is an {@link AuxCounters} state of type
 * {@link AuxCounters.Type#OPERATIONS}, which JMH divides by the measured time; it therefore prints as
 * "ops/s" but reads as events/s. (Type {@code EVENTS} would print the raw event total of each
 * iteration, which depends on the iteration length rather than on the simulator's speed.) The
 * event loop's own rate, without boot and checkers, is printed at the end of the trial.
 *
 * <p>Allocation: {@code gc.alloc.rate.norm} here is per whole run and is expected to be large (a new
 * cluster, history and checker state each run); it is reported for trend-watching, not held to zero.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SimulatorBenchmark
{
    /** Master seed of every run: each op simulates exactly the same second. */
    public static final long SEED = 42;

    private SimConfig config;
    private long firstEvents = -1;
    private long runs;
    private long totalEvents;
    private double totalLoopSeconds;

    /** Simulator events dispatched, reported by JMH per second of benchmark time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class EventCounter
    {
        /** Events processed by the runs of the current iteration. */
        public long events;

        @Setup(Level.Iteration)
        public void reset()
        {
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void setup()
    {
        config = SimConfig.builder()
            .racks(3)
            .nodesPerRack(3)
            .fanout(3)
            .seconds(1)
            .seed(SEED)
            .faults(FaultMode.NONE)
            .protocol(Canopus.PROTOCOL_NAME, topology -> Canopus.nodeFactory(topology, new CanopusConfig()))
            .build();
        final SimResult first = Simulation.run(config);
        firstEvents = first.events();
        System.out.printf("%nSimulatorBenchmark reference run: %s%n", first.summary());
        if (!first.noViolation())
        {
            throw new IllegalStateException("the benchmark's simulation violates a checker: " + first.summary());
        }
    }

    /** One full simulation: boot, 1 simulated second of load, checks. */
    @Benchmark
    public SimResult run(final EventCounter counter)
    {
        final SimResult result = Simulation.run(config);
        if (result.events() != firstEvents)
        {
            throw new IllegalStateException("non-deterministic run: " + result.events() + " events, first run had " + firstEvents);
        }
        counter.events += result.events();
        runs++;
        totalEvents += result.events();
        totalLoopSeconds += result.events() / Math.max(1.0, result.eventsPerSec());
        return result;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        System.out.printf(Locale.ROOT, "%nSimulatorBenchmark: %d runs of %d events each; event loop alone: %.0f events/s%n",
            runs, firstEvents, totalLoopSeconds > 0 ? totalEvents / totalLoopSeconds : 0.0);
    }
}
