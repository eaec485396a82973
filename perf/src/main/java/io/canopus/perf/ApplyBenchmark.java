package io.canopus.perf;

import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.statemachine.SessionTable;
import io.canopus.sim.load.KvLoadCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Applying one committed write at every replica of a rack, as the benchmark's one-thread 1x3
 * cluster does: a PUT through the exactly-once {@link SessionTable} into a {@link
 * KeyValueStateMachine}, at three replicas in turn, with the load rig's shape (writes spread over
 * {@value #SESSIONS} client sessions, one per in-flight slot, and random keys out of {@value #KEYS}).
 *
 * <p>Why: at overload this was the largest Java item on the node thread (21.6% of its samples at
 * 288 B, 2026-12-07), so its cost per write, with the working set of three replicas (about 3 MB of
 * values each at 288 B), is what a change to the session table or the state machine must improve.
 * With {@code -prof gc} it must allocate nothing: every session and key exists after setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ApplyBenchmark
{
    /** Client sessions, one per in-flight slot of the load rig's client. */
    public static final int SESSIONS = 1024;
    /** Keys the load rig writes. */
    public static final int KEYS = 10_000;
    /** Replicas applying every write, as in one rack of three. */
    public static final int REPLICAS = 3;

    @Param({"288"})
    public int valueBytes;

    private final SessionTable[] sessions = new SessionTable[REPLICAS];
    private final KeyValueStateMachine[] machines = new KeyValueStateMachine[REPLICAS];
    private final long[] sequences = new long[SESSIONS];
    private final long[] keys = new long[1 << 16];
    private KvLoadCommands commands;
    private long writes;

    @Setup(Level.Trial)
    public void setup()
    {
        commands = new KvLoadCommands(valueBytes, 1);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = random.nextInt(KEYS);
        }
        for (int r = 0; r < REPLICAS; r++)
        {
            sessions[r] = new SessionTable(new CanopusConfig().maxSessions()); // the nodes' default bound
            machines[r] = new KeyValueStateMachine();
        }
        for (int key = 0; key < KEYS; key++)
        {
            applyOne(key % SESSIONS, key);
        }
        for (int i = 0; i < 4 * SESSIONS; i++)
        {
            apply();
        }
        if (machines[0].size() != KEYS || sessions[0].size() != SESSIONS)
        {
            throw new IllegalStateException("setup did not reach every key and session: " + machines[0].size() + " keys, " +
                sessions[0].size() + " sessions");
        }
    }

    /** One write, applied at every replica; returns the last outcome so nothing is optimised away. */
    @Benchmark
    public SessionTable.Outcome apply()
    {
        final long n = writes++;
        return applyOne((int)(n % SESSIONS), keys[(int)(n & (keys.length - 1))]);
    }

    private SessionTable.Outcome applyOne(final int session, final long key)
    {
        final long sequence = ++sequences[session];
        final int length = commands.put(key);
        SessionTable.Outcome outcome = null;
        for (int r = 0; r < REPLICAS; r++)
        {
            outcome = sessions[r].apply(session + 1_000L, sequence, commands.putBuffer(), 0, length, machines[r]);
            if (outcome != SessionTable.Outcome.APPLIED)
            {
                throw new IllegalStateException("replica " + r + " did not apply session " + session + " sequence " + sequence);
            }
        }
        return outcome;
    }
}
