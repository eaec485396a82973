package io.canopus.sim.coracle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canopus.sim.coracle.CoracleScenario.Consensus;
import io.canopus.sim.coracle.CoracleScenario.Format;
import io.canopus.sim.coracle.CoracleScenario.Link;
import io.canopus.sim.coracle.CoracleScenario.LinkClass;
import io.canopus.sim.coracle.CoracleScenario.Node;
import io.canopus.sim.coracle.CoracleScenario.NodeKind;
import io.canopus.sim.coracle.CoracleScenario.StateChange;
import io.canopus.sim.coracle.CoracleScenario.Target;
import io.canopus.sim.coracle.CoracleScenario.Workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads a Coracle configuration in either of its shapes into a {@link CoracleScenario}, using Jackson's tree model.
 *
 * <h2>Simulator shape</h2>
 * {@code termination}, optional {@code seed}, optional {@code workload_min}/{@code workload_max} (both or neither),
 * {@code consensus} {{@code protocol}, {@code election_timeout_min}, {@code election_timeout_max},
 * {@code heartbeat_interval}, optional {@code client_timeout}, {@code batch_requests}, {@code lazy_update}},
 * {@code network} {{@code nodes} [{{@code type}: server|client|hub, {@code id}}], {@code links} [{{@code start},
 * {@code end}, {@code id}, {@code direction}: bi|uni}], {@code events} [{{@code time}, {@code links} [{{@code id},
 * {@code active}, optional {@code type}: s|m|l}], {@code nodes} [{{@code id}, {@code active}}]}]}. Later events list
 * only changes.
 *
 * <h2>Web-demo shape</h2>
 * Detected when any node or link carries its own {@code events} [{{@code time}, {@code active}, optional
 * {@code type}: s|m|l for links}]. Node types may be capitalised ({@code Server}, {@code Client}, {@code Hub}); type
 * names are read case-insensitively in both shapes. A top-level {@code network.events}, which is optional in this
 * shape, is merged with the per-element events: the same node or link at the same time must agree on
 * {@code active} (and on the link class when both give one).
 *
 * <h2>Our extension</h2>
 * An optional {@code network.racks} [[server ids]] names Canopus's racks explicitly: every server in exactly one rack,
 * nothing but servers. Without it, servers that share a hub form a rack (see {@link CoracleScenario#racks()}).
 *
 * <h2>Ignored fields</h2>
 * Drawing coordinates {@code cx} and {@code cy}, {@code linkSize}, and any other field not named above are accepted
 * and ignored, in both shapes.
 *
 * <h2>Checked</h2>
 * Every mistake is a {@link CoracleFormatException} naming the source, the JSON path and the reason: malformed JSON or
 * duplicate keys, a missing or mistyped required field, a negative time or timer, min above max, an unknown node type,
 * link direction or link class, a duplicate node or link id, a link naming an unknown node, an event naming an unknown
 * node or link, events out of time order, conflicting events.
 */
public final class CoracleReader
{
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String source;

    private CoracleReader(final String source)
    {
        this.source = source;
    }

    /** Reads a configuration file; the file's name is the source in messages. */
    public static CoracleScenario read(final Path file)
    {
        final String json;
        try
        {
            json = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read Coracle configuration " + file, e);
        }
        return read(json, file.getFileName().toString());
    }

    /** Reads a configuration from a string; {@code sourceName} names it in messages. */
    public static CoracleScenario read(final String json, final String sourceName)
    {
        return new CoracleReader(sourceName).parse(json);
    }

    private CoracleScenario parse(final String json)
    {
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(json);
        }
        catch (final JsonProcessingException e)
        {
            final JsonLocation at = e.getLocation();
            final String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new CoracleFormatException(source, "$", "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode())
        {
            throw fail("$", "empty document");
        }
        requireObject(root, "$");

        final long termination = nonNegativeLong(root, "$", "termination");
        final OptionalLong seed = root.has("seed") ? OptionalLong.of(integral(root, "$", "seed")) : OptionalLong.empty();
        final Optional<Workload> workload = workload(root);
        final Consensus consensus = consensus(required(root, "$", "consensus"), "$.consensus");

        final JsonNode network = required(root, "$", "network");
        requireObject(network, "$.network");
        final JsonNode nodesJson = requiredArray(network, "$.network", "nodes");
        final JsonNode linksJson = requiredArray(network, "$.network", "links");
        final boolean web = hasElementEvents(nodesJson) || hasElementEvents(linksJson);
        final Format format = web ? Format.WEB_DEMO : Format.SIMULATOR;

        final Map<Integer, Node> nodes = nodes(nodesJson);
        final Map<Integer, Link> links = links(linksJson, nodes);

        final List<Keyed> changes = new ArrayList<>();
        if (web)
        {
            elementEvents(nodesJson, "$.network.nodes", Target.NODE, changes);
            elementEvents(linksJson, "$.network.links", Target.LINK, changes);
        }
        if (network.has("events") || !web)
        {
            topLevelEvents(requiredArray(network, "$.network", "events"), nodes, links, changes);
        }
        final List<List<Integer>> racks = network.has("racks") ? racks(requiredArray(network, "$.network", "racks"), nodes) :
            List.of();
        return new CoracleScenario(source, format, termination, seed, workload, consensus,
            List.copyOf(nodes.values()), List.copyOf(links.values()), merge(changes), racks);
    }

    /** Our extension: {@code network.racks}, every server in exactly one rack, nothing else in any. */
    private List<List<Integer>> racks(final JsonNode json, final Map<Integer, Node> nodes)
    {
        final List<List<Integer>> racks = new ArrayList<>();
        final Set<Integer> seen = new HashSet<>();
        for (int r = 0; r < json.size(); r++)
        {
            final String path = "$.network.racks[" + r + "]";
            final JsonNode rack = json.get(r);
            if (!rack.isArray() || rack.isEmpty())
            {
                throw fail(path, "expected a non-empty array of server ids, found " + describe(rack));
            }
            final List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < rack.size(); i++)
            {
                final JsonNode id = rack.get(i);
                final String at = path + "[" + i + "]";
                if (!id.isIntegralNumber() || !id.canConvertToInt())
                {
                    throw fail(at, "expected a server id, found " + describe(id));
                }
                final Node node = nodes.get(id.intValue());
                if (node == null || node.kind() != NodeKind.SERVER)
                {
                    throw fail(at, node == null ? "no node " + id.intValue() : "node " + id.intValue() + " is a " +
                        node.kind().name().toLowerCase(Locale.ROOT) + ", only servers form racks");
                }
                if (!seen.add(id.intValue()))
                {
                    throw fail(at, "server " + id.intValue() + " is in two racks");
                }
                ids.add(id.intValue());
            }
            racks.add(ids);
        }
        for (final Node node : nodes.values())
        {
            if (node.kind() == NodeKind.SERVER && !seen.contains(node.id()))
            {
                throw fail("$.network.racks", "server " + node.id() + " is in no rack");
            }
        }
        return racks;
    }

    private Optional<Workload> workload(final JsonNode root)
    {
        final boolean hasMin = root.has("workload_min");
        final boolean hasMax = root.has("workload_max");
        if (!hasMin && !hasMax)
        {
            return Optional.empty();
        }
        if (hasMin != hasMax)
        {
            throw fail("$", "workload_min and workload_max must be given together");
        }
        final int min = nonNegativeInt(root, "$", "workload_min");
        final int max = nonNegativeInt(root, "$", "workload_max");
        if (min > max)
        {
            throw fail("$.workload_min", "workload_min " + min + " is above workload_max " + max);
        }
        return Optional.of(new Workload(min, max));
    }

    private Consensus consensus(final JsonNode json, final String path)
    {
        requireObject(json, path);
        final String protocol = text(json, path, "protocol");
        final int min = nonNegativeInt(json, path, "election_timeout_min");
        final int max = nonNegativeInt(json, path, "election_timeout_max");
        if (min > max)
        {
            throw fail(path + ".election_timeout_min", "election_timeout_min " + min + " is above election_timeout_max " + max);
        }
        final int heartbeat = nonNegativeInt(json, path, "heartbeat_interval");
        final OptionalInt clientTimeout = json.has("client_timeout")
            ? OptionalInt.of(nonNegativeInt(json, path, "client_timeout")) : OptionalInt.empty();
        return new Consensus(protocol, min, max, heartbeat, clientTimeout,
            optionalBoolean(json, path, "batch_requests"), optionalBoolean(json, path, "lazy_update"));
    }

    private Map<Integer, Node> nodes(final JsonNode array)
    {
        final Map<Integer, Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++)
        {
            final String path = "$.network.nodes[" + i + "]";
            final JsonNode json = array.get(i);
            requireObject(json, path);
            final int id = integralInt(json, path, "id");
            final String type = text(json, path, "type");
            final NodeKind kind = switch (type.toLowerCase(Locale.ROOT))
            {
                case "server" -> NodeKind.SERVER;
                case "client" -> NodeKind.CLIENT;
                case "hub" -> NodeKind.HUB;
                default -> throw fail(path + ".type", "unknown node type \"" + type + "\" (expected server, client or hub)");
            };
            if (nodes.putIfAbsent(id, new Node(id, kind)) != null)
            {
                throw fail(path + ".id", "duplicate node id " + id);
            }
        }
        return nodes;
    }

    private Map<Integer, Link> links(final JsonNode array, final Map<Integer, Node> nodes)
    {
        final Map<Integer, Link> links = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++)
        {
            final String path = "$.network.links[" + i + "]";
            final JsonNode json = array.get(i);
            requireObject(json, path);
            final int id = integralInt(json, path, "id");
            final int start = integralInt(json, path, "start");
            final int end = integralInt(json, path, "end");
            if (!nodes.containsKey(start))
            {
                throw fail(path + ".start", "link " + id + " starts at unknown node " + start);
            }
            if (!nodes.containsKey(end))
            {
                throw fail(path + ".end", "link " + id + " ends at unknown node " + end);
            }
            if (start == end)
            {
                throw fail(path + ".end", "link " + id + " joins node " + start + " to itself");
            }
            final String direction = text(json, path, "direction");
            final boolean bidirectional = switch (direction.toLowerCase(Locale.ROOT))
            {
                case "bi" -> true;
                case "uni" -> false;
                default -> throw fail(path + ".direction", "unknown link direction \"" + direction + "\" (expected bi or uni)");
            };
            if (links.putIfAbsent(id, new Link(id, start, end, bidirectional)) != null)
            {
                throw fail(path + ".id", "duplicate link id " + id);
            }
        }
        return links;
    }

    private static boolean hasElementEvents(final JsonNode array)
    {
        for (final JsonNode element : array)
        {
            if (element.has("events"))
            {
                return true;
            }
        }
        return false;
    }

    /** Web-demo events, each element's own list; ids are already known to exist. */
    private void elementEvents(final JsonNode array, final String arrayPath, final Target target, final List<Keyed> out)
    {
        for (int i = 0; i < array.size(); i++)
        {
            final JsonNode element = array.get(i);
            if (!element.has("events"))
            {
                continue;
            }
            final int id = element.get("id").asInt();
            final String eventsPath = arrayPath + "[" + i + "].events";
            final JsonNode events = requiredArray(element, arrayPath + "[" + i + "]", "events");
            long previous = -1;
            for (int e = 0; e < events.size(); e++)
            {
                final String path = eventsPath + "[" + e + "]";
                final JsonNode event = events.get(e);
                requireObject(event, path);
                final long time = nonNegativeLong(event, path, "time");
                if (time < previous)
                {
                    throw fail(path + ".time", "events out of time order: " + time + " after " + previous);
                }
                previous = time;
                final boolean active = requiredBoolean(event, path, "active");
                final LinkClass linkClass = target == Target.LINK ? linkClass(event, path) : null;
                out.add(new Keyed(new StateChange(time, target, id, active, linkClass), path));
            }
        }
    }


    /** Reads one event's {@code field} list ("links" or "nodes") of state changes, each naming a known id. */
    private void readChanges(
        final JsonNode event, final String path, final String field, final Target target, final long time,
        final Set<Integer> known, final List<Keyed> out)
    {
        if (!event.has(field))
        {
            return;
        }
        final JsonNode changes = requiredArray(event, path, field);
        final String kind = target == Target.LINK ? "link" : "node";
        for (int i = 0; i < changes.size(); i++)
        {
            final String at = path + "." + field + "[" + i + "]";
            final JsonNode change = changes.get(i);
            requireObject(change, at);
            final int id = integralInt(change, at, "id");
            if (!known.contains(id))
            {
                throw fail(at + ".id", "event names unknown " + kind + " " + id);
            }
            out.add(new Keyed(new StateChange(time, target, id, requiredBoolean(change, at, "active"),
                target == Target.LINK ? linkClass(change, at) : null), at));
        }
    }
    private void topLevelEvents(
        final JsonNode events, final Map<Integer, Node> nodes, final Map<Integer, Link> links, final List<Keyed> out)
    {
        long previous = -1;
        for (int e = 0; e < events.size(); e++)
        {
            final String path = "$.network.events[" + e + "]";
            final JsonNode event = events.get(e);
            requireObject(event, path);
            final long time = nonNegativeLong(event, path, "time");
            if (time < previous)
            {
                throw fail(path + ".time", "events out of time order: " + time + " after " + previous);
            }
            previous = time;
            readChanges(event, path, "links", Target.LINK, time, links.keySet(), out);
            readChanges(event, path, "nodes", Target.NODE, time, nodes.keySet(), out);
        }
    }

    private LinkClass linkClass(final JsonNode json, final String path)
    {
        if (!json.has("type"))
        {
            return null;
        }
        final String code = text(json, path, "type");
        final LinkClass linkClass = LinkClass.ofCode(code.toLowerCase(Locale.ROOT));
        if (linkClass == null)
        {
            throw fail(path + ".type", "unknown link class \"" + code + "\" (expected s, m or l)");
        }
        return linkClass;
    }

    /** A change and where it was read, so a conflict can name both places. */
    private record Keyed(StateChange change, String path)
    {
    }

    private record Key(long time, Target target, int id)
    {
    }

    /**
     * Orders the changes by time (stable) and folds together those that name the same node or link at the same time,
     * as the web shape's per-element events and its top-level events do.
     */
    private List<StateChange> merge(final List<Keyed> changes)
    {
        final List<Keyed> sorted = new ArrayList<>(changes);
        sorted.sort((a, b) -> Long.compare(a.change().timeMs(), b.change().timeMs()));
        final Map<Key, Integer> index = new HashMap<>();
        final List<Keyed> merged = new ArrayList<>();
        for (final Keyed keyed : sorted)
        {
            final StateChange c = keyed.change();
            final Key key = new Key(c.timeMs(), c.target(), c.id());
            final Integer at = index.get(key);
            if (at == null)
            {
                index.put(key, merged.size());
                merged.add(keyed);
                continue;
            }
            final Keyed earlier = merged.get(at);
            final StateChange e = earlier.change();
            final String what = (c.target() == Target.NODE ? "node " : "link ") + c.id() + " at time " + c.timeMs();
            if (e.active() != c.active())
            {
                throw fail(keyed.path() + ".active", what + " is " + (c.active() ? "up" : "down")
                    + " here but " + (e.active() ? "up" : "down") + " at " + earlier.path());
            }
            if (e.linkClass() != null && c.linkClass() != null && e.linkClass() != c.linkClass())
            {
                throw fail(keyed.path() + ".type", what + " has class " + c.linkClass() + " here but "
                    + e.linkClass() + " at " + earlier.path());
            }
            if (e.linkClass() == null && c.linkClass() != null)
            {
                merged.set(at, new Keyed(new StateChange(e.timeMs(), e.target(), e.id(), e.active(), c.linkClass()), earlier.path()));
            }
        }
        final List<StateChange> out = new ArrayList<>(merged.size());
        for (final Keyed keyed : merged)
        {
            out.add(keyed.change());
        }
        return out;
    }

    // ---- field access, each failure naming its path ----

    private CoracleFormatException fail(final String path, final String reason)
    {
        return new CoracleFormatException(source, path, reason);
    }

    private void requireObject(final JsonNode json, final String path)
    {
        if (!json.isObject())
        {
            throw fail(path, "expected an object, found " + describe(json));
        }
    }

    private JsonNode required(final JsonNode parent, final String parentPath, final String field)
    {
        final JsonNode value = parent.get(field);
        if (value == null || value.isNull())
        {
            throw fail(parentPath + "." + field, "missing required field \"" + field + "\"");
        }
        return value;
    }

    private JsonNode requiredArray(final JsonNode parent, final String parentPath, final String field)
    {
        final JsonNode value = required(parent, parentPath, field);
        if (!value.isArray())
        {
            throw fail(parentPath + "." + field, "expected an array, found " + describe(value));
        }
        return value;
    }

    private long integral(final JsonNode parent, final String parentPath, final String field)
    {
        final JsonNode value = required(parent, parentPath, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong())
        {
            throw fail(parentPath + "." + field, "expected an integer, found " + describe(value));
        }
        return value.longValue();
    }

    private int integralInt(final JsonNode parent, final String parentPath, final String field)
    {
        final long value = integral(parent, parentPath, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw fail(parentPath + "." + field, "integer " + value + " out of range");
        }
        return (int)value;
    }

    private long nonNegativeLong(final JsonNode parent, final String parentPath, final String field)
    {
        final long value = integral(parent, parentPath, field);
        if (value < 0)
        {
            throw fail(parentPath + "." + field, "expected a non-negative integer, found " + value);
        }
        return value;
    }

    private int nonNegativeInt(final JsonNode parent, final String parentPath, final String field)
    {
        final int value = integralInt(parent, parentPath, field);
        if (value < 0)
        {
            throw fail(parentPath + "." + field, "expected a non-negative integer, found " + value);
        }
        return value;
    }

    private String text(final JsonNode parent, final String parentPath, final String field)
    {
        final JsonNode value = required(parent, parentPath, field);
        if (!value.isTextual())
        {
            throw fail(parentPath + "." + field, "expected a string, found " + describe(value));
        }
        return value.textValue();
    }

    private boolean requiredBoolean(final JsonNode parent, final String parentPath, final String field)
    {
        final JsonNode value = required(parent, parentPath, field);
        if (!value.isBoolean())
        {
            throw fail(parentPath + "." + field, "expected true or false, found " + describe(value));
        }
        return value.booleanValue();
    }

    private boolean optionalBoolean(final JsonNode parent, final String parentPath, final String field)
    {
        return parent.has(field) && requiredBoolean(parent, parentPath, field);
    }

    private static String describe(final JsonNode value)
    {
        final String text = value.toString();
        return value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
