package io.canopus.sim.coracle;

import io.canopus.sim.coracle.CoracleScenario.LinkClass;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoracleNetworkTest
{
    @Test
    void triangleClientServersReachEachOtherDirectlyIn5Ms()
    {
        final CoracleNetwork net = CoracleNetwork.at(CoracleResources.scenario("simple_triangle_client.json"), 0);

        assertThat(net.pathLatencyMs(1, 2)).isEqualTo(5);
        assertThat(net.pathLatencyMs(2, 1)).isEqualTo(5);
        assertThat(net.pathLatencyMs(3, 1)).isEqualTo(5);
        assertThat(net.pathLatencyMs(1, 1)).isZero();
    }

    @Test
    void nothingIsUpBeforeTheFirstChangeIsApplied()
    {
        final CoracleNetwork net = new CoracleNetwork(CoracleResources.scenario("simple_triangle_client.json"));

        assertThat(net.nodeActive(1)).isFalse();
        assertThat(net.pathLatencyMs(1, 2)).isEqualTo(-1);
        assertThat(net.nextChangeTimeMs()).isZero();
    }

    @Test
    void simpleDiffLosesServer2ToServer1Between100And595AndNeverRelaysThroughTheClient()
    {
        final CoracleScenario s = CoracleResources.scenario("simple_diff.json");
        final CoracleNetwork net = new CoracleNetwork(s);

        assertThat(net.advanceTo(0)).isEqualTo(9);
        assertThat(net.pathLatencyMs(2, 1)).isEqualTo(5);
        assertThat(net.nextChangeTimeMs()).isEqualTo(100);

        assertThat(net.advanceTo(100)).isEqualTo(2);
        assertThat(net.linkActive(6)).isFalse();
        // 2 -> 3 -> 1 is up, but 3 is a client and clients do not forward.
        assertThat(net.pathLatencyMs(2, 1)).isEqualTo(-1);
        assertThat(net.pathLatencyMs(1, 2)).isEqualTo(5);
        assertThat(net.pathLatencyMs(3, 2)).as("link 4 (3 -> 2) is down").isEqualTo(-1);
        assertThat(net.pathLatencyMs(2, 3)).isEqualTo(5);

        assertThat(net.advanceTo(594)).isZero();
        assertThat(net.pathLatencyMs(2, 1)).isEqualTo(-1);
        assertThat(net.advanceTo(595)).isEqualTo(2);
        assertThat(net.pathLatencyMs(2, 1)).isEqualTo(5);
        assertThat(net.pathLatencyMs(3, 2)).isEqualTo(5);
        assertThat(net.nextChangeTimeMs()).isEqualTo(-1);
        assertThatThrownBy(() -> net.advanceTo(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uniLinksCarryOnlyFromStartToEnd()
    {
        final CoracleScenario s = CoracleReader.read("""
            {"termination": 100, "consensus": {"protocol": "raft", "election_timeout_min": 1, "election_timeout_max": 2,
              "heartbeat_interval": 1},
             "network": {"nodes": [{"type": "server", "id": 1}, {"type": "server", "id": 2}],
              "links": [{"start": 1, "end": 2, "id": 1, "direction": "uni"}],
              "events": [{"time": 0, "links": [{"id": 1, "type": "m", "active": true}],
                          "nodes": [{"id": 1, "active": true}, {"id": 2, "active": true}]}]}}""", "uni");
        final CoracleNetwork net = CoracleNetwork.at(s, 0);

        assertThat(net.pathLatencyMs(1, 2)).isEqualTo(10);
        assertThat(net.pathLatencyMs(2, 1)).isEqualTo(-1);
    }

    @Test
    void simpleStarServersReachEachOtherThroughTheHubIn10Ms()
    {
        final CoracleScenario s = CoracleResources.scenario("simple_star.json");
        final CoracleNetwork net = CoracleNetwork.at(s, 0);

        for (int a = 1; a <= 5; a++)
        {
            for (int b = 1; b <= 5; b++)
            {
                assertThat(net.pathLatencyMs(a, b)).as("%d -> %d", a, b).isEqualTo(a == b ? 0 : 10);
            }
        }
        assertThat(s.racks()).containsExactly(List.of(1, 2, 3, 4, 5));
    }

    /**
     * Two racks of servers behind hubs 10 and 20, joined by a long hub-to-hub link; client 30 on hub 10; a short
     * server-to-server link 1-4 across the racks, and a client 31 bridging servers 2 and 5 with short links.
     */
    private static final String HUBS = """
        {"termination": 1000, "consensus": {"protocol": "raft", "election_timeout_min": 60, "election_timeout_max": 300,
          "heartbeat_interval": 30},
         "network": {
          "nodes": [{"type": "server", "id": 1}, {"type": "server", "id": 2}, {"type": "server", "id": 3},
                    {"type": "server", "id": 4}, {"type": "server", "id": 5}, {"type": "server", "id": 6},
                    {"type": "server", "id": 7},
                    {"type": "hub", "id": 10}, {"type": "hub", "id": 20},
                    {"type": "client", "id": 30}, {"type": "client", "id": 31}],
          "links": [{"start": 1, "end": 10, "id": 1, "direction": "bi"},
                    {"start": 2, "end": 10, "id": 2, "direction": "bi"},
                    {"start": 3, "end": 10, "id": 3, "direction": "bi"},
                    {"start": 4, "end": 20, "id": 4, "direction": "bi"},
                    {"start": 5, "end": 20, "id": 5, "direction": "bi"},
                    {"start": 10, "end": 20, "id": 6, "direction": "bi"},
                    {"start": 30, "end": 10, "id": 7, "direction": "bi"},
                    {"start": 1, "end": 4, "id": 8, "direction": "bi"},
                    {"start": 2, "end": 31, "id": 9, "direction": "bi"},
                    {"start": 31, "end": 5, "id": 10, "direction": "bi"},
                    {"start": 6, "end": 7, "id": 11, "direction": "bi"}],
          "events": [
            {"time": 0,
             "links": [{"id": 1, "type": "s", "active": true}, {"id": 2, "type": "s", "active": true},
                       {"id": 3, "type": "s", "active": true}, {"id": 4, "type": "s", "active": true},
                       {"id": 5, "type": "s", "active": true}, {"id": 6, "type": "l", "active": true},
                       {"id": 7, "type": "m", "active": true}, {"id": 8, "type": "s", "active": true},
                       {"id": 9, "type": "s", "active": true}, {"id": 10, "type": "s", "active": true},
                       {"id": 11, "type": "s", "active": true}],
             "nodes": [{"id": 1, "active": true}, {"id": 2, "active": true}, {"id": 3, "active": true},
                       {"id": 4, "active": true}, {"id": 5, "active": true}, {"id": 6, "active": true},
                       {"id": 7, "active": true}, {"id": 30, "active": true}, {"id": 31, "active": true}]},
            {"time": 100, "nodes": [{"id": 10, "active": false}]},
            {"time": 200, "nodes": [{"id": 10, "active": true}, {"id": 5, "active": false}]},
            {"time": 300, "links": [{"id": 6, "type": "m", "active": true}]}]}}""";

    @Test
    void pathsGoThroughHubsAndNeverThroughServersOrClients()
    {
        final CoracleScenario s = CoracleReader.read(HUBS, "hubs");
        final CoracleNetwork net = CoracleNetwork.at(s, 0);

        assertThat(net.pathLatencyMs(1, 2)).as("same hub").isEqualTo(10);
        assertThat(net.pathLatencyMs(1, 4)).as("direct link").isEqualTo(5);
        // 2 -> 31 -> 5 would be 10 ms, but client 31 does not forward; 2 -> 10 -> 20 -> 5 is 5 + 20 + 5.
        assertThat(net.pathLatencyMs(2, 5)).isEqualTo(30);
        // 3 -> 1 -> 4 would be 10 ms, but server 1 does not forward.
        assertThat(net.pathLatencyMs(3, 4)).isEqualTo(30);
        assertThat(net.pathLatencyMs(30, 5)).as("client via both hubs").isEqualTo(10 + 20 + 5);
        assertThat(net.pathLatencyMs(2, 31)).as("to a client directly").isEqualTo(5);
        assertThat(net.pathLatencyMs(1, 6)).as("6 and 7 are an island").isEqualTo(-1);
        assertThat(net.pathLatencyMs(6, 7)).isEqualTo(5);
        assertThat(net.pathLatencyMs(1, 10)).as("a hub is a reachable node too").isEqualTo(5);

        net.advanceTo(100);
        assertThat(net.nodeActive(10)).isFalse();
        assertThat(net.pathLatencyMs(1, 2)).as("intermediate hub down").isEqualTo(-1);
        assertThat(net.pathLatencyMs(1, 4)).isEqualTo(5);
        assertThat(net.pathLatencyMs(4, 5)).isEqualTo(10);

        net.advanceTo(200);
        assertThat(net.pathLatencyMs(1, 2)).isEqualTo(10);
        assertThat(net.pathLatencyMs(4, 5)).as("endpoint down").isEqualTo(-1);
        assertThat(net.pathLatencyMs(5, 4)).isEqualTo(-1);

        net.advanceTo(300);
        assertThat(net.linkClass(6)).isEqualTo(LinkClass.M);
        assertThat(net.pathLatencyMs(2, 4)).as("hub link now medium").isEqualTo(5 + 10 + 5);
        assertThat(net.pathLatencyMs(3, 4)).isEqualTo(20);

        assertThatThrownBy(() -> net.pathLatencyMs(1, 42)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no node 42");
    }

    @Test
    void serversSharingAHubFormARackAndTheRestAreRacksOfTheirOwn()
    {
        final CoracleScenario s = CoracleReader.read(HUBS, "hubs");

        assertThat(s.racks()).containsExactly(List.of(1, 2, 3), List.of(4, 5), List.of(6), List.of(7));
        assertThat(CoracleResources.scenario("simple_triangle.json").racks())
            .containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(CoracleResources.scenario("simple_triangle_client.json").racks())
            .containsExactly(List.of(1), List.of(2));
    }
}
