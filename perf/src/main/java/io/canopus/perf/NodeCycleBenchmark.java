package io.canopus.perf;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.topology.ClusterTopology;
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

import java.util.concurrent.TimeUnit;

/**
 * One full Canopus consensus cycle through real {@code CanopusNode}s: a client write goes to node 0
 * of a one-rack, three-node cluster and is driven until its {@code ClientResponse} comes back and the
 * network is quiet. That covers frame validation and decoding at every node, queuing the write,
 * proposal encoding and rack multicast, the other members' (empty) proposals, stability reports,
 * round-1 completion, the commit (order by random key, journal append into a {@link RingDurableLog}),
 * applying the {@code KvCommand} PUT through the session table to a {@code KeyValueStateMachine} at
 * all three nodes, and the client acknowledgement.
 *
 * <p>Why: this is the protocol core's whole hot path, and the design promises zero GC in steady state.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} must be ~0 B/op. Anything above that is a
 * per-write allocation in the engine (the harness, {@link InMemoryCluster}, allocates nothing after
 * setup). The score (time per write, one write in flight, all three nodes on one thread) is a CPU
 * cost per consensus cycle, not a latency: there is no network and no batching.
 *
 * <p>Steady state: the setup writes {@link #WARMUP_WRITES} times over the same fixed set of
 * {@link #SESSIONS} sessions and {@link #KEYS} keys that the benchmark then uses, so the session table,
 * the key-value map and the client queues' maps have reached their final size before measurement
 * (a new session or key would legitimately allocate once). Values are always {@link #VALUE_BYTES}
 * bytes, so the state machine overwrites each key's array in place.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NodeCycleBenchmark
{
    /** Client sessions used round-robin, each with its own increasing sequence. */
    public static final int SESSIONS = 64;
    /** Keys written round-robin. */
    public static final int KEYS = 256;
    /** Bytes of each PUT's value. */
    public static final int VALUE_BYTES = 32;
    /** Writes done in setup before measurement, to bring every table to its steady size. */
    public static final int WARMUP_WRITES = 20_000;

    private static final long SEED = 0x5EEDL;
    private static final long FIRST_SESSION = 1_000;
    private static final int MAX_STEPS_PER_WRITE = 10_000;

    private InMemoryCluster cluster;
    private final long[] sequences = new long[SESSIONS];
    private long writes;

    @Setup(Level.Trial)
    public void setup()
    {
        cluster = new InMemoryCluster(
            ClusterTopology.uniform(1, 3, 3),
            Canopus.nodeFactory(ClusterTopology.uniform(1, 3, 3), new CanopusConfig()),
            SEED,
            4096,
            8 * 1024,
            1024,
            VALUE_BYTES);
        cluster.idle(TimeUnit.MILLISECONDS.toNanos(10)); // boot: a few heartbeat cycles
        final long deliveredBefore = cluster.delivered();
        final long nowBefore = cluster.nowNs();
        for (int i = 0; i < WARMUP_WRITES; i++)
        {
            write();
        }
        // Printed here, not in the tear-down: the GC profiler counts a trial tear-down's
        // allocation (formatting, the forked JVM's redirected System.out) into the last iteration.
        System.out.printf("%nNodeCycleBenchmark setup: %d writes, %.1f messages delivered per write, %.1f us virtual time per write; node 0: %s%n",
            WARMUP_WRITES, (cluster.delivered() - deliveredBefore) / (double)WARMUP_WRITES,
            (cluster.nowNs() - nowBefore) / 1e3 / WARMUP_WRITES, cluster.node(0).counters());
    }

    /** One client write, driven to its acknowledgement; returns the committing cycle. */
    @Benchmark
    public long write()
    {
        final long n = writes++;
        final int session = (int)(n % SESSIONS);
        final long sequence = ++sequences[session];
        return cluster.write(0, FIRST_SESSION + session, sequence, n % KEYS, MAX_STEPS_PER_WRITE);
    }

    /** Fails the run if the cluster misbehaved; allocates nothing when all is well (see {@link #setup()}). */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        final NodeCounters c = cluster.node(0).counters();
        if (c.framesRejected != 0 || c.sendsFailed != 0 || c.writesDuplicate != 0 || c.clientRejectedBusy != 0)
        {
            throw new IllegalStateException("the benchmark cluster rejected frames, failed sends or saw duplicates: " + c);
        }
    }
}
