package io.canopus.sim.coracle;

import io.canopus.sim.coracle.CoracleScenario.Format;
import io.canopus.sim.coracle.CoracleScenario.Link;
import io.canopus.sim.coracle.CoracleScenario.LinkClass;
import io.canopus.sim.coracle.CoracleScenario.NetworkState;
import io.canopus.sim.coracle.CoracleScenario.Node;
import io.canopus.sim.coracle.CoracleScenario.NodeKind;
import io.canopus.sim.coracle.CoracleScenario.StateChange;
import io.canopus.sim.coracle.CoracleScenario.Target;
import io.canopus.sim.coracle.CoracleScenario.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CoracleReaderTest
{
    static final List<String> FILES = List.of(CoracleResources.FILES);

    @ParameterizedTest
    @FieldSource("FILES")
    void everyCoracleConfigurationParsesWithConsistentState(final String name)
    {
        final CoracleScenario s = CoracleResources.scenario(name);

        assertThat(s.source()).isEqualTo(name);
        assertThat(s.consensus().protocol()).isEqualTo("raft");
        assertThat(s.nodes()).isNotEmpty();
        assertThat(s.links()).isNotEmpty();
        assertThat(s.changes()).isNotEmpty().isSortedAccordingTo((a, b) -> Long.compare(a.timeMs(), b.timeMs()));
        // Every file brings every server and client and every link up at time 0.
        final NetworkState atZero = s.stateAt(0);
        for (final Node node : s.nodes())
        {
            assertThat(atZero.nodeActive(node.id())).as("node %d up at 0", node.id()).isTrue();
        }
        for (final Link link : s.links())
        {
            assertThat(atZero.linkActive(link.id())).as("link %d up at 0", link.id()).isTrue();
            assertThat(atZero.linkClass(link.id())).isEqualTo(LinkClass.S);
        }
        assertThat(s.stateAt(s.terminationMs()).activeNodes()).hasSize(s.nodes().size());
    }

    @Test
    void simpleDiffIsTheWebShapeAndItsLinks4And6GoDownAt100AndUpAt595()
    {
        final CoracleScenario s = CoracleResources.scenario("simple_diff.json");

        assertThat(s.format()).isEqualTo(Format.WEB_DEMO);
        assertThat(s.terminationMs()).isEqualTo(1000);
        assertThat(s.seed()).isEmpty();
        assertThat(s.workload()).contains(new Workload(100, 150));
        assertThat(s.consensus().electionTimeoutMinMs()).isEqualTo(30);
        assertThat(s.consensus().electionTimeoutMaxMs()).isEqualTo(300);
        assertThat(s.consensus().heartbeatIntervalMs()).isEqualTo(30);
        assertThat(s.consensus().clientTimeoutMs()).isEqualTo(OptionalInt.of(50));
        assertThat(s.consensus().batchRequests()).isFalse();
        assertThat(s.consensus().lazyUpdate()).isFalse();
        assertThat(s.nodes()).containsExactly(
            new Node(1, NodeKind.SERVER), new Node(2, NodeKind.SERVER), new Node(3, NodeKind.CLIENT));
        assertThat(s.links()).hasSize(6).allMatch(l -> !l.bidirectional());
        assertThat(s.link(4)).contains(new Link(4, 3, 2, false));

        // Per-element and top-level events agree and are folded together: 3 nodes + 6 links at 0, then 2 + 2.
        assertThat(s.changes()).hasSize(13);
        assertThat(s.changesBetween(1, 1000)).containsExactly(
            new StateChange(100, Target.LINK, 4, false, LinkClass.S),
            new StateChange(100, Target.LINK, 6, false, LinkClass.S),
            new StateChange(595, Target.LINK, 4, true, LinkClass.S),
            new StateChange(595, Target.LINK, 6, true, LinkClass.S));
        assertThat(s.stateAt(99).activeLinks()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        assertThat(s.stateAt(100).activeLinks()).containsExactlyInAnyOrder(1, 2, 3, 5);
        assertThat(s.stateAt(594).activeLinks()).containsExactlyInAnyOrder(1, 2, 3, 5);
        assertThat(s.stateAt(595).activeLinks()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }

    @Test
    void simplePairHasASeedAndNoWorkload()
    {
        final CoracleScenario s = CoracleResources.scenario("simple_pair.json");

        assertThat(s.format()).isEqualTo(Format.WEB_DEMO);
        assertThat(s.seed()).hasValue(4992);
        assertThat(s.workload()).isEmpty();
        assertThat(s.consensus().clientTimeoutMs()).isEmpty();
        assertThat(s.nodeIds(NodeKind.SERVER)).containsExactly(1, 2);
        assertThat(s.links()).containsExactly(new Link(1, 1, 2, false), new Link(2, 2, 1, false));
        assertThat(s.changes()).hasSize(4).allMatch(c -> c.timeMs() == 0 && c.active());
    }

    @Test
    void simpleStarHasFiveServersAroundAHubThatNoEventActivates()
    {
        final CoracleScenario s = CoracleResources.scenario("simple_star.json");

        assertThat(s.format()).isEqualTo(Format.SIMULATOR);
        assertThat(s.terminationMs()).isEqualTo(1000);
        assertThat(s.consensus().electionTimeoutMinMs()).isEqualTo(60);
        assertThat(s.nodeIds(NodeKind.SERVER)).containsExactly(1, 2, 3, 4, 5);
        assertThat(s.nodeIds(NodeKind.HUB)).containsExactly(6);
        assertThat(s.nodeIds(NodeKind.CLIENT)).isEmpty();
        assertThat(s.links()).hasSize(10).allMatch(l -> l.touches(6) && !l.bidirectional());
        assertThat(s.changes()).noneMatch(c -> c.target() == Target.NODE && c.id() == 6);
        assertThat(s.stateAt(0).nodeActive(6)).as("hubs start up").isTrue();
    }

    @Test
    void trianglesDifferInLinkDirectionAndInTheThirdNode()
    {
        final CoracleScenario uni = CoracleResources.scenario("simple_triangle.json");
        final CoracleScenario bi = CoracleResources.scenario("simple_triangle_bidirectional.json");
        final CoracleScenario client = CoracleResources.scenario("simple_triangle_client.json");

        assertThat(uni.terminationMs()).isEqualTo(400);
        assertThat(uni.links()).hasSize(6).noneMatch(Link::bidirectional);
        assertThat(bi.links()).hasSize(3).allMatch(Link::bidirectional);
        assertThat(bi.link(2)).contains(new Link(2, 1, 3, true));
        assertThat(client.nodeIds(NodeKind.SERVER)).containsExactly(1, 2);
        assertThat(client.nodeIds(NodeKind.CLIENT)).containsExactly(3);
        assertThat(client.workload()).contains(new Workload(100, 150));
        assertThat(client.consensus().clientTimeoutMs()).hasValue(50);
    }

    @Test
    void readsAFileByPathAndNamesItByItsFileName(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("star.json");
        Files.writeString(file, CoracleResources.text("simple_star.json"));

        final CoracleScenario s = CoracleReader.read(file);

        assertThat(s.source()).isEqualTo("star.json");
        assertThat(s.nodes()).hasSize(6);
    }

    @Test
    void webShapeWithoutTopLevelEventsTakesLinkClassesFromLinkEventsAndIgnoresDrawingFields()
    {
        final String json = """
            {"termination": 500, "consensus": {"protocol": "raft", "election_timeout_min": 10,
              "election_timeout_max": 20, "heartbeat_interval": 5, "batch_requests": true, "lazy_update": true},
             "network": {
              "nodes": [{"id": 1, "type": "Server", "cx": 1, "cy": 2, "events": [{"time": 0, "active": true}]},
                        {"id": 2, "type": "Hub", "cx": 3, "cy": 4},
                        {"id": 3, "type": "Client", "cx": 5, "cy": 6,
                         "events": [{"time": 0, "active": true}, {"time": 50, "active": false}]}],
              "links": [{"id": 1, "start": 1, "end": 2, "direction": "bi", "linkSize": 7,
                         "events": [{"time": 0, "active": true, "type": "l"}]},
                        {"id": 2, "start": 3, "end": 2, "direction": "bi",
                         "events": [{"time": 0, "active": true, "type": "m"}, {"time": 10, "active": true, "type": "s"}]}]}}
            """;

        final CoracleScenario s = CoracleReader.read(json, "inline");

        assertThat(s.format()).isEqualTo(Format.WEB_DEMO);
        assertThat(s.consensus().batchRequests()).isTrue();
        assertThat(s.consensus().lazyUpdate()).isTrue();
        assertThat(s.stateAt(0).linkClass(1)).isEqualTo(LinkClass.L);
        assertThat(s.stateAt(0).linkClass(2)).isEqualTo(LinkClass.M);
        assertThat(s.stateAt(10).linkClass(2)).isEqualTo(LinkClass.S);
        assertThat(s.stateAt(49).activeNodes()).isEqualTo(Set.of(1, 2, 3));
        assertThat(s.stateAt(50).activeNodes()).isEqualTo(Set.of(1, 2));
    }
}
