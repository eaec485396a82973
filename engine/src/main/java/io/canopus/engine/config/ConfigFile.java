package io.canopus.engine.config;

import io.canopus.transport.MediaDriverMode;
import io.canopus.journal.SyncPolicy;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.canopus.engine.config.ConfigException.Problem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The file model of a cluster config and its binding with Jackson: mutable classes with one field
 * per JSON field, initialised to the defaults so that a missing optional field keeps its default,
 * and a strict mapper. Every Jackson exception is turned into a {@link Problem} with our own words.
 */
final class ConfigFile
{
    private ConfigFile()
    {
    }

    /** What each field accepts, by field name ({@code name[]} for the elements of an array field). */
    private static final Map<String, String> HELP = new HashMap<>();

    static
    {
        HELP.put("", "a JSON object {\"cluster\": {...}, \"racks\": [...], \"journal\": {...}, \"runtime\": {...}}");
        HELP.put("cluster", "an object of protocol settings (fanout, pipelineDepth, heartbeatIntervalMs, ...)");
        HELP.put("racks", "an array of racks, each {\"id\", \"multicast\", \"nodes\"}");
        HELP.put("racks[]", "a rack object {\"id\": 0, \"multicast\": {...}, \"nodes\": [...]}");
        HELP.put("multicast", "an object {\"group\": \"239.255.0.1\", \"port\": 40100, \"interface\": \"10.0.0.1\" (optional)}");
        HELP.put("nodes", "an array of nodes, each {\"id\", \"host\", \"port\", \"clientPort\"}");
        HELP.put("nodes[]", "a node object {\"id\": 0, \"host\": \"10.0.0.1\", \"port\": 40001, \"clientPort\": 40501}");
        HELP.put("id", "an integer id (ids are 0..count-1, each used once)");
        HELP.put("host", "a string: a literal IPv4 address or a host name");
        HELP.put("port", "an integer port 1..65535");
        HELP.put("clientPort", "an integer port 1..65535");
        HELP.put("group", "a string: an IPv4 multicast address (224.0.0.0/4) with an odd last octet");
        HELP.put("interface", "a string: a literal IPv4 address, optionally with /prefix, or null");
        HELP.put("journal", "an object {\"directory\": \"journal\", \"sync\": \"none\", \"pretouchAheadKiB\": 4096}");
        HELP.put("pretouchAheadKiB", "an integer: KiB from 0 (no pretouch thread) to " + JournalConfig.MAX_PRETOUCH_AHEAD_KIB);
        HELP.put("directory", "a string: a directory path");
        HELP.put("sync", "a string; " + SyncPolicy.ACCEPTED);
        HELP.put("runtime", "an object {\"idleStrategy\", \"driverMode\", \"aeronDir\", \"termLengthKiB\", \"metricsDirectory\", \"metricsIntervalMs\"}");
        HELP.put("idleStrategy", "a string: one of " + IdleStrategyType.accepted());
        HELP.put("driverMode", "a string: one of " + MediaDriverMode.accepted());
        HELP.put("aeronDir", "a string: a directory path, or null");
        HELP.put("metricsDirectory", "a string: a directory path, or null");
        HELP.put("termLengthKiB", "an integer: a power of two from 64 to 1048576");
    }

