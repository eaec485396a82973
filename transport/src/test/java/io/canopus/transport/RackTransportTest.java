package io.canopus.transport;

import java.util.Random;
import java.util.function.IntSupplier;

import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.canopus.transport.TestSupport.pumpFor;
import static io.canopus.transport.TestSupport.pumpUntil;
import static io.canopus.transport.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Three nodes of one rack on one shared host (embedded invoker driver, 1 MiB terms), over loopback multicast. */
@Timeout(60)
class RackTransportTest
{
    private static final int NODES = 3;

    private AeronHost host;
    private final NodeTransport[] nodes = new NodeTransport[NODES];
    private final TestSupport.Collector[] received = new TestSupport.Collector[NODES];
    private IntSupplier[] work;

    @BeforeEach
    void setUp()
    {
        host = AeronHost.launch(TestSupport.hostContext("rack").termLength(1024 * 1024));
        final MulticastGroup group = TestSupport.loopbackGroup(1);
        final String[] endpoints = new String[NODES];
        for (int i = 0; i < NODES; i++)
        {
            endpoints[i] = TestSupport.freeEndpoint();
        }
        for (int i = 0; i < NODES; i++)
        {
            nodes[i] = NodeTransport.open(host, new NodeTransport.Context()
                .nodeId(i)
                .rackGroup(group)
                .rackSize(NODES)
                .unicastEndpoint(endpoints[i])
                .peers(endpoints));
            received[i] = new TestSupport.Collector();
        }
        work = new IntSupplier[]{
            host::doWork,
            () -> nodes[0].poll(received[0], 64) + nodes[0].retryPending(),
            () -> nodes[1].poll(received[1], 64) + nodes[1].retryPending(),
            () -> nodes[2].poll(received[2], 64) + nodes[2].retryPending(),
        };
        pumpUntil("rack and peers connected", 10_000, this::allConnected, work);
        pumpFor(50, work); // let the driver raise the publication limits after connecting
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(nodes[0], nodes[1], nodes[2], host);
    }

