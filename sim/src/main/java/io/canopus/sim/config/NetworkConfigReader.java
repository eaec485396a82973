package io.canopus.sim.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canopus.sim.fault.FaultSettings;
import io.canopus.sim.graph.Latency;
import io.canopus.sim.graph.LinkSpec;
import io.canopus.sim.workload.WorkloadSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads our own network format (documented with examples in {@code docs/network-format.md}) into a
 * {@link NetworkConfig}, checking everything before a run starts: every field's type and range, that names are
 * unique and every link and event names a known node or link, that events are in time order, and that no field is
 * misspelt (an unknown key is an error, not silently ignored). Every error is a {@link NetworkConfigException} naming
 * the source, the JSON path and the reason.
 */
public final class NetworkConfigReader
{
    /** Longest run accepted, as for generated runs. */
    public static final long MAX_DURATION_MS = 3_600_000;
    /** Most servers, clients, hubs, links or events in one file. */
    public static final int MAX_ITEMS = 4096;

    private static final long US = 1_000;
    private static final long MS = 1_000_000;

    private final String source;
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> serverNames = new HashSet<>();
    private final Set<String> linkNames = new HashSet<>();

    private NetworkConfigReader(final String source)
    {
        this.source = source;
    }

    /** Reads a file. */
    public static NetworkConfig read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        return read(text, file.toString());
    }

    /** Reads a document held in a string; {@code source} names it in messages. */
    public static NetworkConfig read(final String json, final String source)
    {
        return new NetworkConfigReader(source).parse(json);
    }

    private NetworkConfigException error(final String path, final String reason)
    {
        return new NetworkConfigException(source, path, reason);
    }

    private NetworkConfig parse(final String json)
    {
        final JsonNode root;
        try
        {
            root = new ObjectMapper().readTree(json);
        }
        catch (final JsonProcessingException ex)
        {
            throw new NetworkConfigException(source, "$", "not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (root == null || !root.isObject())
        {
            throw error("$", "must be a JSON object");
        }
        allowOnly(root, "$", "name", "seed", "durationMs", "protocol", "racks", "clients", "hubs", "links", "cpu", "events",
            "faults", "workload");
        final String name = root.has("name") ? text(root.get("name"), "$.name") : source;
        final OptionalLong seed = root.has("seed") ? OptionalLong.of(integer(root.get("seed"), "$.seed", Long.MIN_VALUE, Long.MAX_VALUE)) :
            OptionalLong.empty();
        final long durationNs = integer(required(root, "$", "durationMs"), "$.durationMs", 1, MAX_DURATION_MS) * MS;

        final List<List<String>> racks = racks(required(root, "$", "racks"));
        final List<String> clients = names(root.get("clients"), "$.clients", false);
        final List<String> hubs = names(root.get("hubs"), "$.hubs", false);
        final List<NetworkConfig.Link> links = links(required(root, "$", "links"));
        final NetworkConfig.Protocol protocol = protocol(root.get("protocol"));
        final NetworkConfig.Cpu cpu = root.has("cpu") ? cpu(root.get("cpu")) : null;
        final List<NetworkConfig.Event> events = events(root.get("events"), links, durationNs);
        final FaultSettings faults = root.has("faults") ? faults(root.get("faults")) : null;
        final NetworkConfig.Workload workload = workload(root.get("workload"), clients.size());
        return new NetworkConfig(source, name, seed, durationNs, protocol, racks, clients, hubs, links, cpu, events, faults, workload);
    }

    // ----- structure -----

    private List<List<String>> racks(final JsonNode json)
    {
        if (!json.isArray() || json.isEmpty())
        {
            throw error("$.racks", "must be a non-empty array of racks, each an array of server names");
        }
        final List<List<String>> racks = new ArrayList<>();
        for (int r = 0; r < json.size(); r++)
        {
            final List<String> rack = names(json.get(r), "$.racks[" + r + "]", true);
            if (rack.isEmpty())
            {
                throw error("$.racks[" + r + "]", "a rack needs at least one server");
            }
            serverNames.addAll(rack);
            racks.add(rack);
        }
        if (serverNames.size() > 1024)
        {
            throw error("$.racks", "at most 1024 servers, has " + serverNames.size());
        }
        return List.copyOf(racks);
    }

    private List<String> names(final JsonNode json, final String path, final boolean required)
    {
        if (json == null)
        {
            if (required)
            {
                throw error(path, "missing");
            }
            return List.of();
        }
        if (!json.isArray() || json.size() > MAX_ITEMS)
        {
            throw error(path, "must be an array of at most " + MAX_ITEMS + " names");
        }
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < json.size(); i++)
        {
            final String name = text(json.get(i), path + "[" + i + "]");
            if (!nodeNames.add(name))
            {
                throw error(path + "[" + i + "]", "node '" + name + "' is named twice");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private List<NetworkConfig.Link> links(final JsonNode json)
    {
        if (!json.isArray() || json.size() > MAX_ITEMS)
        {
            throw error("$.links", "must be an array of at most " + MAX_ITEMS + " links");
        }
        final List<NetworkConfig.Link> links = new ArrayList<>();
        final Set<String> linked = new HashSet<>();
        for (int i = 0; i < json.size(); i++)
        {
            final String path = "$.links[" + i + "]";
            final JsonNode link = json.get(i);
            if (!link.isObject())
            {
                throw error(path, "must be an object");
            }
            allowOnly(link, path, "name", "between", "direction", "latencyUs", "bandwidthGbps", "queueLimitBytes", "loss", "duplicate");
            final String name = link.has("name") ? text(link.get("name"), path + ".name") : "link" + i;
            if (!linkNames.add(name))
            {
                throw error(path + ".name", "link '" + name + "' is named twice");
            }
            final JsonNode between = required(link, path, "between");
            if (!between.isArray() || between.size() != 2)
            {
                throw error(path + ".between", "must name exactly two nodes");
            }
            final String from = knownNode(between.get(0), path + ".between[0]");
            final String to = knownNode(between.get(1), path + ".between[1]");
            if (from.equals(to))
            {
                throw error(path + ".between", "a link joins two different nodes");
            }
            final String direction = link.has("direction") ? text(link.get("direction"), path + ".direction") : "bi";
            if (!direction.equals("bi") && !direction.equals("uni"))
            {
                throw error(path + ".direction", "must be 'bi' or 'uni' (from the first node to the second), was '" + direction + "'");
            }
            final Latency latency = latency(required(link, path, "latencyUs"), path + ".latencyUs");
            final double gbps = link.has("bandwidthGbps") ? number(link.get("bandwidthGbps"), path + ".bandwidthGbps", 0, 1e4) : 0;
            final long queueLimit = link.has("queueLimitBytes") ?
                integer(link.get("queueLimitBytes"), path + ".queueLimitBytes", 0, Integer.MAX_VALUE) : 0;
            final double loss = link.has("loss") ? number(link.get("loss"), path + ".loss", 0, 1) : 0;
            final double duplicate = link.has("duplicate") ? number(link.get("duplicate"), path + ".duplicate", 0, 1) : 0;
            links.add(new NetworkConfig.Link(name, from, to, direction.equals("bi"),
                new LinkSpec(latency, Math.round(gbps * 1e9), queueLimit, loss, duplicate)));
            linked.add(from);
            linked.add(to);
        }
        for (final String server : serverNames)
        {
            if (!linked.contains(server))
            {
                throw error("$.links", "server '" + server + "' has no link");
            }
        }
        return List.copyOf(links);
    }

    private Latency latency(final JsonNode json, final String path)
    {
        try
        {
            if (json.isNumber())
            {
                return Latency.fixed(Math.max(1, Math.round(number(json, path, 0.001, 1e9) * US)));
            }
            if (!json.isObject())
            {
                throw error(path, "must be microseconds, or {\"distribution\", \"meanUs\", \"jitterUs\"}");
            }
            allowOnly(json, path, "distribution", "meanUs", "jitterUs");
            final String shape = text(required(json, path, "distribution"), path + ".distribution");
            final Latency.Distribution distribution = Latency.Distribution.named(shape);
            if (distribution == null)
            {
                throw error(path + ".distribution", "must be fixed, uniform, normal or exponential, was '" + shape + "'");
            }
            final long mean = Math.max(1, Math.round(number(required(json, path, "meanUs"), path + ".meanUs", 0.001, 1e9) * US));
            final long jitter = json.has("jitterUs") ? Math.round(number(json.get("jitterUs"), path + ".jitterUs", 0, 1e9) * US) : 0;
            return new Latency(distribution, mean, jitter);
        }
        catch (final NetworkConfigException ex)
        {
            throw ex;
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(path, ex.getMessage());
        }
    }

    private String knownNode(final JsonNode json, final String path)
    {
        final String name = text(json, path);
        if (!nodeNames.contains(name))
        {
            throw error(path, "no server, client or hub is named '" + name + "'");
        }
        return name;
    }

    // ----- behaviour -----

    private NetworkConfig.Protocol protocol(final JsonNode json)
    {
        if (json == null)
        {
            return new NetworkConfig.Protocol("canopus", false, 10 * MS, 20 * MS, 2 * MS);
        }
        final String path = "$.protocol";
        allowOnly(json, path, "name", "preVote", "electionTimeoutMs", "heartbeatMs");
        final String name = text(required(json, path, "name"), path + ".name").toLowerCase(Locale.ROOT);
        if (!name.equals("canopus") && !name.equals("raft"))
        {
            throw error(path + ".name", "must be 'canopus' or 'raft', was '" + name + "'");
        }
        final boolean preVote = json.has("preVote") && bool(json.get("preVote"), path + ".preVote");
        if (preVote && !name.equals("raft"))
        {
            throw error(path + ".preVote", "pre-vote is a Raft option");
        }
        long min = 10 * MS;
        long max = 20 * MS;
        if (json.has("electionTimeoutMs"))
        {
            final JsonNode range = json.get("electionTimeoutMs");
            if (!range.isArray() || range.size() != 2)
            {
                throw error(path + ".electionTimeoutMs", "must be [min, max]");
            }
            min = Math.round(number(range.get(0), path + ".electionTimeoutMs[0]", 0.001, 600_000) * MS);
            max = Math.round(number(range.get(1), path + ".electionTimeoutMs[1]", 0.001, 600_000) * MS);
            if (max < min)
            {
                throw error(path + ".electionTimeoutMs", "max is below min");
            }
        }
        final long heartbeat = json.has("heartbeatMs") ?
            Math.round(number(json.get("heartbeatMs"), path + ".heartbeatMs", 0.001, 600_000) * MS) : 2 * MS;
        return new NetworkConfig.Protocol(name, preVote, min, max, heartbeat);
    }

    private NetworkConfig.Cpu cpu(final JsonNode json)
    {
        allowOnly(json, "$.cpu", "perMessageUs", "perByteNs");
        final double perMessageUs = json.has("perMessageUs") ? number(json.get("perMessageUs"), "$.cpu.perMessageUs", 0, 1e6) : 0;
        final double perByteNs = json.has("perByteNs") ? number(json.get("perByteNs"), "$.cpu.perByteNs", 0, 1e6) : 0;
        return new NetworkConfig.Cpu(Math.round(perMessageUs * US), perByteNs);
    }

    private List<NetworkConfig.Event> events(final JsonNode json, final List<NetworkConfig.Link> links, final long durationNs)
    {
        if (json == null)
        {
            return List.of();
        }
        if (!json.isArray() || json.size() > MAX_ITEMS)
        {
            throw error("$.events", "must be an array of at most " + MAX_ITEMS + " events");
        }
        final List<NetworkConfig.Event> events = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < json.size(); i++)
        {
            final String path = "$.events[" + i + "]";
            final JsonNode e = json.get(i);
            if (!e.isObject())
            {
                throw error(path, "must be an object");
            }
            allowOnly(e, path, "atMs", "node", "link", "up", "latencyUs");
            final long at = Math.round(number(required(e, path, "atMs"), path + ".atMs", 0, durationNs / (double)MS) * MS);
            if (at < previous)
            {
                throw error(path + ".atMs", "events must be in time order");
            }
            previous = at;
            if (e.has("node") == e.has("link"))
            {
                throw error(path, "names exactly one of 'node' or 'link'");
            }
            if (e.has("node"))
            {
                final String node = knownNode(e.get("node"), path + ".node");
                if (e.has("latencyUs"))
                {
                    throw error(path + ".latencyUs", "only a link has a latency");
                }
                final boolean up = bool(required(e, path, "up"), path + ".up");
                events.add(new NetworkConfig.Event(at, up ? NetworkConfig.EventKind.NODE_UP : NetworkConfig.EventKind.NODE_DOWN, node, null));
                continue;
            }
            final String link = text(e.get("link"), path + ".link");
            if (!linkNames.contains(link))
            {
                throw error(path + ".link", "no link is named '" + link + "'");
            }
            if (e.has("latencyUs") == e.has("up"))
            {
                throw error(path, "a link event sets exactly one of 'up' or 'latencyUs'");
            }
            if (e.has("up"))
            {
                final boolean up = bool(e.get("up"), path + ".up");
                events.add(new NetworkConfig.Event(at, up ? NetworkConfig.EventKind.LINK_UP : NetworkConfig.EventKind.LINK_DOWN, link, null));
            }
            else
            {
                final LinkSpec spec = links.stream().filter(l -> l.name().equals(link)).findFirst().orElseThrow().spec();
                events.add(new NetworkConfig.Event(at, NetworkConfig.EventKind.LINK_LATENCY, link,
                    spec.withLatency(latency(e.get("latencyUs"), path + ".latencyUs"))));
            }
        }
        return List.copyOf(events);
    }

    private FaultSettings faults(final JsonNode json)
    {
        final String path = "$.faults";
        allowOnly(json, path, "meanIntervalMs", "endFraction", "weights");
        FaultSettings settings = FaultSettings.DEFAULT;
        try
        {
            if (json.has("meanIntervalMs"))
            {
                settings = settings.withMeanIntervalNs(Math.round(number(json.get("meanIntervalMs"), path + ".meanIntervalMs", 0.001, 1e7) * MS));
            }
            if (json.has("endFraction"))
            {
                settings = settings.withFaultsEndFraction(number(json.get("endFraction"), path + ".endFraction", 0.001, 1));
            }
            if (json.has("weights"))
            {
                final JsonNode w = json.get("weights");
                final String wp = path + ".weights";
                allowOnly(w, wp, "crash", "pause", "lossBurst", "partition", "isolate");
                settings = settings.withWeights(
                    w.has("crash") ? (int)integer(w.get("crash"), wp + ".crash", 0, 1000) : settings.crashWeight(),
                    w.has("pause") ? (int)integer(w.get("pause"), wp + ".pause", 0, 1000) : settings.pauseWeight(),
                    w.has("lossBurst") ? (int)integer(w.get("lossBurst"), wp + ".lossBurst", 0, 1000) : settings.lossBurstWeight(),
                    w.has("partition") ? (int)integer(w.get("partition"), wp + ".partition", 0, 1000) : settings.partitionWeight(),
                    w.has("isolate") ? (int)integer(w.get("isolate"), wp + ".isolate", 0, 1000) : settings.isolateWeight());
            }
        }
        catch (final NetworkConfigException ex)
        {
            throw ex;
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(path, ex.getMessage());
        }
        return settings;
    }

    private NetworkConfig.Workload workload(final JsonNode json, final int clients)
    {
        final String path = "$.workload";
        if (json == null)
        {
            return new NetworkConfig.Workload(0, 20, 50, 40, 10, 16, 0, 0, 20 * MS);
        }
        if (clients == 0)
        {
            throw error(path, "a workload needs clients: list them in $.clients and link them");
        }
        allowOnly(json, path, "loop", "ratePerSec", "keys", "mix", "valueSize", "thinkTimeUs", "timeoutMs");
        final String loop = json.has("loop") ? text(json.get("loop"), path + ".loop") : "closed";
        if (!loop.equals("closed") && !loop.equals("open"))
        {
            throw error(path + ".loop", "must be 'closed' or 'open', was '" + loop + "'");
        }
        final double rate = loop.equals("open") ?
            number(required(json, path, "ratePerSec"), path + ".ratePerSec", 0.001, WorkloadSettings.MAX_OPEN_LOOP_RATE) : 0;
        if (loop.equals("closed") && json.has("ratePerSec"))
        {
            throw error(path + ".ratePerSec", "a closed loop has no rate: its clients wait for each answer");
        }
        final int keys = json.has("keys") ? (int)integer(json.get("keys"), path + ".keys", 1, 1_000_000) : 20;
        int get = 50;
        int put = 40;
        int cas = 10;
        if (json.has("mix"))
        {
            final JsonNode mix = json.get("mix");
            allowOnly(mix, path + ".mix", "get", "put", "cas");
            get = mix.has("get") ? (int)integer(mix.get("get"), path + ".mix.get", 0, 1000) : 0;
            put = mix.has("put") ? (int)integer(mix.get("put"), path + ".mix.put", 0, 1000) : 0;
            cas = mix.has("cas") ? (int)integer(mix.get("cas"), path + ".mix.cas", 0, 1000) : 0;
            if (get + put + cas == 0)
            {
                throw error(path + ".mix", "needs a positive weight");
            }
        }
        final int valueSize = json.has("valueSize") ?
            (int)integer(json.get("valueSize"), path + ".valueSize", Long.BYTES, WorkloadSettings.MAX_VALUE_SIZE) : 16;
        long thinkMin = 0;
        long thinkMax = 0;
        if (json.has("thinkTimeUs"))
        {
            final JsonNode think = json.get("thinkTimeUs");
            if (!think.isArray() || think.size() != 2)
            {
                throw error(path + ".thinkTimeUs", "must be [min, max]");
            }
            thinkMin = Math.round(number(think.get(0), path + ".thinkTimeUs[0]", 0, 1e9) * US);
            thinkMax = Math.round(number(think.get(1), path + ".thinkTimeUs[1]", 0, 1e9) * US);
            if (thinkMax < thinkMin)
            {
                throw error(path + ".thinkTimeUs", "max is below min");
            }
        }
        final long timeout = json.has("timeoutMs") ? Math.round(number(json.get("timeoutMs"), path + ".timeoutMs", 0.001, 600_000) * MS) :
            20 * MS;
        return new NetworkConfig.Workload(rate, keys, get, put, cas, valueSize, thinkMin, thinkMax, timeout);
    }

    // ----- fields -----

    private void allowOnly(final JsonNode json, final String path, final String... allowed)
    {
        if (!json.isObject())
        {
            throw error(path, "must be an object");
        }
        final Set<String> known = Set.of(allowed);
        for (final Iterator<String> it = json.fieldNames(); it.hasNext(); )
        {
            final String field = it.next();
            if (!known.contains(field))
            {
                throw error(path + "." + field, "unknown field (known: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private JsonNode required(final JsonNode json, final String path, final String field)
    {
        final JsonNode value = json.get(field);
        if (value == null || value.isNull())
        {
            throw error(path + "." + field, "missing");
        }
        return value;
    }

    private String text(final JsonNode json, final String path)
    {
        if (json == null || !json.isTextual() || json.asText().isBlank())
        {
            throw error(path, "must be a non-empty string");
        }
        return json.asText();
    }

    private boolean bool(final JsonNode json, final String path)
    {
        if (!json.isBoolean())
        {
            throw error(path, "must be true or false");
        }
        return json.asBoolean();
    }

    private double number(final JsonNode json, final String path, final double min, final double max)
    {
        if (json == null || !json.isNumber() || !(json.asDouble() >= min && json.asDouble() <= max))
        {
            throw error(path, "must be a number in " + min + ".." + max + (json == null ? "" : ", was " + json));
        }
        return json.asDouble();
    }

    private long integer(final JsonNode json, final String path, final long min, final long max)
    {
        if (json == null || !json.isIntegralNumber() || !json.canConvertToLong() || json.asLong() < min || json.asLong() > max)
        {
            throw error(path, "must be an integer in " + min + ".." + max + (json == null ? "" : ", was " + json));
        }
        return json.asLong();
    }
}