    /** The names of the objects in messages, by file-model class. */
    private static final Map<Class<?>, String> OBJECT_NAMES = Map.of(
        FileJson.class, "the top level",
        ClusterJson.class, "\"cluster\"",
        RackJson.class, "a rack",
        MulticastJson.class, "\"multicast\"",
        NodeJson.class, "a node",
        JournalJson.class, "\"journal\"",
        RuntimeJson.class, "\"runtime\"");

    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
        .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .defaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL))
        .withCoercionConfig(LogicalType.Textual, config -> config
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();

    /** The whole file. */
    static final class FileJson
    {
        ClusterJson cluster = new ClusterJson();
        List<RackJson> racks;
        JournalJson journal = new JournalJson();
        RuntimeJson runtime = new RuntimeJson();
    }

    /** {@code cluster}: protocol settings, defaulting to CanopusConfig's. */
    static final class ClusterJson
    {
        int fanout;
        int pipelineDepth;
        int representatives;
        int heartbeatIntervalMs;
        int tickIntervalUs;
        int retransmitTimeoutUs;
        int fetchTimeoutUs;
        int suspicionTimeoutMs;
        int viewChangeTimeoutMs;
        int joinRetryMs;
        int maxWritesPerProposal;
        int maxProposalBytes;
        int maxPayloadBytes;
        int maxPendingWrites;
        int maxPendingReads;
        int maxSessions;
        int maxPendingStateRequests;

        ClusterJson()
        {
            this(ProtocolSettings.defaults());
        }

        ClusterJson(final ProtocolSettings s)
        {
            fanout = s.fanout();
            pipelineDepth = s.pipelineDepth();
            representatives = s.representatives();
            heartbeatIntervalMs = s.heartbeatIntervalMs();
            tickIntervalUs = s.tickIntervalUs();
            retransmitTimeoutUs = s.retransmitTimeoutUs();
            fetchTimeoutUs = s.fetchTimeoutUs();
            suspicionTimeoutMs = s.suspicionTimeoutMs();
            viewChangeTimeoutMs = s.viewChangeTimeoutMs();
            joinRetryMs = s.joinRetryMs();
            maxWritesPerProposal = s.maxWritesPerProposal();
            maxProposalBytes = s.maxProposalBytes();
            maxPayloadBytes = s.maxPayloadBytes();
            maxPendingWrites = s.maxPendingWrites();
            maxPendingReads = s.maxPendingReads();
            maxSessions = s.maxSessions();
            maxPendingStateRequests = s.maxPendingStateRequests();
        }

        ProtocolSettings toSettings()
        {
            return new ProtocolSettings(fanout, pipelineDepth, representatives, heartbeatIntervalMs, tickIntervalUs,
                retransmitTimeoutUs, fetchTimeoutUs, suspicionTimeoutMs, viewChangeTimeoutMs, joinRetryMs, maxWritesPerProposal,
                maxProposalBytes, maxPayloadBytes, maxPendingWrites, maxPendingReads, maxSessions, maxPendingStateRequests);
        }
    }

    /** {@code racks[i]}: every field required. */
    static final class RackJson
    {
        Integer id;
        MulticastJson multicast;
        List<NodeJson> nodes;
    }

    /** {@code racks[i].multicast}. */
    static final class MulticastJson
    {
        String group;
        Integer port;
        @JsonProperty("interface")
        @JsonSetter(nulls = Nulls.SET)
        String iface;
    }

    /** {@code racks[i].nodes[j]}: every field required. */
    static final class NodeJson
    {
        Integer id;
        String host;
        Integer port;
        Integer clientPort;
    }

    /** {@code journal}. */
    static final class JournalJson
    {
        String directory = JournalConfig.DEFAULT_DIRECTORY;
        String sync = SyncPolicy.NONE.toString();
        int pretouchAheadKiB = JournalConfig.DEFAULT_PRETOUCH_AHEAD_KIB;
    }

    /** {@code runtime}. */
    static final class RuntimeJson
    {
        String idleStrategy = RuntimeConfig.defaults().idleStrategy().configName();
        String driverMode = RuntimeConfig.defaults().driverMode().configName();
        @JsonSetter(nulls = Nulls.SET)
        String aeronDir;
        int termLengthKiB = RuntimeConfig.DEFAULT_TERM_LENGTH_KIB;
        @JsonSetter(nulls = Nulls.SET)
        String metricsDirectory;
        int metricsIntervalMs = RuntimeConfig.DEFAULT_METRICS_INTERVAL_MS;
    }

    /** The records of a bound file, before validation. */
    record Model(ProtocolSettings protocol, List<RackConfig> racks, JournalConfig journal, RuntimeConfig runtime)
    {
    }

    /**
     * Binds the text and checks that required fields are present and names are known.
     *
     * @throws ConfigException for any problem, located in {@code text}.
     */
    static Model read(final String text, final String source)
    {
        final FileJson file;
        try
        {
            file = MAPPER.readValue(text, FileJson.class);
        }
        catch (final JsonProcessingException ex)
        {
            Problem problem = problemOf(ex);
            final StreamReadException readError = find(ex, StreamReadException.class);
            if ((readError == null || readError instanceof InputCoercionException) && !problem.path().isEmpty())
            {
                // Jackson reports where the parser stopped; point at the start of the field instead.
                problem = new Locations(text).locate(problem, ex instanceof UnrecognizedPropertyException);
            }
            throw new ConfigException(source, List.of(problem), ex);
        }
        final List<Problem> problems = new ArrayList<>();
        final Model model = convert(file, problems);
        if (!problems.isEmpty())
        {
            throw new ConfigException(source, locate(text, problems));
        }
        return model;
    }

    /** @return the config as the file model would write it, every field present. */
    static String write(final ClusterConfig config)
    {
        final FileJson file = new FileJson();
        file.cluster = new ClusterJson(config.protocol());
        file.racks = new ArrayList<>();
        for (final RackConfig rack : config.racks())
        {
            final RackJson r = new RackJson();
            r.id = rack.id();
            r.multicast = new MulticastJson();
            r.multicast.group = rack.multicast().group();
            r.multicast.port = rack.multicast().port();
            r.multicast.iface = rack.multicast().interfaceAddress();
            r.nodes = new ArrayList<>();
            for (final NodeConfig node : rack.nodes())
            {
                final NodeJson n = new NodeJson();
                n.id = node.id();
                n.host = node.host();
                n.port = node.port();
                n.clientPort = node.clientPort();
                r.nodes.add(n);
            }
            file.racks.add(r);
        }
        file.journal.directory = config.journal().directory();
        file.journal.sync = config.journal().sync().toString();
        file.journal.pretouchAheadKiB = config.journal().pretouchAheadKiB();
        final RuntimeConfig runtime = config.runtime();
        file.runtime.idleStrategy = runtime.idleStrategy().configName();
        file.runtime.driverMode = runtime.driverMode().configName();
        file.runtime.aeronDir = runtime.aeronDir();
        file.runtime.termLengthKiB = runtime.termLengthKiB();
        file.runtime.metricsDirectory = runtime.metricsDirectory();
        file.runtime.metricsIntervalMs = runtime.metricsIntervalMs();
        try
        {
            return MAPPER.writeValueAsString(file) + System.lineSeparator();
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot write a cluster config as JSON", ex);
        }
    }

    private static Model convert(final FileJson file, final List<Problem> problems)
    {
        final ProtocolSettings protocol = file.cluster.toSettings();
        final List<RackConfig> racks = new ArrayList<>();
        if (file.racks == null)
        {
            problems.add(missing("racks"));
        }
        else
        {
            for (int i = 0; i < file.racks.size(); i++)
            {
                final RackConfig rack = convert(file.racks.get(i), "racks[" + i + "]", problems);
                if (rack != null)
                {
                    racks.add(rack);
                }
            }
        }
        final JournalConfig journal = new JournalConfig(file.journal.directory, convertSync(file.journal.sync, problems),
            file.journal.pretouchAheadKiB);
        IdleStrategyType idle = null;
        try
        {
            idle = IdleStrategyType.fromConfigName(file.runtime.idleStrategy);
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add(new Problem("runtime.idleStrategy", -1, -1, ex.getMessage()));
        }
        MediaDriverMode driverMode = null;
        try
        {
            driverMode = MediaDriverMode.fromConfigName(file.runtime.driverMode);
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add(new Problem("runtime.driverMode", -1, -1, ex.getMessage()));
        }
        final RuntimeJson rt = file.runtime;
        final RuntimeConfig runtime = new RuntimeConfig(idle, driverMode, rt.aeronDir, rt.termLengthKiB, rt.metricsDirectory, rt.metricsIntervalMs);
        return new Model(protocol, racks, journal, runtime);
    }

    private static SyncPolicy convertSync(final String sync, final List<Problem> problems)
    {
        try
        {
            return SyncPolicy.parse(sync);
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add(new Problem("journal.sync", -1, -1, ex.getMessage()));
            return null;
        }
    }

    private static RackConfig convert(final RackJson rack, final String path, final List<Problem> problems)
    {
        final int before = problems.size();
        if (rack.id == null)
        {
            problems.add(missing(path + ".id"));
        }
        MulticastConfig multicast = null;
        if (rack.multicast == null)
        {
            problems.add(missing(path + ".multicast"));
        }
        else
        {
            if (rack.multicast.group == null)
            {
                problems.add(missing(path + ".multicast.group"));
            }
            if (rack.multicast.port == null)
            {
                problems.add(missing(path + ".multicast.port"));
            }
            else
            {
                multicast = new MulticastConfig(rack.multicast.group, rack.multicast.port, rack.multicast.iface);
            }
        }
        final List<NodeConfig> nodes = new ArrayList<>();
        if (rack.nodes == null)
        {
            problems.add(missing(path + ".nodes"));
        }
        else
        {
            for (int j = 0; j < rack.nodes.size(); j++)
            {
                final NodeJson node = rack.nodes.get(j);
                final String nodePath = path + ".nodes[" + j + "]";
                if (node.id == null)
                {
                    problems.add(missing(nodePath + ".id"));
                }
                if (node.host == null)
                {
                    problems.add(missing(nodePath + ".host"));
                }
                if (node.port == null)
                {
                    problems.add(missing(nodePath + ".port"));
                }
                if (node.clientPort == null)
                {
                    problems.add(missing(nodePath + ".clientPort"));
                }
                if (node.id != null && node.host != null && node.port != null && node.clientPort != null)
                {
                    nodes.add(new NodeConfig(node.id, node.host, node.port, node.clientPort));
                }
            }
        }
        return problems.size() == before ? new RackConfig(rack.id, multicast, nodes) : null;
    }

    private static Problem missing(final String path)
    {
        return new Problem(path, -1, -1, "required field is missing; expected " + help(path));
    }

    /** @return what the field at {@code path} accepts. */
    static String help(final String path)
    {
        final String key;
        if (path.endsWith("]"))
        {
            final String array = path.substring(0, path.lastIndexOf('['));
            key = lastName(array) + "[]";
        }
        else
        {
            key = lastName(path);
        }
        return HELP.getOrDefault(key, null);
    }

    private static String lastName(final String path)
    {
        final int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Jackson exceptions into problems

    static Problem problemOf(final JsonProcessingException ex)
    {
        final JsonLocation location = ex.getLocation();
        final int line = location == null ? -1 : location.getLineNr();
        final int column = location == null ? -1 : location.getColumnNr();
        final String original = firstLine(ex.getOriginalMessage());

        final InputCoercionException coercion = find(ex, InputCoercionException.class);
        if (coercion != null)
        {
            final String path = ex instanceof JsonMappingException ? pathOf(((JsonMappingException)ex).getPath()) : pathOf(coercion);
            return new Problem(path, line, column, numberText(coercion) + " is out of range; expected " + helpOrType(path, Integer.class));
        }
        final StreamReadException malformed = find(ex, StreamReadException.class);
        if (malformed != null)
        {
            // Malformed JSON, possibly wrapped by databind when met inside a nested value.
            final JsonLocation at = malformed.getLocation() != null ? malformed.getLocation() : location;
            final String path = malformed.getProcessor() != null ? contextPath(malformed.getProcessor()) :
                ex instanceof JsonMappingException ? pathOf(((JsonMappingException)ex).getPath()) : "";
            return new Problem(path, at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(),
                "malformed JSON: " + malformed(malformed, firstLine(malformed.getOriginalMessage())));
        }
        if (ex instanceof UnrecognizedPropertyException)
        {
            final UnrecognizedPropertyException unknown = (UnrecognizedPropertyException)ex;
            final List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.toList());
            final String name = unknown.getPropertyName();
            final String suggestion = suggest(name, known);
            return new Problem(pathOf(unknown.getPath()), line, column, "unknown field \"" + name + "\" in " +
                OBJECT_NAMES.getOrDefault(unknown.getReferringClass(), "this object") + "; known fields: " + String.join(", ", known) +
                (suggestion == null ? "" : " (did you mean \"" + suggestion + "\"?)"));
        }
        if (ex instanceof InvalidNullException)
        {
            final String path = pathOf(((InvalidNullException)ex).getPath());
            return new Problem(path, line, column, "null is not accepted here; expected " + helpOrType(path, ((InvalidNullException)ex).getTargetType()));
        }
        if (ex instanceof InvalidFormatException)
        {
            final InvalidFormatException format = (InvalidFormatException)ex;
            final String path = pathOf(format.getPath());
            return new Problem(path, line, column, describeValue(format.getValue()) + " is not accepted; expected " +
                helpOrType(path, format.getTargetType()));
        }
        if (ex instanceof MismatchedInputException)
        {
            final MismatchedInputException mismatch = (MismatchedInputException)ex;
            final String path = pathOf(mismatch.getPath());
            if (original.startsWith("No content to map"))
            {
                return new Problem(path, line, column, "the document is empty; expected " + HELP.get(""));
            }
            if (original.startsWith("Trailing token"))
            {
                return new Problem(path, line, column, "unexpected content after the end of the top-level object; a config file holds exactly one JSON object");
            }
            final String found = describeCurrent(mismatch.getProcessor());
            return new Problem(path, line, column, "wrong type" + (found == null ? "" : ": found " + found) +
                "; expected " + helpOrType(path, mismatch.getTargetType()));
        }
        if (ex instanceof JsonMappingException)
        {
            final String path = pathOf(((JsonMappingException)ex).getPath());
            return new Problem(path, line, column, "cannot read this value (" + original + "); expected " + helpOrType(path, null));
        }
        final String path = ex.getProcessor() instanceof JsonParser ? contextPath((JsonParser)ex.getProcessor()) : "";
        return new Problem(path, line, column, "cannot read the JSON (" + original + ")");
    }

    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("^Unexpected character \\('(.*)' \\(code \\d+\\)\\):? ?(.*)$");
    private static final Pattern START_MARKER = Pattern.compile("line: (\\d+), column: (\\d+)");

    private static String malformed(final StreamReadException ex, final String original)
    {
        if (ex instanceof JsonEOFException)
        {
            final Matcher start = START_MARKER.matcher(original);
            final String opened = start.find() ? " opened at line " + start.group(1) + ", column " + start.group(2) : "";
            if (original.contains("close marker for Object"))
            {
                return "the text ends before the object" + opened + " is closed (a missing '}'?)";
            }
            if (original.contains("close marker for Array"))
            {
                return "the text ends before the array" + opened + " is closed (a missing ']'?)";
            }
            return "the text ends in the middle of a value (a missing '\"'?)";
        }
        if (original.startsWith("Duplicate field"))
        {
            final int start = original.indexOf('\'');
            final int end = original.lastIndexOf('\'');
            final String name = start >= 0 && end > start ? original.substring(start + 1, end) : "?";
            return "field \"" + name + "\" appears twice in one object; each field may appear once";
        }
        if (original.startsWith("Unrecognized token"))
        {
            final int start = original.indexOf('\'');
            final int end = original.indexOf('\'', start + 1);
            final String token = start >= 0 && end > start ? original.substring(start + 1, end) : "?";
            return "unquoted word '" + token + "'; accepted: a JSON value (strings in double quotes, numbers, true, false, null, objects, arrays)";
        }
        final Matcher unexpected = UNEXPECTED_CHARACTER.matcher(original);
        if (unexpected.matches())
        {
            final String character = unexpected.group(1);
            final String expecting = unexpected.group(2);
            if (character.equals("/") || character.equals("#"))
            {
                return "unexpected character '" + character + "': comments are not allowed in a JSON config file";
            }
            if (character.equals("'"))
            {
                return "unexpected character \"'\": JSON strings and field names take double quotes";
            }
            if (expecting.contains("double-quote to start field name"))
            {
                return "unexpected character '" + character + "' where a field name in double quotes was expected" +
                    (character.equals("}") ? " (a trailing comma before '}'? JSON allows none)" : "");
            }
            if (expecting.contains("comma to separate"))
            {
                return "unexpected character '" + character + "' where a ',' or the end of the " +
                    (expecting.contains("Array") ? "array" : "object") + " was expected (a missing comma?)";
            }
            if ((character.equals("]") || character.equals("}")) && expecting.contains("expected a value"))
            {
                return "unexpected character '" + character + "' where a value was expected (a trailing comma?)";
            }
            return "unexpected character '" + character + "'" + (expecting.isEmpty() ? "" : " (" + expecting + ")");
        }
        return original;
    }

    private static String helpOrType(final String path, final Class<?> type)
    {
        final String help = help(path);
        if (help != null)
        {
            return help;
        }
        if (type == null)
        {
            return "a value of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class)
        {
            return "an integer";
        }
        if (type == String.class)
        {
            return "a string";
        }
        if (List.class.isAssignableFrom(type))
        {
            return "an array";
        }
        return "an object";
    }

    private static String describeCurrent(final Object processor)
    {
        if (!(processor instanceof JsonParser))
        {
            return null;
        }
        final JsonParser parser = (JsonParser)processor;
        final JsonToken token = parser.currentToken();
        if (token == null)
        {
            return null;
        }
        try
        {
            switch (token)
            {
                case START_OBJECT:
                    return "an object";
                case START_ARRAY:
                    return "an array";
                case VALUE_STRING:
                    return "the string " + quote(parser.getText());
                case VALUE_NUMBER_INT:
                    return parser.getText().isEmpty() ? "an integer" : "the integer " + parser.getText();
                case VALUE_NUMBER_FLOAT:
                    return parser.getText().isEmpty() ? "a number" : "the number " + parser.getText();
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return "the boolean " + parser.getText();
                case VALUE_NULL:
                    return "null";
                default:
                    return null;
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static String describeValue(final Object value)
    {
        if (value instanceof String)
        {
            return "the string " + quote((String)value);
        }
        return String.valueOf(value);
    }

    private static String numberText(final InputCoercionException ex)
    {
        if (ex.getProcessor() != null)
        {
            try
            {
                return ex.getProcessor().getText();
            }
            catch (final IOException ignored)
            {
                // fall through
            }
        }
        return "the number";
    }

    private static String quote(final String text)
    {
        final String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return '"' + shown + '"';
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T extends Throwable> T find(final Throwable ex, final Class<T> type)
    {
        for (Throwable t = ex; t != null; t = t.getCause())
        {
            if (type.isInstance(t))
            {
                return type.cast(t);
            }
        }
        return null;
    }

    /** @return the closest known name: same ignoring case, or at most 2 edits away. */
    static String suggest(final String name, final List<String> known)
    {
        String best = null;
        int bestDistance = 3;
        for (final String candidate : known)
        {
            if (candidate.equalsIgnoreCase(name))
            {
                return candidate;
            }
            final int distance = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    private static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    // ---------------------------------------------------------------------------------------------
    // Paths and locations

    private static String pathOf(final List<JsonMappingException.Reference> references)
    {
        final StringBuilder sb = new StringBuilder();
        for (final JsonMappingException.Reference reference : references)
        {
            if (reference.getFieldName() != null)
            {
                if (sb.length() > 0)
                {
                    sb.append('.');
                }
                sb.append(reference.getFieldName());
            }
            else if (reference.getIndex() >= 0)
            {
                sb.append('[').append(reference.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String pathOf(final InputCoercionException ex)
    {
        return ex.getProcessor() != null ? contextPath(ex.getProcessor()) : "";
    }

    /** @return the path of the value the parser is at (or was expecting). */
    private static String contextPath(final JsonParser parser)
    {
        final JsonToken token = parser.currentToken();
        final JsonStreamContext context = parser.getParsingContext();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
        {
            return valuePath(context.getParent());
        }
        return valuePath(context);
    }

    /** @return the path of the current entry of {@code context}: its current field, or its current element. */
    private static String valuePath(final JsonStreamContext context)
    {
        if (context == null || context.inRoot())
        {
            return "";
        }
        final String base = valuePath(context.getParent());
        if (context.inArray())
        {
            return base + '[' + Math.max(0, context.getCurrentIndex()) + ']';
        }
        final String name = context.getCurrentName();
        if (name == null)
        {
            return base;
        }
        return base.isEmpty() ? name : base + '.' + name;
    }

    /**
     * Finds each problem's place in the text: the value at its path, or if the path is not in the
     * text (a missing field), the closest enclosing value that is.
     */
    static List<Problem> locate(final String text, final List<Problem> problems)
    {
        final Locations locations = new Locations(text);
        final List<Problem> located = new ArrayList<>(problems.size());
        for (final Problem problem : problems)
        {
            located.add(locations.locate(problem, false));
        }
        return located;
    }

    /** Where each value and field name of a JSON text starts, by JSON path. */
    static final class Locations
    {
        private final Map<String, JsonLocation> values = new HashMap<>();
        private final Map<String, JsonLocation> names = new HashMap<>();

        Locations(final String text)
        {
            try (JsonParser parser = new JsonFactory().createParser(text))
            {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken())
                {
                    if (token == JsonToken.FIELD_NAME)
                    {
                        names.putIfAbsent(contextPath(parser), parser.currentTokenLocation());
                    }
                    else if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY)
                    {
                        values.putIfAbsent(contextPath(parser), parser.currentTokenLocation());
                    }
                }
            }
            catch (final IOException ex)
            {
                // malformed further on: keep what was seen up to there
            }
        }

        /**
         * @param problem a problem whose location is to be found.
         * @param name    true to point at the field's name rather than its value.
         * @return the problem at the start of its field's value (or name), or of the closest enclosing value
         * in the text; unchanged when none is found.
         */
        Problem locate(final Problem problem, final boolean name)
        {
            String path = problem.path();
            JsonLocation location = name ? names.get(path) : values.get(path);
            while (location == null && !path.isEmpty())
            {
                path = parentPath(path);
                location = values.get(path);
            }
            return location == null ? problem : new Problem(problem.path(), location.getLineNr(), location.getColumnNr(), problem.reason());
        }
    }

    private static String parentPath(final String path)
    {
        if (path.endsWith("]"))
        {
            return path.substring(0, path.lastIndexOf('['));
        }
        final int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
