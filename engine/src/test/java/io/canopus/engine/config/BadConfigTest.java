package io.canopus.engine.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * One small bad config per mistake: the error names the source, a line, the JSON path of the
 * field and the reason. Most cases change one thing in {@link #VALID}.
 */
class BadConfigTest
{
    /** Two racks on six hosts; every case below breaks it in one place. */
    static final String VALID = """
        {
          "cluster": { "fanout": 3, "pipelineDepth": 4, "heartbeatIntervalMs": 2, "suspicionTimeoutMs": 40 },
          "racks": [
            { "id": 0, "multicast": { "group": "239.255.0.1", "port": 40100, "interface": "10.0.0.0/24" },
              "nodes": [ { "id": 0, "host": "10.0.0.1", "port": 40001, "clientPort": 40501 },
                         { "id": 1, "host": "10.0.0.2", "port": 40001, "clientPort": 40501 } ] },
            { "id": 1, "multicast": { "group": "239.255.0.3", "port": 40100 },
              "nodes": [ { "id": 2, "host": "10.0.1.1", "port": 40001, "clientPort": 40501 } ] }
          ],
          "journal": { "directory": "journal", "sync": "none" },
          "runtime": { "idleStrategy": "backoff", "driverMode": "embedded-invoker", "aeronDir": null, "termLengthKiB": 1024,
                       "metricsDirectory": null, "metricsIntervalMs": 1000 }
        }
        """;

    private static final String NODE0 = "{ \"id\": 0, \"host\": \"10.0.0.1\", \"port\": 40001, \"clientPort\": 40501 }";
    private static final String NODE1 = "{ \"id\": 1, \"host\": \"10.0.0.2\", \"port\": 40001, \"clientPort\": 40501 }";
    private static final String NODE2 = "{ \"id\": 2, \"host\": \"10.0.1.1\", \"port\": 40001, \"clientPort\": 40501 }";
    private static final String RACK1_MULTICAST = "{ \"group\": \"239.255.0.3\", \"port\": 40100 }";

    static Stream<Arguments> badConfigs()
    {
        return Stream.of(
            // --- the shape of the racks
            bad("empty racks", """
                { "racks": [] }
                """, "racks", "no rack; accepted: at least one rack"),
            bad("racks missing", """
                { "cluster": { "fanout": 3 } }
                """, "racks", "required field is missing; expected an array of racks"),
            bad("rack without nodes", replace("\"nodes\": [ " + NODE2 + " ]", "\"nodes\": [ ]"), "racks[1].nodes",
                "no node; accepted: at least 1 node in a rack"),
            bad("rack nodes missing", replace(RACK1_MULTICAST + ",", RACK1_MULTICAST).replace("\"nodes\": [ " + NODE2 + " ]", ""),
                "racks[1].nodes", "required field is missing"),
            bad("rack multicast missing", replace("\"multicast\": " + RACK1_MULTICAST + ",", ""), "racks[1].multicast",
                "required field is missing; expected an object {\"group\""),
            bad("duplicate rack id", replace("{ \"id\": 1, \"multicast\"", "{ \"id\": 0, \"multicast\""), "racks[1].id",
                "duplicate rack id 0, also at racks[0].id"),
            bad("rack id out of range", replace("{ \"id\": 1, \"multicast\"", "{ \"id\": 2, \"multicast\""), "racks[1].id",
                "rack id 2 is out of range; accepted: rack ids 0..1"),
            bad("rack above MAX_RACK_SIZE", bigRack(65), "racks[0].nodes", "65 nodes; accepted: at most 64 nodes in a rack"),
            bad("more than MAX_NODES", manyRacks(17, 61), "racks", "1037 nodes in all; accepted: at most 1024 nodes"),

            // --- node ids
            bad("duplicate node id", replace(NODE2, NODE2.replace("\"id\": 2", "\"id\": 1")), "racks[1].nodes[0].id",
                "duplicate node id 1, also at racks[0].nodes[1].id"),
            bad("node ids with a gap", replace(NODE2, NODE2.replace("\"id\": 2", "\"id\": 3")), "racks[1].nodes[0].id",
                "node id 3 is out of range; accepted: node ids 0..2 (there are 3 nodes), each used exactly once"),
            bad("negative node id", replace(NODE0, NODE0.replace("\"id\": 0", "\"id\": -1")), "racks[0].nodes[0].id",
                "node id -1 is out of range"),

            // --- ports
            bad("port above 65535", replace(NODE0, NODE0.replace("40001", "70000")), "racks[0].nodes[0].port",
                "70000 is out of range; accepted: a port 1..65535"),
            bad("port 0", replace(NODE1, NODE1.replace("40001", "0")), "racks[0].nodes[1].port", "0 is out of range"),
            bad("negative client port", replace(NODE2, NODE2.replace("40501", "-4")), "racks[1].nodes[0].clientPort",
                "-4 is out of range; accepted: a port 1..65535"),
            bad("multicast port 0", replace(RACK1_MULTICAST, RACK1_MULTICAST.replace("40100", "0")), "racks[1].multicast.port",
                "0 is out of range"),
            bad("two nodes on one host:port", replace(NODE1, NODE1.replace("10.0.0.2", "10.0.0.1")), "racks[0].nodes[1].port",
                "10.0.0.1:40001 is already used by racks[0].nodes[0].port"),
            bad("client port equals node port", replace(NODE0, NODE0.replace("40501", "40001")), "racks[0].nodes[0].clientPort",
                "10.0.0.1:40001 is already used by racks[0].nodes[0].port; accepted: node ports, client ports and multicast ports"),
            bad("multicast port equals a node port", replace("\"port\": 40100, \"interface\"", "\"port\": 40501, \"interface\""),
                "racks[0].multicast.port", "10.0.0.1:40501 is already used by racks[0].nodes[0].clientPort"),
            bad("racks sharing a host and a multicast port", replace(NODE2, NODE2.replace("10.0.1.1\", \"port\": 40001, \"clientPort\": 40501",
                "10.0.0.1\", \"port\": 40002, \"clientPort\": 40502")), "racks[1].multicast.port",
                "port 40100 on host 10.0.0.1 is also the multicast port of racks[0].multicast.port"),

            // --- hosts
            bad("host with an octet above 255", replace(NODE0, NODE0.replace("10.0.0.1", "10.0.0.256")), "racks[0].nodes[0].host",
                "\"10.0.0.256\" is neither a literal IPv4 address nor a valid host name; accepted: a literal IPv4 address"),
            bad("host with a space", replace(NODE0, NODE0.replace("10.0.0.1", "node 1")), "racks[0].nodes[0].host",
                "\"node 1\" is neither a literal IPv4 address nor a valid host name"),
            bad("host with a port", replace(NODE0, NODE0.replace("10.0.0.1", "10.0.0.1:40001")), "racks[0].nodes[0].host",
                "is neither a literal IPv4 address nor a valid host name"),
            bad("empty host", replace(NODE0, NODE0.replace("10.0.0.1", "")), "racks[0].nodes[0].host",
                "\"\" is neither a literal IPv4 address nor a valid host name"),
            bad("wildcard host", replace(NODE0, NODE0.replace("10.0.0.1", "0.0.0.0")), "racks[0].nodes[0].host",
                "0.0.0.0 is not an address peers can send to"),
            bad("multicast host", replace(NODE0, NODE0.replace("10.0.0.1", "239.1.1.1")), "racks[0].nodes[0].host",
                "239.1.1.1 is a multicast or reserved address"),
            bad("IPv6 host", replace(NODE0, NODE0.replace("10.0.0.1", "::1")), "racks[0].nodes[0].host",
                "\"::1\" is neither a literal IPv4 address nor a valid host name"),

            // --- multicast groups
            bad("group not multicast", replace("239.255.0.3", "10.1.1.1"), "racks[1].multicast.group",
                "10.1.1.1 is not a multicast address; accepted: an IPv4 address in 224.0.0.0/4"),
            bad("group with even last octet", replace("239.255.0.3", "239.255.0.4"), "racks[1].multicast.group",
                "239.255.0.4 has an even last octet; accepted: an odd last octet 1..253"),
            bad("group ending in 255", replace("239.255.0.3", "239.255.0.255"), "racks[1].multicast.group",
                "239.255.0.255 ends in 255; accepted: an odd last octet 1..253"),
            bad("group given as a name", replace("239.255.0.3", "mcast.example.com"), "racks[1].multicast.group",
                "\"mcast.example.com\" is not a literal IPv4 address"),
            bad("two racks on one group:port", replace("239.255.0.3", "239.255.0.1"), "racks[1].multicast",
                "239.255.0.1:40100 is also the group of racks[0].multicast; accepted: a multicast group:port of its own for each rack"),
            bad("interface by name", replace("10.0.0.0/24", "eth0"), "racks[0].multicast.interface",
                "\"eth0\" is not an interface address; accepted: a literal IPv4 address with an optional /prefix"),
            bad("interface prefix too long", replace("10.0.0.0/24", "10.0.0.0/33"), "racks[0].multicast.interface",
                "is not an interface address"),

            // --- protocol settings
            bad("fanout 1", replace("\"fanout\": 3", "\"fanout\": 1"), "cluster.fanout", "1 is too small; accepted: an integer >= 2"),
            bad("pipelineDepth 0", replace("\"pipelineDepth\": 4", "\"pipelineDepth\": 0"), "cluster.pipelineDepth",
                "0 is out of range; accepted: 1..64 cycles in flight"),
            bad("pipelineDepth 65", replace("\"pipelineDepth\": 4", "\"pipelineDepth\": 65"), "cluster.pipelineDepth", "65 is out of range"),
            bad("heartbeat 0", replace("\"heartbeatIntervalMs\": 2", "\"heartbeatIntervalMs\": 0"), "cluster.heartbeatIntervalMs",
                "0 is not positive; accepted: a whole number of milliseconds > 0"),
            bad("suspicion negative", replace("\"suspicionTimeoutMs\": 40", "\"suspicionTimeoutMs\": -40"), "cluster.suspicionTimeoutMs",
                "-40 is not positive"),
            bad("view change timeout 0", cluster("\"viewChangeTimeoutMs\": 0"), "cluster.viewChangeTimeoutMs", "0 is not positive"),
            bad("join retry 0", cluster("\"joinRetryMs\": 0"), "cluster.joinRetryMs", "0 is not positive"),
            bad("tick interval 0", cluster("\"tickIntervalUs\": 0"), "cluster.tickIntervalUs",
                "0 is not positive; accepted: a whole number of microseconds > 0"),
            bad("retransmit timeout 0", cluster("\"retransmitTimeoutUs\": 0"), "cluster.retransmitTimeoutUs", "0 is not positive"),
            bad("fetch timeout 0", cluster("\"fetchTimeoutUs\": 0"), "cluster.fetchTimeoutUs", "0 is not positive"),
            bad("suspicion not above heartbeat", replace("\"heartbeatIntervalMs\": 2", "\"heartbeatIntervalMs\": 40"),
                "cluster.suspicionTimeoutMs", "40 ms is not greater than cluster.heartbeatIntervalMs (40 ms)"),
            bad("suspicion not above twice retransmit", cluster("\"retransmitTimeoutUs\": 20000"), "cluster.suspicionTimeoutMs",
                "40 ms is not greater than twice cluster.retransmitTimeoutUs (20000 us)"),
            bad("payload too small for the protocol", cluster("\"maxPayloadBytes\": 8"), "cluster.maxPayloadBytes",
                "rejected by the protocol: maxPayloadBytes must be 16..16384, was 8"),
            bad("too many writes per proposal", cluster("\"maxWritesPerProposal\": 5000"), "cluster.maxWritesPerProposal",
                "rejected by the protocol: maxWritesPerProposal must be 1..4096, was 5000"),
            bad("no representative", cluster("\"representatives\": 0"), "cluster.representatives",
                "rejected by the protocol: representatives must be at least 1"),
            bad("proposal larger than an Aeron message", cluster("\"maxProposalBytes\": 1048576"), "cluster.maxProposalBytes",
                "1048576 bytes does not fit one Aeron message with runtime.termLengthKiB 1024 (largest message = term length / 8 = 131072 bytes); " +
                "accepted: at most 131072, or raise runtime.termLengthKiB to at least 8192"),

            // --- journal
            bad("unknown sync policy", replace("\"sync\": \"none\"", "\"sync\": \"always\""), "journal.sync",
                "bad sync policy \"always\"; accepted: \"none\", \"cycle\" or \"<N>ms\" with N > 0"),
            bad("sync period 0", replace("\"sync\": \"none\"", "\"sync\": \"0ms\""), "journal.sync", "bad sync policy \"0ms\"; accepted"),
            bad("sync period in seconds", replace("\"sync\": \"none\"", "\"sync\": \"1s\""), "journal.sync", "bad sync policy \"1s\""),
            bad("empty journal directory", replace("\"directory\": \"journal\"", "\"directory\": \" \""), "journal.directory",
                "empty; accepted: a directory path"),
            bad("negative pretouch distance", replace("\"sync\": \"none\"", "\"sync\": \"none\", \"pretouchAheadKiB\": -1"),
                "journal.pretouchAheadKiB", "-1 is not accepted; accepted: 0 (no pretouch thread) to 16384 KiB"),
            bad("pretouch distance past the window", replace("\"sync\": \"none\"", "\"sync\": \"none\", \"pretouchAheadKiB\": 16385"),
                "journal.pretouchAheadKiB", "16385 is not accepted; accepted: 0 (no pretouch thread) to 16384 KiB"),
            bad("pretouch distance as a string", replace("\"sync\": \"none\"", "\"sync\": \"none\", \"pretouchAheadKiB\": \"4096\""),
                "journal.pretouchAheadKiB", "KiB from 0 (no pretouch thread) to 16384"),

            // --- runtime
            bad("unknown idle strategy", replace("\"idleStrategy\": \"backoff\"", "\"idleStrategy\": \"spin\""), "runtime.idleStrategy",
                "\"spin\" is not an idle strategy; accepted: \"busy-spin\", \"yield\", \"backoff\", \"sleeping\""),
            bad("unknown driver mode", replace("\"driverMode\": \"embedded-invoker\"", "\"driverMode\": \"invoker\""), "runtime.driverMode",
                "\"invoker\" is not a driver mode; accepted: \"embedded-invoker\", \"embedded-shared\", \"embedded-dedicated\", \"external\""),
            bad("external driver without aeronDir", replace("\"driverMode\": \"embedded-invoker\"", "\"driverMode\": \"external\""),
                "runtime.aeronDir", "required when runtime.driverMode is \"external\"; accepted: the directory of the running media driver"),
            bad("term length not a power of two", replace("\"termLengthKiB\": 1024", "\"termLengthKiB\": 1000"), "runtime.termLengthKiB",
                "1000 is not accepted; accepted: a power of two from 64 to 1048576"),
            bad("term length below 64 KiB", replace("\"termLengthKiB\": 1024", "\"termLengthKiB\": 32"), "runtime.termLengthKiB",
                "32 is not accepted"),
            bad("term length above 1 GiB", replace("\"termLengthKiB\": 1024", "\"termLengthKiB\": 2097152"), "runtime.termLengthKiB",
                "2097152 is not accepted"),
            bad("metrics interval 0", replace("\"metricsIntervalMs\": 1000", "\"metricsIntervalMs\": 0"), "runtime.metricsIntervalMs",
                "0 is not positive"),

            // --- binding: types, nulls, unknown and missing fields
            bad("unknown protocol field", replace("\"fanout\": 3", "\"fanOut\": 3"), "cluster.fanOut",
                "unknown field \"fanOut\" in \"cluster\"; known fields: fanout, fetchTimeoutUs, heartbeatIntervalMs"),
            bad("unknown runtime field", replace("\"aeronDir\": null", "\"aeronDirectory\": null"), "runtime.aeronDirectory",
                "unknown field \"aeronDirectory\" in \"runtime\"; known fields: aeronDir, driverMode"),
            bad("port as a string", replace(NODE0, NODE0.replace("40001", "\"40001\"")), "racks[0].nodes[0].port",
                "wrong type: found the string \"40001\"; expected an integer port 1..65535"),
            bad("port as a fraction", replace(NODE0, NODE0.replace("40001", "40001.5")), "racks[0].nodes[0].port",
                "40001.5 is not accepted; expected an integer port 1..65535"),
            bad("port beyond int", replace(NODE0, NODE0.replace("40001", "4000000000")), "racks[0].nodes[0].port",
                "4000000000 is out of range; expected an integer port 1..65535"),
            bad("host as a number", replace(NODE0, NODE0.replace("\"10.0.0.1\"", "10")), "racks[0].nodes[0].host",
                "10 is not accepted; expected a string: a literal IPv4 address or a host name"),
            bad("null fanout", replace("\"fanout\": 3", "\"fanout\": null"), "cluster.fanout", "null is not accepted here; expected an integer"),
            bad("null journal", replace("\"journal\": { \"directory\": \"journal\", \"sync\": \"none\" }", "\"journal\": null"), "journal",
                "null is not accepted here; expected an object {\"directory\""),
            bad("racks as an object", """
                { "racks": { "id": 0 } }
                """, "racks", "wrong type: found an object; expected an array of racks"),
            bad("node as a number", replace(NODE2, "2"), "racks[1].nodes[0]", "wrong type: found an integer; expected a node object"),
            bad("missing node host", replace(NODE0, NODE0.replace("\"host\": \"10.0.0.1\", ", "")), "racks[0].nodes[0].host",
                "required field is missing; expected a string: a literal IPv4 address or a host name"),
            bad("missing client port", replace(NODE1, NODE1.replace(", \"clientPort\": 40501", "")), "racks[0].nodes[1].clientPort",
                "required field is missing; expected an integer port 1..65535"),
            bad("missing rack id", replace("{ \"id\": 1, \"multicast\"", "{ \"multicast\""), "racks[1].id", "required field is missing"),
            bad("missing multicast group", replace(RACK1_MULTICAST, "{ \"port\": 40100 }"), "racks[1].multicast.group",
                "required field is missing; expected a string: an IPv4 multicast address"),

            // --- malformed JSON
            bad("trailing comma", replace("\"sync\": \"none\" }", "\"sync\": \"none\", }"), "journal.sync",
                "malformed JSON: unexpected character '}' where a field name in double quotes was expected (a trailing comma"),
            bad("missing comma", replace("\"fanout\": 3,", "\"fanout\": 3"), "cluster.fanout",
                "malformed JSON: unexpected character '\"' where a ',' or the end of the object was expected (a missing comma?)"),
            bad("comment", replace("\"racks\": [", "// the racks\n  \"racks\": ["), "cluster",
                "malformed JSON: unexpected character '/': comments are not allowed"),
            bad("single quotes", replace("\"sync\": \"none\"", "\"sync\": 'none'"), "journal.sync",
                "malformed JSON: unexpected character \"'\": JSON strings and field names take double quotes"),
            bad("unquoted string", replace("\"sync\": \"none\"", "\"sync\": none"), "journal.sync", "malformed JSON: unquoted word 'none'"),
            bad("duplicate field", replace("\"sync\": \"none\"", "\"sync\": \"none\", \"sync\": \"cycle\""), "journal.sync",
                "malformed JSON: field \"sync\" appears twice in one object"),
            bad("unclosed object", VALID.substring(0, VALID.lastIndexOf('}')), "runtime",
                "malformed JSON: the text ends before the object opened at line 1, column 1 is closed (a missing '}'?)"),
            bad("trailing content", VALID + "{}", "", "unexpected content after the end of the top-level object"),
            bad("empty document", "  \n", "", "the document is empty; expected a JSON object"),
            bad("array at the top", "[ ]", "", "wrong type: found an array; expected a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void messageNamesTheFieldAndTheReason(final String mistake, final String json, final String path, final String reason)
    {
        final ConfigException ex = catchThrowableOfType(ConfigException.class, () -> ClusterConfig.parse(json, "bad.json"));

        assertThat(ex).as("a ConfigException for: " + mistake).isNotNull();
        final ConfigException.Problem problem = ex.problems().stream().filter(p -> p.path().equals(path)).findFirst().orElse(null);
        assertThat(problem).as("a problem at %s in:%n%s", path, ex.getMessage()).isNotNull();
        assertThat(problem.reason()).as(ex.getMessage()).contains(reason);
        assertThat(problem.line()).as("line of " + ex.getMessage()).isPositive();
        assertThat(ex.getMessage()).startsWith("bad.json").contains((path.isEmpty() ? ConfigException.ROOT : path) + ": " + problem.reason());
        assertThat(ex.getMessage()).doesNotContain("com.fasterxml", "Exception", "REDACTED");
    }

    private static Arguments bad(final String mistake, final String json, final String path, final String reason)
    {
        return arguments(mistake, json, path, reason);
    }

    /** @return {@link #VALID} with one exact piece of text replaced; fails if it is not there. */
    private static String replace(final String from, final String to)
    {
        if (!VALID.contains(from))
        {
            throw new IllegalArgumentException("not in VALID: " + from);
        }
        return VALID.replace(from, to);
    }

    /** @return {@link #VALID} with one more field in {@code cluster}. */
    private static String cluster(final String field)
    {
        return replace("\"fanout\": 3,", "\"fanout\": 3, " + field + ",");
    }

    private static String bigRack(final int nodes)
    {
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < nodes; i++)
        {
            list.add("{ \"id\": " + i + ", \"host\": \"10.0.0." + (i + 1) + "\", \"port\": 40001, \"clientPort\": 40501 }");
        }
        return "{ \"racks\": [ { \"id\": 0, \"multicast\": { \"group\": \"239.255.0.1\", \"port\": 40100 },\n  \"nodes\": [\n" +
            String.join(",\n", list) + " ] } ] }";
    }

    private static String manyRacks(final int racks, final int nodesPerRack)
    {
        final List<String> list = new ArrayList<>();
        int id = 0;
        for (int r = 0; r < racks; r++)
        {
            final List<String> nodes = new ArrayList<>();
            for (int i = 0; i < nodesPerRack; i++, id++)
            {
                nodes.add("{ \"id\": " + id + ", \"host\": \"10.0." + r + "." + (i + 1) + "\", \"port\": 40001, \"clientPort\": 40501 }");
            }
            list.add("{ \"id\": " + r + ", \"multicast\": { \"group\": \"239.255.0." + (2 * r + 1) + "\", \"port\": 40100 }, \"nodes\": [\n" +
                String.join(",\n", nodes) + " ] }");
        }
        return "{ \"racks\": [\n" + String.join(",\n", list) + " ] }";
    }
}
