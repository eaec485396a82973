package io.canopus.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canopus.sim.SimResult;

/**
 * A run's result as the JSON object {@code sim --json} prints and a report's {@code results.json} holds per run:
 * the fields of the protocol core (verdicts, latency, throughput, network, speed) and {@code stats}.
 */
public final class ResultJson
{
    private ResultJson()
    {
    }

    /**
     * @param mapper the mapper that builds the tree (and serialises the statistics).
     * @param r      the run's result.
     * @param faults how faults were set up: "none", "random" or "scenario".
     * @return the JSON object of the run.
     */
    public static ObjectNode of(final ObjectMapper mapper, final SimResult r, final String faults)
    {
        final ObjectNode root = mapper.createObjectNode();
        root.put("seed", r.seed());
        root.put("protocol", r.protocol());
        root.put("racks", r.racks());
        root.put("nodes", r.nodes());
        root.put("simulatedSeconds", r.durationNs() / 1e9);
        root.put("faults", faults);
        root.put("digest", r.digestHex());
        root.put("committedWrites", r.committedWrites());
        root.put("throughputPerSec", Math.round(r.throughputPerSec() * 10.0) / 10.0);
        final ObjectNode latency = root.putObject("latencyUs");
        latency.put("count", r.latency().count());
        latency.put("p50", r.latency().p50Us());
        latency.put("p99", r.latency().p99Us());
        latency.put("p999", r.latency().p999Us());
        latency.put("max", r.latency().maxUs());
        final ObjectNode verdicts = root.putObject("verdicts");
        verdicts.put("agreement", r.agreement().verdict().jsonName());
        verdicts.put("linearizable", r.linearizable().verdict().jsonName());
        verdicts.put("exactlyOnce", r.exactlyOnce().verdict().jsonName());
        verdicts.put("liveness", r.liveness().verdict().jsonName());
        final ObjectNode details = root.putObject("verdictDetails");
        details.put("agreement", r.agreement().detail());
        details.put("linearizable", r.linearizable().detail());
        details.put("exactlyOnce", r.exactlyOnce().detail());
        details.put("liveness", r.liveness().detail());
        final ObjectNode network = root.putObject("network");
        network.put("messagesSent", r.network().messagesSent());
        network.put("messagesDropped", r.network().messagesDropped());
        network.put("bytesSent", r.network().bytesSent());
        network.put("messagesDelivered", r.network().messagesDelivered());
        network.put("duplicated", r.network().duplicated());
        root.put("faultEvents", r.faults().size());
        root.put("historySize", r.historySize());
        root.put("events", r.events());
        root.put("wallMs", r.wallMs());
        root.put("eventsPerSec", Math.round(r.eventsPerSec()));
        root.set("stats", mapper.valueToTree(r.stats()));
        return root;
    }
}
