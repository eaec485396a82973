package io.canopus.sim.config;

import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkConfigTest
{
    /** The documented examples, run as shipped (the module's tests run in {@code sim/}). */
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    private static SimResult run(final NetworkConfig config)
    {
        return Simulation.run(NetworkConfigRun.configure(config, OptionalLong.empty()).build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"datacenter-3x3.json", "partition-schedule.json", "random-faults.json", "wan-jitter.json"})
    void everyDocumentedExampleRunsWithAllVerdictsOk(final String file)
    {
        final NetworkConfig config = NetworkConfigReader.read(EXAMPLES.resolve(file));
        final SimResult result = run(config);
        assertThat(result.allOk()).as("%s:%n%s", file, result.summary()).isTrue();
        assertThat(result.committedWrites()).isPositive();
    }

    @Test
    void linkEventsCutAndRestorePathsAndServersCrashAndRestart()
    {
        final SimResult result = run(NetworkConfigReader.read(EXAMPLES.resolve("partition-schedule.json")));
        assertThat(result.stats().network().droppedNoPath()).as("rack 3 cut off from 150 to 300 ms").isPositive();
        assertThat(result.stats().series().upDown()).anyMatch(u -> !u.up()).anyMatch(u -> u.up() && u.timeNs() > 0);
        // Every physical link direction is accounted for, and the uplinks carried the inter-rack traffic.
        assertThat(result.stats().wires()).hasSize(2 * config("partition-schedule.json").links().size());
        assertThat(result.stats().wires()).filteredOn(w -> w.link() == uplinkIndex("uplink1")).allMatch(w -> w.bytes() > 0);
    }

    private static NetworkConfig config(final String file)
    {
        return NetworkConfigReader.read(EXAMPLES.resolve(file));
    }

    private static int uplinkIndex(final String name)
    {
        final java.util.List<NetworkConfig.Link> links = config("partition-schedule.json").links();
        for (int i = 0; i < links.size(); i++)
        {
            if (links.get(i).name().equals(name))
            {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void randomFaultsComeFromTheFaultsSection()
    {
        final SimResult result = run(NetworkConfigReader.read(EXAMPLES.resolve("random-faults.json")));
        assertThat(result.faults()).isNotEmpty();
        assertThat(result.workload().arrivalsMissed()).as("the open loop offered more than it could place").isNotNegative();
    }

    @Test
    void bandwidthShowsInLatency() throws Exception
    {
        final String fast = Files.readString(EXAMPLES.resolve("datacenter-3x3.json"));
        final String slow = fast.replace("\"bandwidthGbps\": 10", "\"bandwidthGbps\": 0.05");
        assertThat(slow).isNotEqualTo(fast);
        final SimResult fastRun = run(NetworkConfigReader.read(fast, "fast"));
        final SimResult slowRun = run(NetworkConfigReader.read(slow, "slow"));
        // At 50 Mb/s a 100-byte frame takes 16 us to serialize on every hop, and the host links queue.
        assertThat(slowRun.latency().count()).isPositive();
        assertThat(slowRun.latency().p50Us()).as("fast p50 %d us", fastRun.latency().p50Us())
            .isGreaterThan(2 * fastRun.latency().p50Us());
    }

    private static final String MINIMAL = """
        {"durationMs": 100,
         "racks": [["a", "b", "c"]],
         "hubs": ["tor"],
         "links": [{"between": ["a", "tor"], "latencyUs": 5}, {"between": ["b", "tor"], "latencyUs": 5},
                   {"between": ["c", "tor"], "latencyUs": 5}]}
        """;

    @Test
    void aMinimalFileNeedsOnlyDurationRacksAndLinks()
    {
        final NetworkConfig config = NetworkConfigReader.read(MINIMAL, "minimal");
        assertThat(config.serverCount()).isEqualTo(3);
        assertThat(config.protocol().name()).isEqualTo("canopus");
        final SimResult result = run(config);
        assertThat(result.allOk()).as(result.summary()).isTrue();
    }

    private static void assertRejected(final String json, final String path, final String reason)
    {
        assertThatThrownBy(() -> NetworkConfigReader.read(json, "t.json"))
            .isInstanceOf(NetworkConfigException.class)
            .hasMessageContaining("t.json: " + path + ": ")
            .hasMessageContaining(reason);
    }

    @Test
    void badFilesAreRejectedNamingTheJsonPath()
    {
        assertRejected("{", "$", "not valid JSON");
        assertRejected("[]", "$", "must be a JSON object");
        assertRejected(MINIMAL.replace("\"durationMs\": 100,", ""), "$.durationMs", "missing");
        assertRejected(MINIMAL.replace("\"durationMs\"", "\"duration\""), "$.duration", "unknown field");
        assertRejected(MINIMAL.replace("[\"c\", \"tor\"]", "[\"c\", \"nowhere\"]"), "$.links[2].between[1]", "no server, client or hub");
        assertRejected(MINIMAL.replace("[\"c\", \"tor\"]", "[\"c\", \"c\"]"), "$.links[2].between", "two different nodes");
        assertRejected(MINIMAL.replace("[\"c\", \"tor\"]", "[\"a\", \"b\"]"), "$.links", "server 'c' has no link");
        assertRejected(MINIMAL.replace("\"hubs\": [\"tor\"]", "\"hubs\": [\"a\"]"), "$.hubs[0]", "named twice");
        assertRejected(MINIMAL.replace("\"latencyUs\": 5}, {", "\"latencyUs\": -1}, {"), "$.links[0].latencyUs", "must be a number");
        assertRejected(MINIMAL.replace("\"latencyUs\": 5}, {", "\"latencyUs\": {\"distribution\": \"zipf\", \"meanUs\": 5}}, {"),
            "$.links[0].latencyUs.distribution", "fixed, uniform, normal or exponential");
        assertRejected(MINIMAL.replace("\"latencyUs\": 5}, {", "\"latencyUs\": {\"distribution\": \"uniform\", \"meanUs\": 5, \"jitterUs\": 9}}, {"),
            "$.links[0].latencyUs", "could be negative");
        assertRejected(MINIMAL.replace("\"durationMs\": 100,", "\"durationMs\": 100, \"events\": [{\"atMs\": 50, \"link\": \"x\", \"up\": false}],"),
            "$.events[0].link", "no link is named 'x'");
        assertRejected(MINIMAL.replace("\"durationMs\": 100,",
            "\"durationMs\": 100, \"events\": [{\"atMs\": 50, \"node\": \"a\", \"up\": false}, {\"atMs\": 40, \"node\": \"a\", \"up\": true}],"),
            "$.events[1].atMs", "time order");
        assertRejected(MINIMAL.replace("\"durationMs\": 100,", "\"durationMs\": 100, \"workload\": {\"keys\": 5},"),
            "$.workload", "needs clients");
        assertRejected(MINIMAL.replace("\"durationMs\": 100,", "\"durationMs\": 100, \"protocol\": {\"name\": \"paxos\"},"),
            "$.protocol.name", "'canopus' or 'raft'");
        assertRejected(MINIMAL.replace("\"durationMs\": 100,", "\"durationMs\": 100, \"protocol\": {\"name\": \"canopus\", \"preVote\": true},"),
            "$.protocol.preVote", "Raft option");
    }
}
