package io.canopus.engine.config;

import io.canopus.transport.MediaDriverMode;
import io.canopus.journal.SyncPolicy;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.topology.ClusterTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ClusterConfigTest
{
    /** The smallest valid file: only the required fields. */
    private static final String MINIMAL = """
        {
          "racks": [
            { "id": 0, "multicast": { "group": "239.255.0.1", "port": 40100 },
              "nodes": [ { "id": 0, "host": "10.0.0.1", "port": 40001, "clientPort": 40501 } ] }
          ]
        }
        """;

    static Path example() throws URISyntaxException
    {
        return Path.of(ClusterConfigTest.class.getResource("/config/example-cluster.json").toURI());
    }

    @Test
    void exampleFileLoadsIntoTopologyAndProtocolConfig() throws Exception
    {
        final ClusterConfig config = ClusterConfig.load(example());

        final ClusterTopology topology = config.topology();
        assertThat(topology.rackCount()).isEqualTo(3);
        assertThat(topology.nodeCount()).isEqualTo(9);
        assertThat(topology.fanout()).isEqualTo(3);
        assertThat(topology.height()).isEqualTo(2);
        assertThat(topology.rackNodes(0)).containsExactly(0, 1, 2);
        assertThat(topology.rackNodes(1)).containsExactly(3, 4, 5);
        assertThat(topology.rackNodes(2)).containsExactly(6, 7, 8);
        assertThat(topology.rackOf(7)).isEqualTo(2);

        final CanopusConfig protocol = config.protocolConfig();
        assertThat(protocol.fanout()).isEqualTo(3);
        assertThat(protocol.pipelineDepth()).isEqualTo(4);
        assertThat(protocol.maxWritesPerProposal()).isEqualTo(1024);
        assertThat(protocol.maxProposalBytes()).isEqualTo(131072);
        assertThat(protocol.heartbeatIntervalNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(2));
        assertThat(protocol.suspicionTimeoutNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
        assertThat(protocol.viewChangeTimeoutNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(15));
        assertThat(protocol.joinRetryNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        // not in the file: CanopusConfig's defaults
        final CanopusConfig defaults = new CanopusConfig();
        assertThat(protocol.tickIntervalNs()).isEqualTo(defaults.tickIntervalNs());
        assertThat(protocol.retransmitTimeoutNs()).isEqualTo(defaults.retransmitTimeoutNs());
        assertThat(protocol.fetchTimeoutNs()).isEqualTo(defaults.fetchTimeoutNs());
        assertThat(protocol.maxPayloadBytes()).isEqualTo(defaults.maxPayloadBytes());
        assertThat(protocol.maxSessions()).isEqualTo(defaults.maxSessions());

        assertThat(config.nodeCount()).isEqualTo(9);
        assertThat(config.rackCount()).isEqualTo(3);
        assertThat(config.endpoint(4)).hasToString("127.0.0.1:20005");
        assertThat(config.clientEndpoint(4)).isEqualTo(new Endpoint("127.0.0.1", 20505));
        assertThat(config.multicastOf(4)).isEqualTo(new MulticastConfig("239.255.10.3", 20101, "127.0.0.1"));
        assertThat(config.rackOf(4).id()).isEqualTo(1);
        assertThat(config.node(8).port()).isEqualTo(20009);
        assertThat(config.journalDirectory(7)).isEqualTo(Path.of("build/journal/node-7"));
        assertThat(config.syncPolicy()).isEqualTo(SyncPolicy.NONE);
        assertThat(config.idleStrategy()).isEqualTo(IdleStrategyType.BACKOFF);
        assertThat(config.driverMode()).isEqualTo(MediaDriverMode.EMBEDDED_INVOKER);
        assertThat(config.aeronDir()).isNull();
        assertThat(config.termLengthBytes()).isEqualTo(1024 * 1024);
        assertThat(config.metricsDirectory()).isEqualTo(Path.of("build/metrics"));
        assertThat(config.metricsIntervalMs()).isEqualTo(1000);
        assertThat(config.source()).endsWith("example-cluster.json");
    }

    @Test
    void optionalFieldsTakeTheirDefaults()
    {
        final ClusterConfig config = ClusterConfig.parse(MINIMAL, "minimal.json");

        assertThat(config.protocol()).isEqualTo(ProtocolSettings.defaults());
        assertThat(ProtocolSettings.fromCanopusConfig(config.protocolConfig()))
            .isEqualTo(ProtocolSettings.fromCanopusConfig(new CanopusConfig()));
        assertThat(config.journal()).isEqualTo(JournalConfig.defaults());
        assertThat(config.journal().pretouchAheadKiB()).isEqualTo(4096);
        assertThat(config.journalDirectory(0)).isEqualTo(Path.of("journal", "node-0"));
        assertThat(config.runtime()).isEqualTo(RuntimeConfig.defaults());
        assertThat(config.metricsDirectory()).isNull();
        assertThat(config.multicastOf(0).interfaceAddress()).isNull();
    }

    @Test
    void racksAndNodesMayBeListedInAnyOrderOfId()
    {
        final String json = """
            {
              "racks": [
                { "id": 1, "multicast": { "group": "239.255.0.3", "port": 40100 },
                  "nodes": [ { "id": 2, "host": "10.0.1.1", "port": 40001, "clientPort": 40501 },
                             { "id": 0, "host": "10.0.1.2", "port": 40001, "clientPort": 40501 } ] },
                { "id": 0, "multicast": { "group": "239.255.0.1", "port": 40100 },
                  "nodes": [ { "id": 1, "host": "rack0-node1.example.com", "port": 40001, "clientPort": 40501 } ] }
              ]
            }
            """;
        final ClusterConfig config = ClusterConfig.parse(json, "shuffled.json");

        final ClusterTopology topology = config.topology();
        assertThat(topology.rackNodes(0)).containsExactly(1);
        assertThat(topology.rackNodes(1)).containsExactly(2, 0);
        assertThat(config.rack(0).multicast().group()).isEqualTo("239.255.0.1");
        assertThat(config.node(1).host()).isEqualTo("rack0-node1.example.com");
        assertThat(config.rackOf(0).id()).isEqualTo(1);
    }

    @Test
    void malformedJsonReportsLineAndColumn()
    {
        final String json = """
            {
              "racks": [
                { "id": 0, "multicast": { "group": "239.255.0.1", "port": 40100 },
                  "nodes": [ { "id": 0, "host": "10.0.0.1", "port": 40001 "clientPort": 40501 } ] }
              ]
            }
            """;
        final ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ClusterConfig.parse(json, "cluster.json"));

        assertThat(ex.line()).isEqualTo(4);
        assertThat(ex.column()).isEqualTo(63);
        assertThat(ex.path()).isEqualTo("racks[0].nodes[0].port");
        assertThat(ex.getMessage())
            .startsWith("cluster.json:4:63: racks[0].nodes[0].port: malformed JSON: unexpected character '\"'")
            .contains("a missing comma?");
    }

    @Test
    void unknownFieldIsNamedWithItsPlaceAndTheKnownFields()
    {
        final String json = MINIMAL.replace("\"clientPort\": 40501", "\"clientPort\": 40501, \"clinetPort\": 1");

        final ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ClusterConfig.parse(json, "cluster.json"));

        assertThat(ex.source()).isEqualTo("cluster.json");
        assertThat(ex.path()).isEqualTo("racks[0].nodes[0].clinetPort");
        assertThat(ex.line()).isEqualTo(4);
        assertThat(ex.column()).isPositive();
        assertThat(ex.getMessage())
            .startsWith("cluster.json:4:")
            .contains("racks[0].nodes[0].clinetPort: unknown field \"clinetPort\" in a node")
            .contains("known fields: clientPort, host, id, port")
            .contains("did you mean \"clientPort\"?");
    }

    @Test
    void validationReportsEveryProblemAtOnceWithLocations()
    {
        final String json = """
            {
              "cluster": { "pipelineDepth": 0 },
              "racks": [
                { "id": 0, "multicast": { "group": "239.255.0.2", "port": 40100 },
                  "nodes": [ { "id": 0, "host": "10.0.0.1", "port": 70000, "clientPort": 40501 } ] }
              ],
              "runtime": { "termLengthKiB": 100 }
            }
            """;
        final ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ClusterConfig.parse(json, "many.json"));

        assertThat(ex.problems()).extracting(ConfigException.Problem::path).containsExactly(
            "cluster.pipelineDepth", "racks[0].multicast.group", "racks[0].nodes[0].port", "runtime.termLengthKiB");
        assertThat(ex.problems()).extracting(ConfigException.Problem::line).containsExactly(2, 4, 5, 7);
        assertThat(ex.getMessage()).startsWith("many.json: 4 problems").contains("many.json:5:57: racks[0].nodes[0].port: 70000 is out of range");
    }

    @Test
    void missingFileAndNonUtf8AreConfigExceptions(@TempDir final Path dir) throws Exception
    {
        final Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> ClusterConfig.load(missing))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("nope.json")
            .hasMessageContaining("no such file");

        final Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[]{'{', '"', (byte)0xE9, '"', ':', '1', '}'});
        assertThatThrownBy(() -> ClusterConfig.load(latin1))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("latin1.json")
            .hasMessageContaining("not UTF-8");
    }

    @Test
    void localClusterRoundTripsThroughAFile(@TempDir final Path dir)
    {
        final ClusterConfig generated = ClusterConfig.localCluster(3, 3, 40000)
            .withJournal(new JournalConfig("build/j", SyncPolicy.period(5), 0))
            .withRuntime(new RuntimeConfig(IdleStrategyType.BUSY_SPIN, MediaDriverMode.EXTERNAL, "/dev/shm/aeron", 65536, "m", 250));
        final Path file = dir.resolve("cluster.json");
        generated.write(file);

        final ClusterConfig loaded = ClusterConfig.load(file);

        assertThat(loaded).isEqualTo(generated).hasSameHashCodeAs(generated);
        assertThat(loaded.toJson()).isEqualTo(generated.toJson());
        assertThat(loaded.syncPolicy()).hasToString("5ms");
        assertThat(loaded.journal().pretouchAheadKiB()).as("0: no pretouch thread").isZero();
        assertThat(generated.toJson()).contains("\"sync\" : \"5ms\"", "\"driverMode\" : \"external\"", "\"interface\" : \"127.0.0.1\"");
    }

    @Test
    void localClusterLayout()
    {
        final ClusterConfig config = ClusterConfig.localCluster(2, 3, 41000);

        assertThat(config.source()).isEqualTo("localCluster(2, 3, 41000)");
        assertThat(config.node(4)).isEqualTo(new NodeConfig(4, "127.0.0.1", 41004, 41010));
        assertThat(config.rack(1).multicast()).isEqualTo(new MulticastConfig("239.255.0.3", 41013, "127.0.0.1"));
        assertThat(config.topology().rackNodes(1)).containsExactly(3, 4, 5);
        assertThatThrownBy(() -> ClusterConfig.localCluster(2, 3, 65530))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("is out of range; accepted: a port 1..65535");
        assertThatThrownBy(() -> ClusterConfig.localCluster(1, 65, 30000))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("racks[0].nodes: 65 nodes; accepted: at most 64");
    }

    @Test
    void configsBuiltInCodeAreValidatedWithFilePaths()
    {
        final List<RackConfig> racks = List.of(new RackConfig(0, new MulticastConfig("239.255.0.1", 40100, null),
            List.of(new NodeConfig(0, "10.0.0.1", 40001, 40501))));
        final ProtocolSettings tooShallow = ProtocolSettings.defaults().withPipelineDepth(0);

        final ConfigException ex = catchThrowableOfType(ConfigException.class,
            () -> ClusterConfig.of(tooShallow, racks, JournalConfig.defaults(), RuntimeConfig.defaults()));

        assertThat(ex.source()).isEqualTo(ClusterConfig.IN_MEMORY_SOURCE);
        assertThat(ex.line()).isEqualTo(-1);
        assertThat(ex.getMessage()).isEqualTo("<in-memory>: cluster.pipelineDepth: 0 is out of range; accepted: 1..64 cycles in flight");

        final ClusterConfig ok = ClusterConfig.of(ProtocolSettings.defaults().withFanout(4), racks, JournalConfig.defaults(), RuntimeConfig.defaults());
        assertThat(ok.topology().fanout()).isEqualTo(4);
        assertThat(ClusterConfig.parse(ok.toJson(), "again.json")).isEqualTo(ok);
    }

    @Test
    void protocolMessagesAreMappedToTheirClusterField()
    {
        assertThat(ConfigValidator.protocolField("maxPayloadBytes must be 16..16384, was 8")).isEqualTo("cluster.maxPayloadBytes");
        assertThat(ConfigValidator.protocolField("suspicionTimeoutNs must exceed twice retransmitTimeoutNs")).isEqualTo("cluster.suspicionTimeoutMs");
        assertThat(ConfigValidator.protocolField("tickIntervalNs must be positive")).isEqualTo("cluster.tickIntervalUs");
        assertThat(ConfigValidator.protocolField("something else")).isEqualTo("cluster");
    }

    @Test
    void protocolSettingsConvertBothWays()
    {
        final CanopusConfig custom = new CanopusConfig().fanout(5).heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(3))
            .tickIntervalNs(TimeUnit.MICROSECONDS.toNanos(100));
        final ProtocolSettings settings = ProtocolSettings.fromCanopusConfig(custom);

        assertThat(settings.fanout()).isEqualTo(5);
        assertThat(settings.heartbeatIntervalMs()).isEqualTo(3);
        assertThat(settings.tickIntervalUs()).isEqualTo(100);
        assertThat(ProtocolSettings.fromCanopusConfig(settings.toCanopusConfig())).isEqualTo(settings);
        assertThatThrownBy(() -> ProtocolSettings.fromCanopusConfig(new CanopusConfig().heartbeatIntervalNs(2_500_000)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("heartbeatIntervalNs");
    }
}
