package io.canopus.perf;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.sim.SimConfig;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.kernel.EventLoop;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One simulator event in the steady state of a loaded simulation: 3 racks x 3 Canopus nodes, the
 * default key-value workload, no faults, after {@value #WARMUP_SECONDS} simulated seconds. One op is
 * {@link EventLoop#step()}: the earliest event (a message delivery, a node's duty cycle, a client
 * timer, ...) is dispatched with everything it triggers (the node's work, its sends into the network
 * model, the next events scheduled).
 *
 * <p>Why: {@link SimulatorBenchmark} measures whole runs, which allocate by design (a new cluster,
 * history and checkers per run). This one isolates the event loop, which bounds a sweep's speed and
 * should not allocate per event, so {@code gc.alloc.rate.norm} is held to ~0 B/op by the allocation
 * guard. The simulation is built and booted once per trial ({@link Simulation#run()} is not used;
 * its checkers run at the end of a run, not per event) and lasts {@value #SECONDS} simulated seconds,
 * far more than any measurement reaches, so the workload never stops.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimEventBenchmark
{
    /** Master seed. */
    public static final long SEED = 42;
    /** Simulated length of the run: never reached. */
    public static final int SECONDS = 3600;
    /** Simulated seconds run in setup, so that boot, view settling and table growth are over. */
    public static final int WARMUP_SECONDS = 2;

    private EventLoop loop;

    @Setup(Level.Trial)
    public void setup()
    {
        final SimConfig config = SimConfig.builder()
            .racks(3)
            .nodesPerRack(3)
            .fanout(3)
            .seconds(SECONDS)
            .seed(SEED)
            .faults(FaultMode.NONE)
            .protocol(Canopus.PROTOCOL_NAME, topology -> Canopus.nodeFactory(topology, new CanopusConfig()))
            .build();
        final Simulation simulation = new Simulation(config);
        simulation.cluster().bootAll();
        simulation.workload().start();
        loop = simulation.loop();
        loop.runUntil(TimeUnit.SECONDS.toNanos(WARMUP_SECONDS));
        if (loop.pending() == 0)
        {
            throw new IllegalStateException("the simulation went quiet during setup");
        }
    }

    /** Dispatches one event; returns the virtual time it ran at. */
    @Benchmark
    public long event()
    {
        if (!loop.step())
        {
            throw new IllegalStateException("the simulation ran out of events");
        }
        return loop.nowNs();
    }
}
