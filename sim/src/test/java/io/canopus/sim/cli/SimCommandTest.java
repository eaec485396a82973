package io.canopus.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return CanopusCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--racks, 0, --racks must be 1..64",
        "--nodes-per-rack, 65, --nodes-per-rack must be 1..64",
        "--seconds, -1, --seconds must be > 0",
        "--faults, sometimes, --faults must be 'none' or 'random'",
        "--fanout, 1, --fanout must be at least 2",
        "--seed, abc, Invalid value for option '--seed'",
        "--bogus, 1, Unknown option"})
    void badArgumentsExitTwoWithAClearMessage(final String option, final String value, final String message)
    {
        assertThat(run("sim", option, value)).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains(message);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingSubcommandIsAUsageError()
    {
        assertThat(run()).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("subcommand is required");
    }

    @Test
    void jsonHasTheDocumentedFieldsAndIsReproducible() throws Exception
    {
        final String[] args = {"sim", "--racks", "3", "--nodes-per-rack", "3", "--seconds", "0.6", "--seed", "5", "--faults", "random", "--json"};
        assertThat(run(args)).isZero();
        final JsonNode first = new ObjectMapper().readTree(out.toString());
        for (final String field : new String[]{"seed", "protocol", "digest", "committedWrites", "throughputPerSec", "latencyUs",
            "verdicts", "network", "wallMs", "eventsPerSec"})
        {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("seed").asLong()).isEqualTo(5);
        assertThat(first.get("protocol").asText()).isEqualTo("canopus");
        for (final String p : new String[]{"p50", "p99", "p999", "max"})
        {
            assertThat(first.get("latencyUs").has(p)).as(p).isTrue();
        }
        for (final String v : new String[]{"agreement", "linearizable", "exactlyOnce", "liveness"})
        {
            assertThat(first.get("verdicts").get(v).asText()).as(v).isEqualTo("ok");
        }
        for (final String n : new String[]{"messagesSent", "messagesDropped", "bytesSent"})
        {
            assertThat(first.get("network").get(n).asLong()).as(n).isNotNegative();
        }
        assertThat(first.get("committedWrites").asLong()).isPositive();

        out.getBuffer().setLength(0);
        assertThat(run(args)).isZero();
        final JsonNode second = new ObjectMapper().readTree(out.toString());
        assertThat(second.get("digest")).isEqualTo(first.get("digest"));
        assertThat(second.get("committedWrites")).isEqualTo(first.get("committedWrites"));
    }

    @Test
    void humanSummaryNamesTheVerdicts()
    {
        assertThat(run("sim", "--racks", "1", "--nodes-per-rack", "3", "--seconds", "0.3")).isZero();
        assertThat(out.toString()).contains("agreement=ok", "linearizable=ok", "exactlyOnce=ok", "liveness=ok", "digest=");
    }

    @Test
    void helpDescribesEveryOption()
    {
        assertThat(run("sim", "--help")).isZero();
        assertThat(out.toString()).contains("--racks", "--nodes-per-rack", "--seconds", "--seed", "--faults", "--json", "Exit status");
    }

    @Test
    void runsACoracleFileWithItsOwnSeedAndTermination() throws Exception
    {
        final Path file = Path.of("src/test/resources/coracle/simple_triangle_client.json");
        assertThat(run("sim", "--coracle", file.toString(), "--protocol", "canopus", "--json")).isZero();
        final JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("protocol").asText()).isEqualTo("canopus");
        assertThat(json.get("nodes").asInt()).isEqualTo(2);
        assertThat(json.get("simulatedSeconds").asDouble()).isEqualTo(1.0);
        assertThat(json.get("faults").asText()).isEqualTo("scenario");
        assertThat(json.get("committedWrites").asLong()).isPositive();
        assertThat(json.get("verdicts").get("liveness").asText()).isEqualTo("ok");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--racks 2|cannot be combined with --coracle",
        "--protocol paxos|--protocol 'paxos' is not one of",
        "--faults random|--faults cannot be combined with --coracle"})
    void coracleRejectsConflictingOptions(final String extra, final String message)
    {
        final String[] parts = extra.split(" ");
        assertThat(run("sim", "--coracle", "src/test/resources/coracle/simple_pair.json", parts[0], parts[1])).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void aMissingOrBrokenCoracleFileIsAUsageErrorNamingIt(@TempDir final Path dir) throws Exception
    {
        assertThat(run("sim", "--coracle", dir.resolve("absent.json").toString())).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("absent.json");
        final Path broken = Files.writeString(dir.resolve("broken.json"), "{\"termination\": 10,");
        assertThat(run("sim", "--coracle", broken.toString())).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("broken.json").contains("malformed JSON");
    }

    @Test
    void anUnknownProtocolOrPreVoteWithoutRaftIsABadArgument()
    {
        assertThat(run("sim", "--protocol", "paxos")).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--protocol must be raft or canopus");
        assertThat(run("sim", "--pre-vote", "--seconds", "0.1")).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--pre-vote is a Raft option");
    }

    @Test
    void aGeneratedClusterRunsRaftAndReportsItsElections() throws Exception
    {
        assertThat(run("sim", "--protocol", "raft", "--pre-vote", "--racks", "1", "--nodes-per-rack", "5", "--seconds", "0.3",
            "--faults", "random", "--json")).as(err.toString()).isZero();
        final com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.get("protocol").asText()).isEqualTo("raft");
        assertThat(json.at("/verdicts/agreement").asText()).isEqualTo("ok");
        assertThat(json.at("/stats/protocol/timeToFirstLeaderMs").isNumber()).isTrue();
        assertThat(json.at("/stats/protocol/electionsStarted").asLong()).isPositive();
        assertThat(json.at("/stats/protocol/highestTerm").asLong()).isPositive();
        assertThat(json.at("/stats/protocol/messages/AppendEntries").asLong()).isPositive();
        assertThat(json.at("/stats/client/succeeded").asLong()).isPositive();
    }

    @Test
    void compareRunsACoracleFileUnderEveryProtocolSideBySide(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception
    {
        final java.nio.file.Path file = dir.resolve("send_only_server.json");
        try (java.io.InputStream in = getClass().getResourceAsStream("/pathologies/send_only_server.json"))
        {
            java.nio.file.Files.copy(in, file);
        }
        final int status = run("sim", "--coracle", file.toString(), "--compare", "--json", "--report", dir.resolve("r").toString());
        assertThat(status).as("canopus commits nothing on this network: liveness violated").isEqualTo(CanopusCli.EXIT_VIOLATION);
        final com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.get("runs")).hasSize(3);
        assertThat(json.at("/runs/0/name").asText()).isEqualTo("raft");
        assertThat(json.at("/runs/1/name").asText()).isEqualTo("raft pre-vote");
        assertThat(json.at("/runs/0/result/stats/protocol/highestTerm").asLong())
            .isGreaterThan(json.at("/runs/1/result/stats/protocol/highestTerm").asLong());
        assertThat(java.nio.file.Files.readString(dir.resolve("r/report.html"))).contains("raft pre-vote", "canopus");
        assertThat(run("sim", "--coracle", file.toString(), "--compare", "--protocol", "raft")).isEqualTo(CanopusCli.EXIT_USAGE);
    }

    @Test
    void configRunsOurOwnFormatAndRefusesOptionsTheFileDecides() throws Exception
    {
        final String file = java.nio.file.Path.of("..", "docs", "examples", "partition-schedule.json").toString();
        assertThat(run("sim", "--config", file, "--json")).as(err.toString()).isZero();
        final com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.get("protocol").asText()).isEqualTo("raft");
        assertThat(json.at("/stats/network/droppedNoPath").asLong()).isPositive();
        assertThat(run("sim", "--config", file, "--racks", "2")).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--racks cannot be combined with --config");
        assertThat(run("sim", "--config", "no-such-file.json")).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("no-such-file.json");
    }
}
