package io.canopus.transport;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.canopus.transport.TestSupport.pumpFor;
import static io.canopus.transport.TestSupport.pumpUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path (poll, sends, retryPending) allocates nothing once warm: measured with the JVM's
 * per-thread allocation counter around the transport calls only (the driver's own work in
 * {@code doWork} is not the transport's to answer for).
 */
@Timeout(60)
class SteadyStateAllocationTest
{
    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private long allocated;
    private long frames;

    private final FrameHandler counting = (source, buffer, offset, length) -> frames++;

    @Test
    void sendPollAndRetryDoNotAllocateOnceWarm()
    {
        AeronHost host = null;
        NodeTransport a = null;
        NodeTransport b = null;
        ClientTransport client = null;
        try
        {
            host = AeronHost.launch(TestSupport.hostContext("alloc"));
            final MulticastGroup group = TestSupport.loopbackGroup(17);
            final String endpointA = TestSupport.freeEndpoint();
            final String endpointB = TestSupport.freeEndpoint();
            a = NodeTransport.open(host, new NodeTransport.Context()
                .nodeId(0).rackGroup(group).rackSize(2).unicastEndpoint(endpointA).peer(1, endpointB));
            b = NodeTransport.open(host, new NodeTransport.Context()
                .nodeId(1).rackGroup(group).rackSize(2).unicastEndpoint(endpointB).peer(0, endpointA));
            client = ClientTransport.open(host, new ClientTransport.Context()
                .ingressIpcStreamId(b.context().clientIpcStreamId()));
            final AeronHost h = host;
            final NodeTransport na = a;
            final NodeTransport nb = b;
            final ClientTransport c = client;
            pumpUntil("connected", 10_000, () -> na.nodeConnected(1) && nb.nodeConnected(0) && na.rackReachable(),
                h::doWork);
            assertThat(b.connectClient(1, client.responseChannel(), client.responseStreamId(), 0)).isPositive();
            pumpFor(50, h::doWork, nb::retryPending);

            final UnsafeBuffer small = new UnsafeBuffer(new byte[200]);
            final UnsafeBuffer medium = new UnsafeBuffer(new byte[20 * 1024]);
            final UnsafeBuffer large = new UnsafeBuffer(new byte[300 * 1024]);
            for (int i = 0; i < 3_000; i++)
            {
                cycle(h, na, nb, c, small, medium, large, i, false);
            }
            // Several windows, each with every kind of send (a large frame every 100 cycles): an
            // allocation per call or per large frame would show in all of them, while the JIT's
            // rare deoptimizations (which re-materialize scalar-replaced objects on the heap) do
            // not, so the quietest window must be exactly zero.
            final long[] windows = new long[5];
            for (int w = 0; w < windows.length; w++)
            {
                allocated = 0;
                for (int i = 0; i < 1_000; i++)
                {
                    cycle(h, na, nb, c, small, medium, large, i, true);
                }
                windows[w] = allocated;
            }
            assertThat(frames).isPositive();
            assertThat(Arrays.stream(windows).min().getAsLong())
                .as("bytes allocated by the transport per 1000-cycle window: %s", Arrays.toString(windows))
                .isZero();
            assertThat(Arrays.stream(windows).filter(bytes -> bytes > 0).count())
                .as("windows with allocation: %s", Arrays.toString(windows))
                .isLessThanOrEqualTo(2);
        }
        finally
        {
            CloseHelper.closeAll(client, a, b, host);
        }
    }

    private void cycle(
        final AeronHost host, final NodeTransport a, final NodeTransport b, final ClientTransport client,
        final DirectBuffer small, final DirectBuffer medium, final DirectBuffer large, final int i, final boolean measure)
    {
        host.doWork();
        final long before = threads.getCurrentThreadAllocatedBytes();
        a.sendToNode(1, small, 0, small.capacity());
        a.sendToRack(medium, 0, medium.capacity());
        if (i % 100 == 0)
        {
            a.sendToNode(1, large, 0, large.capacity());
        }
        b.sendToClient(1, small, 0, small.capacity());
        client.send(small, 0, small.capacity());
        a.retryPending();
        b.retryPending();
        client.retryPending();
        a.poll(counting, 64);
        b.poll(counting, 64);
        client.poll(counting, 64);
        final long after = threads.getCurrentThreadAllocatedBytes();
        if (measure)
        {
            allocated += after - before;
        }
    }
}
