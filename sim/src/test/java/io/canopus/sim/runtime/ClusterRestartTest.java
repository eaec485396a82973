package io.canopus.sim.runtime;

import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvStatus;
import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.runtime.CanopusRuntime;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole cluster stops (every node at once, cleanly) and starts again from its journals: every
 * acknowledged write is read back, and the cluster commits new writes, which needs the seed to
 * re-form the racks (a rack view change needs live members of the old view, and there are none).
 */
final class ClusterRestartTest
{
    private static final int KEYS = 40;

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void everyAcknowledgedWriteSurvivesAWholeClusterRestart()
    {
        final ClusterConfig config = RuntimeTestSupport.localCluster(2, 3, dir);
        try (CanopusRuntime runtime = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config)))
        {
            try (SyncKv kv = new SyncKv(runtime, 0))
            {
                for (int key = 0; key < KEYS; key++)
                {
                    assertThat(kv.call(KvOp.PUT, key, 1000 + key)).as("put %d", key).isEqualTo(KvStatus.OK);
                }
            }
        }
        try (CanopusRuntime runtime = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config)))
        {
            try (SyncKv kv = new SyncKv(runtime, 4))
            {
                for (int key = 0; key < KEYS; key++)
                {
                    assertThat(kv.call(KvOp.GET, key, 0)).as("get %d after restart", key).isEqualTo(KvStatus.OK);
                    assertThat(kv.value).as("value of %d after restart", key).isEqualTo(1000 + key);
                }
                assertThat(kv.call(KvOp.PUT, 7, 7777)).as("a write after the restart").isEqualTo(KvStatus.OK);
                assertThat(kv.call(KvOp.GET, 7, 0)).isEqualTo(KvStatus.OK);
                assertThat(kv.value).isEqualTo(7777);
            }
            assertThat(runtime.counter(0, "coldRestarts")).as("the seed re-formed the racks").isEqualTo(1);
        }
        RuntimeTestSupport.assertJournalsAgree(config, 10);
    }

    /** A blocking key-value client over IPC, one operation at a time. */
    private static final class SyncKv implements AutoCloseable, ResponseListener
    {
        private final KvWire wire = new KvWire();
        private final CanopusClient client;
        private int state; // 0 waiting, 1 completed, 2 failed
        private KvStatus status;
        long value;

        SyncKv(final CanopusRuntime runtime, final int firstNode)
        {
            client = runtime.newIpcClient(firstNode, this, ctx -> ctx.responseTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300)).maxAttempts(60));
        }

        KvStatus call(final KvOp op, final long key, final long newValue)
        {
            final int length = wire.encode(op, key, io.canopus.sim.check.KvOperation.ABSENT, newValue);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            state = 0;
            long correlation;
            do
            {
                client.poll();
                correlation = op == KvOp.GET ? client.offerRead(wire.buffer, 0, length) : client.offerWrite(wire.buffer, 0, length);
            }
            while (correlation < 0 && System.nanoTime() < deadline);
            assertThat(correlation).as("offered %s %d", op, key).isNotNegative();
            while (state == 0 && System.nanoTime() < deadline)
            {
                if (client.poll() == 0)
                {
                    Thread.onSpinWait();
                }
            }
            assertThat(state).as("%s %d answered", op, key).isEqualTo(1);
            return status;
        }

        @Override
        public void onCompleted(final long correlationId, final boolean write, final long cycle, final DirectBuffer result,
            final int offset, final int length)
        {
            status = wire.status(result, offset);
            value = wire.value();
            state = 1;
        }

        @Override
        public void onFailed(final long correlationId, final boolean write, final ClientStatus failure)
        {
            state = 2;
        }

        @Override
        public void close()
        {
            client.close();
        }
    }
}
