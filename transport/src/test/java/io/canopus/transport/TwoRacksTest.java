package io.canopus.transport;

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

/**
 * Two racks of two nodes, each rack with its own host (its own media driver and directory) in this
 * process, as two machines would be: unicast between racks, multicast inside each.
 */
@Timeout(60)
class TwoRacksTest
{
    private AeronHost hostA;
    private AeronHost hostB;
    private final NodeTransport[] nodes = new NodeTransport[4];
    private final TestSupport.Collector[] received = new TestSupport.Collector[4];
    private IntSupplier[] work;

    @BeforeEach
    void setUp()
    {
        hostA = AeronHost.launch(TestSupport.hostContext("rack-a"));
        hostB = AeronHost.launch(TestSupport.hostContext("rack-b"));
        assertThat(hostA.aeronDirectoryName()).isNotEqualTo(hostB.aeronDirectoryName());
        final MulticastGroup rack0 = TestSupport.loopbackGroup(3);
        final MulticastGroup rack1 = TestSupport.loopbackGroup(5);
        final String[] endpoints = new String[4];
        for (int i = 0; i < 4; i++)
        {
            endpoints[i] = TestSupport.freeEndpoint();
        }
        for (int i = 0; i < 4; i++)
        {
            final boolean inRack0 = i < 2;
            nodes[i] = NodeTransport.open(inRack0 ? hostA : hostB, new NodeTransport.Context()
                .nodeId(i)
                .rackGroup(inRack0 ? rack0 : rack1)
                .rackSize(2)
                .unicastEndpoint(endpoints[i])
                .peers(endpoints));
            received[i] = new TestSupport.Collector();
        }
        work = new IntSupplier[]{
            hostA::doWork,
            hostB::doWork,
            () -> nodes[0].poll(received[0], 64) + nodes[0].retryPending(),
            () -> nodes[1].poll(received[1], 64) + nodes[1].retryPending(),
            () -> nodes[2].poll(received[2], 64) + nodes[2].retryPending(),
            () -> nodes[3].poll(received[3], 64) + nodes[3].retryPending(),
        };
        pumpUntil("all connected", 10_000, () ->
        {
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    if (i != j && !nodes[i].nodeConnected(j))
                    {
                        return false;
                    }
                }
                if (!nodes[i].rackReachable())
                {
                    return false;
                }
            }
            return true;
        }, work);
        pumpFor(50, work); // let the drivers raise the publication limits after connecting
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(nodes[0], nodes[1], nodes[2], nodes[3], hostA, hostB);
    }

    @Test
    void unicastCrossesRacksBothWays()
    {
        final var aToB = text("fetch vnode state 0 -> 2");
        final var bToA = text("vnode state 3 -> 1");
        assertThat(nodes[0].sendToNode(2, aToB, 0, aToB.capacity())).isEqualTo(SendResult.SENT);
        assertThat(nodes[3].sendToNode(1, bToA, 0, bToA.capacity())).isEqualTo(SendResult.SENT);

        pumpUntil("cross-rack frames arrive", 5_000, () -> received[2].count() == 1 && received[1].count() == 1, work);
        pumpFor(100, work);

        assertThat(received[2].texts()).containsExactly("fetch vnode state 0 -> 2");
        assertThat(received[1].texts()).containsExactly("vnode state 3 -> 1");
        assertThat(received[0].count()).isZero();
        assertThat(received[3].count()).isZero();
    }

    @Test
    void multicastStaysInsideItsRack()
    {
        final var frame = text("rack 1 proposal from node 2");
        assertThat(nodes[2].sendToRack(frame, 0, frame.capacity())).isEqualTo(SendResult.SENT);

        pumpUntil("node 3 receives", 5_000, () -> received[3].count() == 1, work);
        pumpFor(200, work);

        assertThat(received[3].texts()).containsExactly("rack 1 proposal from node 2");
        assertThat(received[0].count()).isZero();
        assertThat(received[1].count()).isZero();
        assertThat(received[2].count()).isZero();
    }
}
