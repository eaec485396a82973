package io.canopus.sim.coracle;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each mistake is a {@link CoracleFormatException} whose message names the source, the JSON path and the reason. */
class CoracleReaderErrorsTest
{
    private static final String CONSENSUS = """
        "consensus": {"protocol": "raft", "election_timeout_min": 60, "election_timeout_max": 300, "heartbeat_interval": 30}""";

    private static String doc(final String nodes, final String links, final String events)
    {
        return "{\"termination\": 400, " + CONSENSUS + ", \"network\": {\"nodes\": [" + nodes + "], \"links\": [" + links
            + "], \"events\": [" + events + "]}}";
    }

    private static final String TWO_SERVERS = "{\"type\": \"server\", \"id\": 1}, {\"type\": \"server\", \"id\": 2}";
    private static final String ONE_LINK = "{\"start\": 1, \"end\": 2, \"id\": 1, \"direction\": \"bi\"}";
    private static final String EVENT_AT_0 = "{\"time\": 0, \"links\": [{\"id\": 1, \"type\": \"s\", \"active\": true}], "
        + "\"nodes\": [{\"id\": 1, \"active\": true}, {\"id\": 2, \"active\": true}]}";

    private static void assertRejected(final String json, final String path, final String reason)
    {
        assertThatThrownBy(() -> CoracleReader.read(json, "bad.json"))
            .isInstanceOf(CoracleFormatException.class)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("bad.json: " + path + ": ")
            .hasMessageContaining(reason);
    }

