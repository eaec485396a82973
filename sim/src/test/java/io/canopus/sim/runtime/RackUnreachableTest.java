package io.canopus.sim.runtime;

import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvOp;
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
 * A node that runs alone (the other two of its rack are not up) cannot make a write stable, so it
 * answers writes BUSY at once instead of queueing them, and counts them.
 */
final class RackUnreachableTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void aNodeWhoseRackCannotBeReachedAnswersWritesBusy()
    {
        final ClusterConfig config = RuntimeTestSupport.localCluster(1, 3, dir);
        try (CanopusRuntime runtime = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config).nodeIds(0)))
        {
            final ClientStatus[] failure = new ClientStatus[1];
            final ResponseListener listener = new ResponseListener()
            {
                @Override
                public void onCompleted(final long correlationId, final boolean write, final long cycle, final DirectBuffer result,
                    final int offset, final int length)
                {
                    failure[0] = ClientStatus.OK;
                }

                @Override
                public void onFailed(final long correlationId, final boolean write, final ClientStatus status)
                {
                    failure[0] = status;
                }
            };
            try (CanopusClient client = runtime.newIpcClient(0, listener,
                ctx -> ctx.nodeCount(1).maxAttempts(1).responseTimeoutNs(TimeUnit.SECONDS.toNanos(5))))
            {
                final KvWire kv = new KvWire();
                final int length = kv.encode(KvOp.PUT, 1, io.canopus.sim.check.KvOperation.ABSENT, 42);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (client.offerWrite(kv.buffer, 0, length) < 0 && System.nanoTime() < deadline)
                {
                    client.poll();
                }
                while (failure[0] == null && System.nanoTime() < deadline)
                {
                    client.poll();
                    Thread.onSpinWait();
                }
                assertThat(failure[0]).as("answer to a write while the rack is unreachable").isEqualTo(ClientStatus.BUSY);
            }
            final long refusedDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (runtime.counter(0, "writesRefusedRackUnreachable") == 0 && System.nanoTime() < refusedDeadline)
            {
                Thread.onSpinWait();
            }
            assertThat(runtime.counter(0, "writesRefusedRackUnreachable")).isPositive();
        }
    }
}
