package io.canopus.sim.runtime;

import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvStatus;
import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.runtime.CanopusRuntime;
import io.canopus.sim.check.CheckResult;
import io.canopus.sim.check.KvOperation;
import io.canopus.sim.check.LinearizabilityChecker;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real in-process cluster of 2 racks x 3 nodes: UDP multicast inside each rack and UDP unicast
 * between racks on loopback, Chronicle journals, one embedded INVOKER-mode driver, all nodes on one
 * thread. Concurrent key-value clients over IPC run a mixed workload; their recorded history must be
 * linearizable and every node's journal must hold the same committed cycles.
 */
final class InProcessClusterTest
{
    private static final long RUN_NS = TimeUnit.SECONDS.toNanos(3);
    private static final int CLIENTS = 3;
    private static final int KEYS = 6;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void concurrentClientsSeeALinearizableStoreAndEveryNodeCommitsTheSameCycles() throws Exception
    {
        final ClusterConfig config = RuntimeTestSupport.localCluster(2, 3, dir);
        final List<KvOperation> history = Collections.synchronizedList(new ArrayList<>());
        try (CanopusRuntime runtime = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config)))
        {
            // By default the journals' pages are faulted in ahead of the appenders, on a thread of their own.
            assertThat(Thread.getAllStackTraces().keySet()).as("threads").anyMatch(t -> t.getName().equals("journal-pretoucher"));
            final List<Thread> threads = new ArrayList<>();
            final Throwable[] errors = new Throwable[CLIENTS];
            for (int c = 0; c < CLIENTS; c++)
            {
                final int clientIndex = c;
                final Thread t = new Thread(() ->
                {
                    try
                    {
                        runClient(runtime, clientIndex, history);
                    }
                    catch (final Throwable ex)
                    {
                        errors[clientIndex] = ex;
                    }
                }, "kv-client-" + c);
                threads.add(t);
                t.start();
            }
            for (final Thread t : threads)
            {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            for (final Throwable error : errors)
            {
                assertThat(error).as("client thread").isNull();
            }
            for (final int node : runtime.nodeIds())
            {
                assertThat(runtime.failure(node)).as("node %d halted", node).isNull();
            }
        }

        final long completed = history.stream().filter(op -> !op.isPending()).count();
        assertThat(completed).as("operations completed").isGreaterThan(100);
        assertThat(history.stream().filter(op -> op.type() == KvOperation.Type.PUT && !op.isPending()).count())
            .as("writes acknowledged").isGreaterThan(30);
        final CheckResult linearizable = new LinearizabilityChecker().check(history);
        assertThat(linearizable.isOk()).as("linearizable: %s", linearizable.detail()).isTrue();
        RuntimeTestSupport.assertJournalsAgree(config, 100);
    }

    private static void runClient(final CanopusRuntime runtime, final int clientIndex, final List<KvOperation> history)
    {
        final KvWire kv = new KvWire();
        final long[] outcome = new long[3]; // done flag, ok flag, value
        final ResponseListener listener = new ResponseListener()
        {
            @Override
            public void onCompleted(final long correlationId, final boolean write, final long cycle, final DirectBuffer result,
                final int offset, final int length)
            {
                final KvStatus status = kv.status(result, offset);
                outcome[1] = status == KvStatus.OK ? 1 : 0;
                outcome[2] = kv.value();
                outcome[0] = 1;
            }

            @Override
            public void onFailed(final long correlationId, final boolean write, final ClientStatus status)
            {
                outcome[0] = 2;
            }
        };
        final SplittableRandom random = new SplittableRandom(clientIndex * 7919L + 1);
        final long[] lastSeen = new long[KEYS];
        java.util.Arrays.fill(lastSeen, KvOperation.ABSENT);
        try (CanopusClient client = runtime.newIpcClient(clientIndex % runtime.nodeIds().length, listener,
            ctx -> ctx.maxInFlightWrites(1).maxInFlightReads(1).responseTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))))
        {
            final long end = System.nanoTime() + RUN_NS;
            long counter = 0;
            while (System.nanoTime() < end)
            {
                final long key = random.nextInt(KEYS);
                final int dice = random.nextInt(10);
                final KvOperation.Type type = dice < 5 ? KvOperation.Type.PUT : dice < 8 ? KvOperation.Type.GET : KvOperation.Type.CAS;
                final long value = type == KvOperation.Type.GET ? KvOperation.ABSENT : ((long)(clientIndex + 1) << 40) | ++counter;
                final long expected = type == KvOperation.Type.CAS ? lastSeen[(int)key] : KvOperation.ABSENT;
                final KvOp op = type == KvOperation.Type.GET ? KvOp.GET : type == KvOperation.Type.PUT ? KvOp.PUT : KvOp.CAS;
                final int length = kv.encode(op, key, expected, value);
                outcome[0] = 0;
                final long invoke = System.nanoTime();
                long correlation;
                do
                {
                    client.poll();
                    correlation = type == KvOperation.Type.GET ? client.offerRead(kv.buffer, 0, length) : client.offerWrite(kv.buffer, 0, length);
                }
                while (correlation < 0 && System.nanoTime() < end + RUN_NS);
                assertThat(correlation).as("offered").isNotNegative();
                while (outcome[0] == 0)
                {
                    if (client.poll() == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                final long complete = System.nanoTime();
                if (outcome[0] == 2)
                {
                    history.add(new KvOperation(clientIndex, 0, 0, type, key, value, expected, true, invoke, KvOperation.PENDING));
                    continue;
                }
                if (type == KvOperation.Type.GET)
                {
                    lastSeen[(int)key] = outcome[2];
                    history.add(new KvOperation(clientIndex, 0, 0, type, key, outcome[2], KvOperation.ABSENT, true, invoke, complete));
                }
                else
                {
                    final boolean ok = outcome[1] == 1;
                    if (ok)
                    {
                        lastSeen[(int)key] = value;
                    }
                    history.add(new KvOperation(clientIndex, 0, 0, type, key, value, expected, type == KvOperation.Type.PUT || ok,
                        invoke, complete));
                }
            }
        }
    }
}