    @Test
    void theTemplateItselfIsValid()
    {
        CoracleReader.read(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0), "good.json");
    }

    @Test
    void malformedJson()
    {
        assertRejected("{\"termination\": 400,", "$", "malformed JSON at line 1");
        assertRejected("", "$", "empty document");
        assertRejected("[1, 2]", "$", "expected an object");
    }

    @Test
    void duplicateKey()
    {
        assertRejected("{\"termination\": 1, \"termination\": 2}", "$", "malformed JSON");
    }

    @Test
    void missingFields()
    {
        assertRejected("{" + CONSENSUS + ", \"network\": {}}", "$.termination", "missing required field \"termination\"");
        assertRejected("{\"termination\": 400, \"network\": {}}", "$.consensus", "missing required field \"consensus\"");
        assertRejected(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0).replace("\"heartbeat_interval\": 30", "\"x\": 1"),
            "$.consensus.heartbeat_interval", "missing required field");
        assertRejected(doc("{\"type\": \"server\"}", "", ""), "$.network.nodes[0].id", "missing required field \"id\"");
        assertRejected(doc(TWO_SERVERS, "{\"start\": 1, \"end\": 2, \"id\": 1}", EVENT_AT_0),
            "$.network.links[0].direction", "missing required field \"direction\"");
        assertRejected(doc(TWO_SERVERS, ONE_LINK, "{\"time\": 0, \"nodes\": [{\"id\": 1}]}"),
            "$.network.events[0].nodes[0].active", "missing required field \"active\"");
        assertRejected("{\"termination\": 400, " + CONSENSUS + ", \"network\": {\"nodes\": [], \"links\": []}}",
            "$.network.events", "missing required field \"events\"");
    }

    @Test
    void mistypedFields()
    {
        assertRejected(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0).replace("\"termination\": 400", "\"termination\": \"400\""),
            "$.termination", "expected an integer, found string \"400\"");
        assertRejected(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0).replace("\"termination\": 400", "\"termination\": -1"),
            "$.termination", "expected a non-negative integer, found -1");
        assertRejected(doc(TWO_SERVERS, ONE_LINK, "{\"time\": 0, \"nodes\": [{\"id\": 1, \"active\": \"yes\"}]}"),
            "$.network.events[0].nodes[0].active", "expected true or false");
    }

    @Test
    void boundsOutOfOrder()
    {
        assertRejected(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0).replace("\"election_timeout_max\": 300", "\"election_timeout_max\": 5"),
            "$.consensus.election_timeout_min", "election_timeout_min 60 is above election_timeout_max 5");
        assertRejected(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0).replace("{\"termination\": 400,", "{\"termination\": 400, \"workload_min\": 5,"),
            "$", "workload_min and workload_max must be given together");
    }

    @Test
    void unknownNodeType()
    {
        assertRejected(doc("{\"type\": \"router\", \"id\": 1}", "", ""),
            "$.network.nodes[0].type", "unknown node type \"router\"");
    }

    @Test
    void duplicateIds()
    {
        assertRejected(doc(TWO_SERVERS + ", {\"type\": \"hub\", \"id\": 2}", "", ""), "$.network.nodes[2].id", "duplicate node id 2");
        assertRejected(doc(TWO_SERVERS, ONE_LINK + ", " + ONE_LINK, ""), "$.network.links[1].id", "duplicate link id 1");
    }

    @Test
    void linkNamingAnUnknownNode()
    {
        assertRejected(doc(TWO_SERVERS, "{\"start\": 1, \"end\": 9, \"id\": 4, \"direction\": \"uni\"}", ""),
            "$.network.links[0].end", "link 4 ends at unknown node 9");
        assertRejected(doc(TWO_SERVERS, "{\"start\": 7, \"end\": 1, \"id\": 4, \"direction\": \"uni\"}", ""),
            "$.network.links[0].start", "link 4 starts at unknown node 7");
    }

    @Test
    void badDirectionAndLinkClass()
    {
        assertRejected(doc(TWO_SERVERS, "{\"start\": 1, \"end\": 2, \"id\": 1, \"direction\": \"both\"}", ""),
            "$.network.links[0].direction", "unknown link direction \"both\"");
        assertRejected(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0.replace("\"type\": \"s\"", "\"type\": \"xl\"")),
            "$.network.events[0].links[0].type", "unknown link class \"xl\"");
    }

    @Test
    void eventNamingAnUnknownNodeOrLink()
    {
        assertRejected(doc(TWO_SERVERS, ONE_LINK, "{\"time\": 0, \"nodes\": [{\"id\": 5, \"active\": true}]}"),
            "$.network.events[0].nodes[0].id", "event names unknown node 5");
        assertRejected(doc(TWO_SERVERS, ONE_LINK, "{\"time\": 0, \"links\": [{\"id\": 5, \"active\": true}]}"),
            "$.network.events[0].links[0].id", "event names unknown link 5");
    }

    @Test
    void topLevelEventsOutOfTimeOrder()
    {
        assertRejected(doc(TWO_SERVERS, ONE_LINK, EVENT_AT_0.replace("\"time\": 0", "\"time\": 100") + ", {\"time\": 50, \"nodes\": []}"),
            "$.network.events[1].time", "events out of time order: 50 after 100");
    }

    @Test
    void webElementEventsOutOfTimeOrder()
    {
        final String nodes = "{\"type\": \"Server\", \"id\": 1, \"events\": [{\"time\": 10, \"active\": true}, {\"time\": 5, \"active\": false}]}";
        assertRejected("{\"termination\": 400, " + CONSENSUS + ", \"network\": {\"nodes\": [" + nodes + "], \"links\": []}}",
            "$.network.nodes[0].events[1].time", "events out of time order: 5 after 10");
    }

    @Test
    void webAndTopLevelEventsThatDisagree()
    {
        final String nodes = "{\"type\": \"Server\", \"id\": 1, \"events\": [{\"time\": 0, \"active\": true}]}";
        final String events = "{\"time\": 0, \"nodes\": [{\"id\": 1, \"active\": false}]}";
        assertRejected("{\"termination\": 400, " + CONSENSUS + ", \"network\": {\"nodes\": [" + nodes + "], \"links\": [], "
            + "\"events\": [" + events + "]}}",
            "$.network.events[0].nodes[0].active", "node 1 at time 0 is down here but up at $.network.nodes[0].events[0]");
    }

    private static String withRacks(final String racks)
    {
        final String nodes = TWO_SERVERS + ", {\"type\": \"client\", \"id\": 3}";
        return doc(nodes, ONE_LINK, EVENT_AT_0).replace("\"links\": [", "\"racks\": " + racks + ", \"links\": [");
    }

    @Test
    void explicitRacks()
    {
        assertRejected(withRacks("[[1], [1, 2]]"), "$.network.racks[1][0]", "server 1 is in two racks");
        assertRejected(withRacks("[[1]]"), "$.network.racks", "server 2 is in no rack");
        assertRejected(withRacks("[[1, 2, 3]]"), "$.network.racks[0][2]", "node 3 is a client, only servers form racks");
        assertRejected(withRacks("[[1, 2, 9]]"), "$.network.racks[0][2]", "no node 9");
        assertRejected(withRacks("[[1, 2], []]"), "$.network.racks[1]", "expected a non-empty array");
        assertRejected(withRacks("[[1, \"2\"]]"), "$.network.racks[0][1]", "expected a server id");
        assertRejected(withRacks("{}"), "$.network.racks", "expected an array");
    }

    @Test
    void explicitRacksReplaceTheDerivedOnes()
    {
        final CoracleScenario scenario = CoracleReader.read(withRacks("[[2], [1]]"), "racks.json");
        assertThat(scenario.racks()).containsExactly(List.of(2), List.of(1));
        assertThat(CoracleReader.read(withRacks("[[1, 2]]"), "r.json").racks())
            .containsExactly(List.of(1, 2));
    }
}