    private boolean allConnected()
    {
        for (int i = 0; i < NODES; i++)
        {
            if (!nodes[i].rackReachable())
            {
                return false;
            }
            for (int j = 0; j < NODES; j++)
            {
                if (i != j && !nodes[i].nodeConnected(j))
                {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void rackFrameReachesEveryOtherMemberExactlyOnceAndNotTheSender()
    {
        final var frame = text("round-1 proposal from node 0");
        assertThat(nodes[0].sendToRack(frame, 0, frame.capacity())).isEqualTo(SendResult.SENT);

        pumpUntil("nodes 1 and 2 receive", 5_000, () -> received[1].count() >= 1 && received[2].count() >= 1, work);
        pumpFor(200, work);

        assertThat(received[1].texts()).containsExactly("round-1 proposal from node 0");
        assertThat(received[2].texts()).containsExactly("round-1 proposal from node 0");
        assertThat(received[1].sources).containsExactly(FrameHandler.PEER);
        assertThat(received[0].count()).isZero();
        assertThat(nodes[0].counters().ownFragmentsDropped()).isEqualTo(1);
        assertThat(nodes[1].counters().ownFragmentsDropped()).isZero();
        assertThat(nodes[0].rackSessionId()).isNotEqualTo(nodes[1].rackSessionId());
    }

    @Test
    void everyMemberHearsEveryOtherMember()
    {
        for (int i = 0; i < NODES; i++)
        {
            final var frame = text("from " + i);
            assertThat(nodes[i].sendToRack(frame, 0, frame.capacity())).isEqualTo(SendResult.SENT);
        }
        pumpUntil("two frames each", 5_000,
            () -> received[0].count() >= 2 && received[1].count() >= 2 && received[2].count() >= 2, work);
        pumpFor(200, work);

        assertThat(received[0].texts()).containsExactlyInAnyOrder("from 1", "from 2");
        assertThat(received[1].texts()).containsExactlyInAnyOrder("from 0", "from 2");
        assertThat(received[2].texts()).containsExactlyInAnyOrder("from 0", "from 1");
    }

    @Test
    void unicastReachesOnlyTheAddressee()
    {
        final var frame = text("pull request 1 -> 2");
        assertThat(nodes[1].sendToNode(2, frame, 0, frame.capacity())).isEqualTo(SendResult.SENT);

        pumpUntil("node 2 receives", 5_000, () -> received[2].count() >= 1, work);
        pumpFor(200, work);

        assertThat(received[2].texts()).containsExactly("pull request 1 -> 2");
        assertThat(received[2].sources).containsExactly(FrameHandler.PEER);
        assertThat(received[0].count()).isZero();
        assertThat(received[1].count()).isZero();
    }

    @Test
    void unknownNodesAndItselfAreUnknownDestinations()
    {
        final var frame = text("x");
        assertThat(nodes[0].sendToNode(0, frame, 0, 1)).isEqualTo(SendResult.UNKNOWN_DESTINATION);
        assertThat(nodes[0].sendToNode(7, frame, 0, 1)).isEqualTo(SendResult.UNKNOWN_DESTINATION);
        assertThat(nodes[0].sendToNode(-1, frame, 0, 1)).isEqualTo(SendResult.UNKNOWN_DESTINATION);
        assertThat(nodes[0].counters().outcomes(TransportCounters.NODE, SendResult.UNKNOWN_DESTINATION)).isEqualTo(3);
    }

    @Test
    void framesLargerThanTheMaxMessageAreReassembledIntact()
    {
        final byte[] large = new byte[200 * 1024];
        new Random(42).nextBytes(large);
        final byte[] larger = new byte[1024 * 1024];
        new Random(43).nextBytes(larger);
        // 1 MiB terms allow 128 KiB messages: these frames must travel as several chunks.
        assertThat(large.length).isGreaterThan(1024 * 1024 / 8);

        assertThat(nodes[0].sendToRack(TestSupport.buffer(large), 0, large.length)).isPositive();
        assertThat(nodes[2].sendToNode(1, TestSupport.buffer(larger), 0, larger.length)).isPositive();

        pumpUntil("large frames arrive", 10_000,
            () -> received[1].count() >= 2 && received[2].count() >= 1, work);
        pumpFor(200, work);

        assertThat(received[2].frames).hasSize(1);
        assertThat(received[2].frames.get(0)).isEqualTo(large);
        assertThat(received[1].frames).hasSize(2);
        assertThat(received[1].frames).anySatisfy(f -> assertThat(f).isEqualTo(large));
        assertThat(received[1].frames).anySatisfy(f -> assertThat(f).isEqualTo(larger));
        assertThat(received[0].count()).isZero();
        for (final NodeTransport node : nodes)
        {
            assertThat(node.counters().incompleteFrames()).isZero();
            assertThat(node.counters().oversizedFrames()).isZero();
        }
    }

    @Test
    void framesOverTheMaximumAreTooLarge()
    {
        final byte[] huge = new byte[NodeTransport.Context.DEFAULT_MAX_FRAME_LENGTH + 1];
        assertThat(nodes[0].sendToRack(TestSupport.buffer(huge), 0, huge.length)).isEqualTo(SendResult.TOO_LARGE);
        assertThat(nodes[0].sendToNode(1, TestSupport.buffer(huge), 0, huge.length)).isEqualTo(SendResult.TOO_LARGE);
        assertThat(nodes[0].counters().outcomes(TransportCounters.RACK, SendResult.TOO_LARGE)).isEqualTo(1);
        assertThat(nodes[0].counters().outcomes(TransportCounters.NODE, SendResult.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void pollRespectsTheFragmentLimit()
    {
        for (int i = 0; i < 10; i++)
        {
            final var frame = text("frame " + i);
            assertThat(nodes[0].sendToNode(1, frame, 0, frame.capacity())).isEqualTo(SendResult.SENT);
        }
        pumpFor(100, host::doWork);
        int total = 0;
        while (total < 10)
        {
            final int read = nodes[1].poll(received[1], 3);
            assertThat(read).isLessThanOrEqualTo(3);
            total += read;
            host.doWork();
        }
        assertThat(received[1].texts()).containsExactly(
            "frame 0", "frame 1", "frame 2", "frame 3", "frame 4", "frame 5", "frame 6", "frame 7", "frame 8", "frame 9");
    }
}
