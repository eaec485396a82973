package io.canopus.sim.net;

import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NetworkModelTest
{
    /** 2 racks of 4 nodes (0-3, 4-7) and 2 clients, one per rack (endpoints 8 and 9). */
    private static final ClusterTopology TOPOLOGY = ClusterTopology.uniform(2, 4, 2);
    private static final int[] CLIENT_RACKS = {0, 1};

    private final EventLoop loop = new EventLoop();
    private final List<long[]> deliveries = new ArrayList<>(); // {time, to, from, first byte}
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);

    private NetworkModel network(final NetworkSettings settings, final long seed)
    {
        final NetworkModel net = new NetworkModel(TOPOLOGY, CLIENT_RACKS, settings, new Seeds(seed).random("network", 0), loop);
        for (int n = 0; n < TOPOLOGY.nodeCount(); n++)
        {
            net.nodeUp(n);
        }
        net.deliveryHandler((to, from, buffer, offset, length) ->
            deliveries.add(new long[]{loop.nowNs(), to, from, buffer.getByte(offset)}));
        return net;
    }

    private static void assertConserved(final NetworkModel net)
    {
        final NetworkCounters c = net.counters();
        assertThat(c.messagesSent() + c.duplicated()).isEqualTo(c.messagesDelivered() + c.messagesDropped());
        assertThat(net.pool().inUse()).isZero();
    }

    @Test
    void delaysFollowRackDistanceWithinTheJitterBounds()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT, 1);
        for (int i = 0; i < 200; i++)
        {
            net.send(0, 1, message, 0, 32);
            net.send(0, 5, message, 0, 32);
        }
        loop.runUntil(Long.MAX_VALUE - 1);
        assertThat(deliveries).hasSize(400);
        for (final long[] d : deliveries)
        {
            final long base = d[1] == 1 ? 50_000 : 250_000;
            assertThat(d[0]).isBetween((long)(base * 0.8) - 1, (long)(base * 1.2) + 1);
        }
        assertThat(net.counters().bytesSent()).isEqualTo(400 * 32);
        assertConserved(net);
    }

    @Test
    void lossDropsAFixedSeedsShareAndCountsIt()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT.withLoss(0.3), 11);
        for (int i = 0; i < 10_000; i++)
        {
            net.send(0, 1, message, 0, 32);
        }
        loop.runUntil(Long.MAX_VALUE - 1);
        final NetworkCounters c = net.counters();
        assertThat(c.messagesSent()).isEqualTo(10_000);
        assertThat(c.droppedLoss()).isEqualTo(10_000 - deliveries.size());
        assertThat(c.droppedLoss() / 10_000.0).isCloseTo(0.3, within(0.03));
        assertThat(c.droppedPartition() + c.droppedNodeDown()).isZero();
        assertConserved(net);

        // The same seed and the same sends: exactly the same fate.
        final EventLoop otherLoop = new EventLoop();
        final NetworkModel again = new NetworkModel(TOPOLOGY, CLIENT_RACKS, NetworkSettings.DEFAULT.withLoss(0.3),
            new Seeds(11).random("network", 0), otherLoop);
        again.nodeUp(1);
        again.deliveryHandler((to, from, buffer, offset, length) -> { });
        for (int i = 0; i < 10_000; i++)
        {
            again.send(0, 1, message, 0, 32);
        }
        assertThat(again.counters().droppedLoss()).isEqualTo(c.droppedLoss());
    }

    @Test
    void duplicationDeliversExtraCopiesAndCountsThem()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT.withDuplication(1.0), 3);
        for (int i = 0; i < 100; i++)
        {
            net.send(0, 4, message, 0, 32);
        }
        loop.runUntil(Long.MAX_VALUE - 1);
        assertThat(net.counters().duplicated()).isEqualTo(100);
        assertThat(deliveries).hasSize(200);
        assertConserved(net);
    }

    @Test
    void jitterAndExplicitReorderingReorderALink()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT.withReorder(0.2), 5);
        for (int i = 0; i < 100; i++)
        {
            message.putByte(0, (byte)i);
            net.send(0, 1, message, 0, 32);
            loop.runUntil(loop.nowNs() + 5_000); // sends 5 us apart, delays 40-60 us
        }
        loop.runUntil(Long.MAX_VALUE - 1);
        int inversions = 0;
        for (int i = 1; i < deliveries.size(); i++)
        {
            if (deliveries.get(i)[3] < deliveries.get(i - 1)[3])
            {
                inversions++;
            }
        }
        assertThat(deliveries).hasSize(100);
        assertThat(inversions).isPositive();
    }

    @Test
    void multicastSendsOneIndependentCopyToEachOtherRackMember()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT, 9);
        net.nodeDown(3);
        assertThat(net.sendToRack(1, message, 0, 32)).isEqualTo(3);
        loop.runUntil(Long.MAX_VALUE - 1);

        assertThat(deliveries).extracting(d -> d[1]).containsExactlyInAnyOrder(0L, 2L);
        assertThat(deliveries).allSatisfy(d -> assertThat(d[2]).isEqualTo(1));
        assertThat(deliveries.get(0)[0]).isNotEqualTo(deliveries.get(1)[0]); // own delay draws
        final NetworkCounters c = net.counters();
        assertThat(c.messagesSent()).isEqualTo(3);
        assertThat(c.bytesSent()).isEqualTo(96);
        assertThat(c.droppedNodeDown()).isEqualTo(1);
        assertConserved(net);
    }

    @Test
    void rackPartitionsIsolationAndBlockedLinksDropAsPartition()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT, 2);
        net.setRackGroups(new int[]{0, 1});
        net.send(0, 4, message, 0, 32);     // across the partition
        net.send(8, 5, message, 0, 32);     // client of rack 0 to rack 1
        net.send(0, 1, message, 0, 32);     // inside rack 0: fine
        net.setRackGroups(null);
        net.setLinkBlocked(2, 3, true);     // one way only
        net.send(2, 3, message, 0, 32);
        net.send(3, 2, message, 0, 32);
        net.setIsolated(6, true);
        net.send(6, 7, message, 0, 32);
        net.send(9, 6, message, 0, 32);
        loop.runUntil(Long.MAX_VALUE - 1);

        assertThat(net.counters().droppedPartition()).isEqualTo(5);
        assertThat(deliveries).extracting(d -> d[1] * 100 + d[2]).containsExactlyInAnyOrder(100L, 203L);

        net.healPartitionsAndLoss();
        net.send(2, 3, message, 0, 32);
        net.send(6, 7, message, 0, 32);
        loop.runUntil(Long.MAX_VALUE - 1);
        assertThat(deliveries).hasSize(4);
        assertConserved(net);
    }

    @Test
    void rackLossBurstOnlyHitsLinksInsideThatRack()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT, 4);
        net.setRackLoss(0, 1.0);
        for (int i = 0; i < 50; i++)
        {
            net.send(0, 1, message, 0, 32); // inside rack 0: lost
            net.send(0, 4, message, 0, 32); // rack 0 to rack 1: unaffected
            net.send(4, 5, message, 0, 32); // inside rack 1: unaffected
        }
        loop.runUntil(Long.MAX_VALUE - 1);
        assertThat(net.counters().droppedLoss()).isEqualTo(50);
        assertThat(deliveries).hasSize(100);
        assertConserved(net);
    }

    @Test
    void aCrashDropsWhatIsInFlightEvenIfTheNodeIsBackInTime()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT, 6);
        net.send(0, 1, message, 0, 32);
        net.send(8, 1, message, 0, 32);
        net.nodeDown(1);
        net.send(0, 1, message, 0, 32);  // to a down node: dropped at once
        net.nodeUp(1);                    // restarted before the first two arrive
        net.send(2, 1, message, 0, 32);  // sent to the new incarnation: delivered
        loop.runUntil(Long.MAX_VALUE - 1);

        assertThat(net.counters().droppedNodeDown()).isEqualTo(3);
        assertThat(deliveries).extracting(d -> d[2]).containsExactly(2L);
        assertConserved(net);
    }

    @Test
    void aPausedNodeGetsItsMessagesWhenThePauseEnds()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT, 8);
        net.pause(1, 1_000_000);
        for (int i = 0; i < 3; i++)
        {
            message.putByte(0, (byte)i);
            net.send(0, 1, message, 0, 32);
        }
        net.send(0, 2, message, 0, 32);
        loop.runUntil(Long.MAX_VALUE - 1);

        assertThat(deliveries).hasSize(4);
        assertThat(deliveries.get(0)[1]).isEqualTo(2);
        assertThat(deliveries.subList(1, 4)).allSatisfy(d -> assertThat(d[0]).isEqualTo(1_000_000));
        assertConserved(net);
    }

    @Test
    void slabsAreRecycledInSteadyState()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT.withDuplication(0.1), 10);
        for (int round = 0; round < 1000; round++)
        {
            net.sendToRack(0, message, 0, 32);
            net.send(0, 5, message, 0, 300);
            loop.runUntil(loop.nowNs() + 100_000);
        }
        final int slabs = net.pool().slabsCreated();
        for (int round = 0; round < 1000; round++)
        {
            net.sendToRack(0, message, 0, 32);
            net.send(0, 5, message, 0, 300);
            loop.runUntil(loop.nowNs() + 100_000);
        }
        loop.runUntil(Long.MAX_VALUE - 1);
        assertThat(net.pool().slabsCreated()).isEqualTo(slabs);
        assertConserved(net);
    }

    @Test
    void sendsToUnknownEndpointsFail()
    {
        final NetworkModel net = network(NetworkSettings.DEFAULT, 1);
        assertThat(net.send(0, 10, message, 0, 8)).isFalse();
        assertThat(net.send(0, -1, message, 0, 8)).isFalse();
        assertThat(net.counters().messagesSent()).isZero();
    }
}
