package io.canopus.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.canopus.transport.TestSupport.pumpFor;
import static io.canopus.transport.TestSupport.pumpUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiny terms (64 KiB: 32 KiB in flight, 8 KiB messages) and a receiver that stops polling: the
 * sender must queue, then refuse with QUEUE_FULL, and deliver everything it accepted, in order,
 * once the receiver reads again.
 */
@Timeout(60)
class BackPressureTest
{
    private static final int TERM_LENGTH = 64 * 1024;

    private AeronHost host;
    private NodeTransport sender;
    private NodeTransport receiver;
    private final TestSupport.Collector received = new TestSupport.Collector();

    @BeforeEach
    void setUp()
    {
        host = AeronHost.launch(TestSupport.hostContext("backpressure").termLength(TERM_LENGTH));
        final MulticastGroup group = TestSupport.loopbackGroup(7);
        final String senderEndpoint = TestSupport.freeEndpoint();
        final String receiverEndpoint = TestSupport.freeEndpoint();
        sender = NodeTransport.open(host, new NodeTransport.Context()
            .nodeId(0).rackGroup(group).rackSize(2).unicastEndpoint(senderEndpoint)
            .peer(1, receiverEndpoint)
            .pendingBufferCapacity(128 * 1024)
            .maxFrameLength(100 * 1024));
        receiver = NodeTransport.open(host, new NodeTransport.Context()
            .nodeId(1).rackGroup(group).rackSize(2).unicastEndpoint(receiverEndpoint)
            .peer(0, senderEndpoint)
            .maxFrameLength(100 * 1024));
        pumpUntil("connected", 10_000, () -> sender.nodeConnected(1) && receiver.nodeConnected(0), host::doWork);
        pumpFor(50, host::doWork);
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(sender, receiver, host);
    }

    @Test
    void queuesThenRefusesThenDeliversEverythingAcceptedInOrder()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[1000]);
        final List<Integer> accepted = new ArrayList<>();
        int queued = 0;
        int result = SendResult.SENT;
        for (int sequence = 0; sequence < 10_000 && result != SendResult.QUEUE_FULL; sequence++)
        {
            frame.putInt(0, sequence);
            result = sender.sendToNode(1, frame, 0, frame.capacity());
            if (SendResult.isAccepted(result))
            {
                accepted.add(sequence);
                queued += result == SendResult.QUEUED ? 1 : 0;
            }
            sender.retryPending(); // a duty cycle, as the runtime runs it ...
            host.doWork(); // ... and the drivers: only the receiving node does not poll
        }

        assertThat(result).isEqualTo(SendResult.QUEUE_FULL);
        assertThat(queued).isPositive();
        final TransportCounters counters = sender.counters();
        assertThat(counters.queued()).isEqualTo(queued);
        assertThat(counters.outcomes(TransportCounters.NODE, SendResult.QUEUED)).isEqualTo(queued);
        assertThat(counters.outcomes(TransportCounters.NODE, SendResult.QUEUE_FULL)).isEqualTo(1);
        assertThat(counters.backPressureEvents(TransportCounters.NODE)).isPositive();
        assertThat(sender.pendingFrames()).isEqualTo(queued);

        // More sends while full are refused too, and counted.
        assertThat(sender.sendToNode(1, frame, 0, frame.capacity())).isEqualTo(SendResult.QUEUE_FULL);
        assertThat(counters.queueFull()).isEqualTo(2);

        pumpUntil("every accepted frame arrives", 20_000, () -> received.count() >= accepted.size(),
            host::doWork, () -> receiver.poll(received, 32), sender::retryPending);
        pumpFor(100, host::doWork, () -> receiver.poll(received, 32), sender::retryPending);

        final List<Integer> sequences = new ArrayList<>();
        for (final byte[] bytes : received.frames)
        {
            sequences.add(new UnsafeBuffer(bytes).getInt(0));
        }
        assertThat(sequences).isEqualTo(accepted);
        assertThat(counters.pendingFramesSent(TransportCounters.NODE)).isEqualTo(queued);
        assertThat(counters.pendingFramesDropped(TransportCounters.NODE)).isZero();
        assertThat(sender.pendingFrames()).isZero();
    }

    @Test
    void chunkedFramesCutOffByBackPressureResumeWhereTheyStopped()
    {
        // 64 KiB terms allow 8 KiB messages: frames up to 60 KiB go as up to 8 chunks, and back
        // pressure will fall between two chunks of one frame.
        final Random random = new Random(11);
        final List<byte[]> accepted = new ArrayList<>();
        int result = SendResult.SENT;
        for (int sequence = 0; sequence < 2_000 && result != SendResult.QUEUE_FULL; sequence++)
        {
            final byte[] bytes = new byte[4 + random.nextInt(60 * 1024)];
            random.nextBytes(bytes);
            new UnsafeBuffer(bytes).putInt(0, sequence);
            result = sender.sendToNode(1, new UnsafeBuffer(bytes), 0, bytes.length);
            if (SendResult.isAccepted(result))
            {
                accepted.add(bytes);
            }
            sender.retryPending();
            host.doWork();
        }
        assertThat(result).isEqualTo(SendResult.QUEUE_FULL);
        assertThat(sender.counters().queued()).isPositive();

        final IntSupplier[] work = { host::doWork, () -> receiver.poll(received, 32), sender::retryPending };
        pumpUntil("every accepted frame arrives", 20_000, () -> received.count() >= accepted.size(), work);
        pumpFor(100, work);

        assertThat(received.frames).hasSize(accepted.size());
        for (int i = 0; i < accepted.size(); i++)
        {
            assertThat(received.frames.get(i)).as("frame %d", i).isEqualTo(accepted.get(i));
        }
        assertThat(receiver.counters().incompleteFrames()).isZero();
        assertThat(receiver.counters().oversizedFrames()).isZero();
    }

    @Test
    void withoutAQueueBackPressureIsReturnedToTheCaller()
    {
        final String endpoint = TestSupport.freeEndpoint();
        final String receiverEndpoint = receiver.context().unicastEndpoint();
        try (NodeTransport unqueued = NodeTransport.open(host, new NodeTransport.Context()
            .nodeId(2).rackGroup(TestSupport.loopbackGroup(9)).rackSize(1).unicastEndpoint(endpoint)
            .peer(1, receiverEndpoint)
            .pendingBufferCapacity(0)))
        {
            pumpUntil("connected", 10_000, () -> unqueued.nodeConnected(1), host::doWork);
            pumpFor(50, host::doWork);
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[1000]);
            int result = SendResult.SENT;
            // An admin action (term rotation) is returned too; the caller just tries again.
            for (int i = 0; i < 10_000 && (result == SendResult.SENT || result == SendResult.ADMIN_ACTION); i++)
            {
                result = unqueued.sendToNode(1, frame, 0, frame.capacity());
                host.doWork();
            }
            assertThat(result).isEqualTo(SendResult.BACK_PRESSURED);
            assertThat(unqueued.counters().backPressured()).isEqualTo(1);
            assertThat(unqueued.counters().adminAction())
                .isEqualTo(unqueued.counters().adminActionEvents(TransportCounters.NODE));
            assertThat(unqueued.counters().queued()).isZero();
        }
    }
}
