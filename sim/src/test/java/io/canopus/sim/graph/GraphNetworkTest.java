package io.canopus.sim.graph;

import io.canopus.sim.net.PathModel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphNetworkTest
{
    /** Servers 0 and 1 on hub 10, client 2 on hub 11; hubs joined directly (link 20) and via hub 12 (links 21, 22). */
    private static GraphNetwork triangle(final LinkSpec hostLink)
    {
        return GraphNetwork.builder()
            .server(0, 0).server(1, 1).client(2, 2)
            .hub(10).hub(11).hub(12)
            .link(0, 0, 10, true, hostLink)
            .link(1, 1, 10, true, hostLink)
            .link(2, 2, 11, true, hostLink)
            .link(20, 10, 11, true, LinkSpec.of(1_000, 0))
            .link(21, 10, 12, true, LinkSpec.of(400, 0))
            .link(22, 12, 11, true, LinkSpec.of(400, 0))
            .build(3, new SplittableRandom(1));
    }

    @Test
    void routesOverTheShortestPathAndRecomputesWhenLinksChange()
    {
        final GraphNetwork g = triangle(LinkSpec.of(100, 0));
        assertThat(g.delayNs(0, 2, 100, 0)).isEqualTo(100 + 800 + 100);
        g.linkUp(21, false);
        assertThat(g.delayNs(0, 2, 100, 0)).isEqualTo(100 + 1_000 + 100);
        g.linkUp(20, false);
        assertThat(g.delayNs(0, 2, 100, 0)).isEqualTo(PathModel.NO_PATH);
        g.linkUp(21, true);
        g.nodeUp(12, false);
        assertThat(g.delayNs(0, 2, 100, 0)).isEqualTo(PathModel.NO_PATH);
        g.nodeUp(12, true);
        assertThat(g.delayNs(0, 2, 100, 0)).isEqualTo(1_000);
        assertThat(g.routeBuilds()).isEqualTo(5);
    }

    @Test
    void serversAndClientsNeverForward()
    {
        // 0 - 1 - 2 in a line of host links, no hub: 0 cannot reach 2 through server 1.
        final GraphNetwork g = GraphNetwork.builder().server(0, 0).server(1, 1).server(2, 2)
            .link(1, 0, 1, true, LinkSpec.of(10, 0)).link(2, 1, 2, true, LinkSpec.of(10, 0))
            .build(3, new SplittableRandom(1));
        assertThat(g.delayNs(0, 1, 1, 0)).isEqualTo(10);
        assertThat(g.delayNs(0, 2, 1, 0)).isEqualTo(PathModel.NO_PATH);
    }

    @Test
    void uniLinksCarryOneWayOnly()
    {
        final GraphNetwork g = GraphNetwork.builder().server(0, 0).server(1, 1)
            .link(1, 0, 1, false, LinkSpec.of(10, 0)).build(2, new SplittableRandom(1));
        assertThat(g.delayNs(0, 1, 1, 0)).isEqualTo(10);
        assertThat(g.delayNs(1, 0, 1, 0)).isEqualTo(PathModel.NO_PATH);
    }

    @Test
    void serializesAndQueuesFifoPerDirectionStoreAndForward()
    {
        // 8 Gb/s: one byte per ns. 1000 bytes take 1000 ns on each hop.
        final GraphNetwork g = GraphNetwork.builder().server(0, 0).server(1, 1).hub(9)
            .link(0, 0, 9, true, LinkSpec.of(100, 8_000_000_000L))
            .link(1, 9, 1, true, LinkSpec.of(100, 8_000_000_000L))
            .build(2, new SplittableRandom(1));
        assertThat(g.delayNs(0, 1, 1_000, 0)).isEqualTo(2 * (1_000 + 100));
        // Sent at the same time: waits for the first copy on each hop.
        assertThat(g.delayNs(0, 1, 1_000, 0)).isEqualTo(3_200);
        // The other direction has its own queue.
        assertThat(g.delayNs(1, 0, 1_000, 0)).isEqualTo(2_200);
        assertThat(g.linkStats()).filteredOn(s -> s.linkId() == 0 && s.from() == 0)
            .singleElement().satisfies(s ->
            {
                assertThat(s.packets()).isEqualTo(2);
                assertThat(s.bytes()).isEqualTo(2_000);
            });
    }

    @Test
    void aFullQueueDropsTheCopy()
    {
        final GraphNetwork g = GraphNetwork.builder().server(0, 0).server(1, 1)
            .link(0, 0, 1, true, new LinkSpec(Latency.fixed(10), 8_000_000_000L, 1_500, 0, 0))
            .build(2, new SplittableRandom(1));
        assertThat(g.delayNs(0, 1, 1_000, 0)).isPositive();   // link busy for 1000 ns
        assertThat(g.delayNs(0, 1, 1_000, 0)).isPositive();   // 1000 bytes ahead: fits
        assertThat(g.delayNs(0, 1, 1_000, 0)).isEqualTo(PathModel.LOST); // 2000 ahead > 1500
        assertThat(g.linkStats().get(0).dropped()).isEqualTo(1);
    }

    @Test
    void lossAndDuplicationFollowTheirProbabilities()
    {
        final GraphNetwork g = GraphNetwork.builder().server(0, 0).server(1, 1)
            .link(0, 0, 1, true, new LinkSpec(Latency.fixed(10), 0, 0, 0.25, 0.1))
            .build(2, new SplittableRandom(7));
        int lost = 0;
        int dup = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (g.delayNs(0, 1, 10, i) == PathModel.LOST)
            {
                lost++;
            }
            else if (g.duplicateLast())
            {
                dup++;
            }
        }
        assertThat(lost).isBetween(2_300, 2_700);
        assertThat(dup).isBetween(600, 900);
    }

    @Test
    void latencyDistributionsStayInTheirBoundsAndAreDeterministic()
    {
        for (final Latency.Distribution d : new Latency.Distribution[]{Latency.Distribution.UNIFORM,
            Latency.Distribution.NORMAL, Latency.Distribution.EXPONENTIAL})
        {
            final Latency l = new Latency(d, 1_000, 200);
            final SplittableRandom a = new SplittableRandom(3);
            final SplittableRandom b = new SplittableRandom(3);
            double sum = 0;
            for (int i = 0; i < 20_000; i++)
            {
                final long x = l.draw(a);
                assertThat(x).isEqualTo(l.draw(b)).isBetween(400L, 1_000L + 20 * 200L);
                sum += x;
            }
            assertThat(sum / 20_000).as(d.name()).isBetween(980.0, 1_020.0);
        }
    }

    @Test
    void badDefinitionsAreRejected()
    {
        assertThatThrownBy(() -> new Latency(Latency.Distribution.UNIFORM, 100, 200)).hasMessageContaining("exceeds the mean");
        assertThatThrownBy(() -> Latency.fixed(0)).hasMessageContaining("at least 1 ns");
        assertThatThrownBy(() -> new LinkSpec(Latency.fixed(1), -1, 0, 0, 0)).hasMessageContaining("bandwidth");
        assertThatThrownBy(() -> new LinkSpec(Latency.fixed(1), 0, 0, 1.5, 0)).hasMessageContaining("probabilities");
        assertThatThrownBy(() -> GraphNetwork.builder().server(0, 0).link(1, 0, 5, true, LinkSpec.of(1, 0)))
            .hasMessageContaining("unknown node 5");
        assertThatThrownBy(() -> GraphNetwork.builder().server(0, 0).hub(0)).hasMessageContaining("duplicate node id 0");
        assertThatThrownBy(() -> triangle(LinkSpec.of(1, 0)).linkUp(99, false)).hasMessageContaining("no link 99");
    }
}
