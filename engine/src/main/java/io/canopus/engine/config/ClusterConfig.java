package io.canopus.engine.config;

import io.canopus.transport.MediaDriverMode;
import io.canopus.journal.SyncPolicy;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.config.ConfigException.Problem;
import io.canopus.engine.topology.ClusterTopology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A validated cluster config: the racks, nodes and addresses of a deployment, the protocol
 * settings, the journal and the runtime options. Immutable; every instance has passed every check,
 * whether it was read from a file ({@link #load(Path)}, {@link #parse(String, String)}), built in
 * code ({@link #of}) or generated ({@link #localCluster(int, int, int)}).
 *
 * <h2>File format</h2>
 * One JSON object (UTF-8, strict JSON: no comments, no trailing commas, no duplicate fields, no
 * unknown fields, no strings where numbers go):
 * <pre>
 * {
 *   "cluster": { "fanout": 3, "pipelineDepth": 4, "heartbeatIntervalMs": 2, "suspicionTimeoutMs": 40, ... },
 *   "racks": [
 *     { "id": 0, "multicast": { "group": "239.255.10.1", "port": 40100, "interface": "127.0.0.1" },
 *       "nodes": [ { "id": 0, "host": "127.0.0.1", "port": 40001, "clientPort": 40501 }, ... ] },
 *     ...
 *   ],
 *   "journal": { "directory": "journal", "sync": "none" },
 *   "runtime": { "idleStrategy": "backoff", "driverMode": "embedded-invoker", "aeronDir": null,
 *                "termLengthKiB": 1024, "metricsDirectory": null, "metricsIntervalMs": 1000 }
 * }
 * </pre>
 * <ul>
 *   <li>{@code racks} is required; in each rack {@code id}, {@code multicast} (with {@code group} and
 *       {@code port}) and {@code nodes} are required, and in each node every field is. See
 *       {@link RackConfig}, {@link MulticastConfig}, {@link NodeConfig}.</li>
 *   <li>{@code cluster}, {@code journal}, {@code runtime} and each of their fields are optional; see
 *       {@link ProtocolSettings}, {@link JournalConfig}, {@link RuntimeConfig} for the fields and defaults.</li>
 *   <li>Rack ids are exactly 0..racks-1 and node ids exactly 0..nodes-1, each once, listed in any order.
 *       The ids are used as they are, not mapped: they are the ids of the protocol core, on the wire, in the
 *       journal and in logs, so an operator reads the same number everywhere. A rack's id is its place in
 *       the Leaf-Only Tree.</li>
 *   <li>Ports are 1..65535; on one host (same host string, compared ignoring case) every node port, client port
 *       and rack multicast port differs, except that the nodes of one rack share its multicast port.
 *       Host names are not resolved, so a name and an address of the same machine are not seen as one host.</li>
 * </ul>
 * Every mistake is a {@link ConfigException} naming the file, the line and column where known, the JSON
 * path of the field, what is wrong and what is accepted.
 */
public final class ClusterConfig
{
    /** The source name of a config built in code. */
    public static final String IN_MEMORY_SOURCE = "<in-memory>";

    private final String source;
    private final ProtocolSettings protocol;
    private final List<RackConfig> racks;
    private final JournalConfig journal;
    private final RuntimeConfig runtime;
    private final NodeConfig[] nodeById;
    private final RackConfig[] rackById;
    private final RackConfig[] rackOfNode;

    private ClusterConfig(
        final String source, final ProtocolSettings protocol, final List<RackConfig> racks, final JournalConfig journal, final RuntimeConfig runtime)
    {
        this.source = source;
        this.protocol = protocol;
        this.racks = List.copyOf(racks);
        this.journal = journal;
        this.runtime = runtime;
        int nodeCount = 0;
        for (final RackConfig rack : racks)
        {
            nodeCount += rack.nodes().size();
        }
        this.nodeById = new NodeConfig[nodeCount];
        this.rackOfNode = new RackConfig[nodeCount];
        this.rackById = new RackConfig[racks.size()];
        for (final RackConfig rack : racks)
        {
            rackById[rack.id()] = rack;
            for (final NodeConfig node : rack.nodes())
            {
                nodeById[node.id()] = node;
                rackOfNode[node.id()] = rack;
            }
        }
    }

    /**
     * Reads and validates a config file.
     *
     * @param file a UTF-8 JSON file; its name as given is the source named in errors.
     * @return the config.
     * @throws ConfigException when the file cannot be read or holds any mistake.
     */
    public static ClusterConfig load(final Path file)
    {
        final String source = file.toString();
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(source, List.of(new Problem("", -1, -1, "no such file (working directory: " +
                Path.of("").toAbsolutePath() + ")")), ex);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(source, List.of(new Problem("", -1, -1, "cannot read the file: " + ex)), ex);
        }
        String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new ConfigException(source, List.of(new Problem("", -1, -1, "the file is not UTF-8 text; accepted: a UTF-8 JSON file")), ex);
        }
        if (text.startsWith("\uFEFF"))
        {
            text = text.substring(1);
        }
        return parse(text, source);
    }

    /**
     * Reads and validates a config from text.
     *
     * @param json       the JSON text.
     * @param sourceName the name errors give the source, e.g. a file name.
     * @return the config.
     * @throws ConfigException for any mistake.
     */
    public static ClusterConfig parse(final String json, final String sourceName)
    {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(sourceName, "sourceName");
        final ConfigFile.Model model = ConfigFile.read(json, sourceName);
        final List<Problem> problems = ConfigValidator.validate(model.protocol(), model.racks(), model.journal(), model.runtime());
        if (!problems.isEmpty())
        {
            throw new ConfigException(sourceName, ConfigFile.locate(json, problems));
        }
        return new ClusterConfig(sourceName, model.protocol(), model.racks(), model.journal(), model.runtime());
    }

    /**
     * Builds and validates a config in code.
     *
     * @param protocol the {@code cluster} settings, e.g. {@link ProtocolSettings#defaults()}.
     * @param racks    the racks in the order a file would list them.
     * @param journal  the journal settings, e.g. {@link JournalConfig#defaults()}.
     * @param runtime  the runtime settings, e.g. {@link RuntimeConfig#defaults()}.
     * @return the config, with source {@value #IN_MEMORY_SOURCE}.
     * @throws ConfigException naming the JSON path a file would have, for every mistake.
     */
    public static ClusterConfig of(
        final ProtocolSettings protocol, final List<RackConfig> racks, final JournalConfig journal, final RuntimeConfig runtime)
    {
        return of(IN_MEMORY_SOURCE, protocol, racks, journal, runtime);
    }

    private static ClusterConfig of(
        final String source, final ProtocolSettings protocol, final List<RackConfig> racks, final JournalConfig journal, final RuntimeConfig runtime)
    {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(racks, "racks");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(runtime, "runtime");
        final List<RackConfig> copy = new ArrayList<>(racks);
        final List<Problem> problems = ConfigValidator.validate(protocol, copy, journal, runtime);
        if (!problems.isEmpty())
        {
            throw new ConfigException(source, problems);
        }
        return new ClusterConfig(source, protocol, copy, journal, runtime);
    }

    /**
     * Generates a valid config of a cluster on the loopback interface, for the {@code demo} launcher
     * and tests. With {@code n = racks * nodesPerRack}: node {@code i} (rack {@code i / nodesPerRack})
     * has port {@code basePort + i} and client port {@code basePort + n + i} on 127.0.0.1; rack {@code r}
     * has multicast group {@code 239.255.<r / 127>.<2 * (r % 127) + 1>} on port {@code basePort + 2n + r},
     * interface 127.0.0.1. Every other setting is the default.
     *
     * @param racks        number of racks, at least 1.
     * @param nodesPerRack nodes in each rack, 1..{@link ClusterTopology#MAX_RACK_SIZE}.
     * @param basePort     the first port; the last one used is {@code basePort + 2n + racks - 1}, at most 65535.
     * @return the config, with source {@code localCluster(racks, nodesPerRack, basePort)}.
     * @throws ConfigException when the arguments give an invalid cluster (too many nodes, ports past 65535).
     */
    public static ClusterConfig localCluster(final int racks, final int nodesPerRack, final int basePort)
    {
        final String source = "localCluster(" + racks + ", " + nodesPerRack + ", " + basePort + ")";
        if (racks > ClusterTopology.MAX_NODES || nodesPerRack > ClusterTopology.MAX_NODES)
        {
            throw new ConfigException(source, List.of(new Problem("racks", -1, -1, racks + " racks of " + nodesPerRack +
                " nodes; accepted: at most " + ClusterTopology.MAX_NODES + " nodes in a cluster")));
        }
        final int n = Math.max(0, racks) * Math.max(0, nodesPerRack);
        final List<RackConfig> list = new ArrayList<>();
        for (int r = 0; r < racks; r++)
        {
            final List<NodeConfig> nodes = new ArrayList<>();
            for (int k = 0; k < nodesPerRack; k++)
            {
                final int id = r * nodesPerRack + k;
                nodes.add(new NodeConfig(id, "127.0.0.1", basePort + id, basePort + n + id));
            }
            final String group = "239.255." + (r / 127) + '.' + (2 * (r % 127) + 1);
            list.add(new RackConfig(r, new MulticastConfig(group, basePort + 2 * n + r, "127.0.0.1"), nodes));
        }
        return of(source, ProtocolSettings.defaults(), list, JournalConfig.defaults(), RuntimeConfig.defaults());
    }

    /**
     * @return how many consecutive ports {@link #localCluster} uses from its base port: a node port
     * and a client port per node, and a multicast port per rack.
     */
    public static int localClusterPortCount(final int racks, final int nodesPerRack)
    {
        return 2 * racks * nodesPerRack + racks;
    }

    /**
     * @param protocol new protocol settings.
     * @return a validated copy with them.
     * @throws ConfigException when the copy is invalid.
     */
    public ClusterConfig withProtocol(final ProtocolSettings protocol)
    {
        return of(source, protocol, racks, journal, runtime);
    }

    /**
     * @param journal new journal settings.
     * @return a validated copy with them.
     * @throws ConfigException when the copy is invalid.
     */
    public ClusterConfig withJournal(final JournalConfig journal)
    {
        return of(source, protocol, racks, journal, runtime);
    }

    /**
     * @param runtime new runtime settings.
     * @return a validated copy with them.
     * @throws ConfigException when the copy is invalid.
     */
    public ClusterConfig withRuntime(final RuntimeConfig runtime)
    {
        return of(source, protocol, racks, journal, runtime);
    }

    /**
     * Writes the config in the file format, every field present (defaults included), so that a
     * launcher can hand child processes a file that {@link #parse} reads back equal.
     *
     * @return pretty-printed JSON ending in a line separator.
     */
    public String toJson()
    {
        return ConfigFile.write(this);
    }

    /**
     * Writes {@link #toJson()} to a file, replacing it if it exists.
     *
     * @param file where to write.
     * @throws UncheckedIOException when the file cannot be written.
     */
    public void write(final Path file)
    {
        try
        {
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write cluster config " + file, ex);
        }
    }

    /**
     * @return where the config came from: the file name, {@value #IN_MEMORY_SOURCE}, or the {@code localCluster} call.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return the {@code cluster} object: protocol settings.
     */
    public ProtocolSettings protocol()
    {
        return protocol;
    }

    /**
     * @return the racks in the order the file lists them (unmodifiable).
     */
    public List<RackConfig> racks()
    {
        return racks;
    }

    /**
     * @return the {@code journal} object.
     */
    public JournalConfig journal()
    {
        return journal;
    }

    /**
     * @return the {@code runtime} object.
     */
    public RuntimeConfig runtime()
    {
        return runtime;
    }

    /**
     * @return the number of nodes; their ids are 0..nodeCount-1.
     */
    public int nodeCount()
    {
        return nodeById.length;
    }

    /**
     * @return the number of racks; their ids are 0..rackCount-1.
     */
    public int rackCount()
    {
        return rackById.length;
    }

    /**
     * @param nodeId 0..nodeCount-1.
     * @return the node with that id.
     * @throws IndexOutOfBoundsException for another id.
     */
    public NodeConfig node(final int nodeId)
    {
        return nodeById[nodeId];
    }

    /**
     * @param rackId 0..rackCount-1.
     * @return the rack with that id.
     * @throws IndexOutOfBoundsException for another id.
     */
    public RackConfig rack(final int rackId)
    {
        return rackById[rackId];
    }

    /**
     * @param nodeId 0..nodeCount-1.
     * @return the rack the node belongs to.
     */
    public RackConfig rackOf(final int nodeId)
    {
        return rackOfNode[nodeId];
    }

    /**
     * @param nodeId 0..nodeCount-1.
     * @return the node's protocol endpoint, {@code host:port}.
     */
    public Endpoint endpoint(final int nodeId)
    {
        return nodeById[nodeId].endpoint();
    }

    /**
     * @param nodeId 0..nodeCount-1.
     * @return the node's client endpoint, {@code host:clientPort}.
     */
    public Endpoint clientEndpoint(final int nodeId)
    {
        return nodeById[nodeId].clientEndpoint();
    }

    /**
     * @param nodeId 0..nodeCount-1.
     * @return the multicast group of the node's rack.
     */
    public MulticastConfig multicastOf(final int nodeId)
    {
        return rackOfNode[nodeId].multicast();
    }

    /**
     * @return the topology of the protocol core: rack {@code r} of it is the rack with id {@code r}, its nodes
     * in the order the file lists them; the fanout is {@code cluster.fanout}.
     */
    public ClusterTopology topology()
    {
        final int[][] shape = new int[rackById.length][];
        for (int r = 0; r < shape.length; r++)
        {
            shape[r] = rackById[r].nodeIds();
        }
        return ClusterTopology.of(shape, protocol.fanout());
    }

    /**
     * @return a new, validated protocol config built from {@code cluster} through {@link CanopusConfig}'s setters;
     * the caller may change it further.
     * @throws ConfigException naming the {@code cluster.*} field if {@link CanopusConfig#validate()} rejects it
     *                         (not expected: a config is validated when built).
     */
    public CanopusConfig protocolConfig()
    {
        final CanopusConfig config = protocol.toCanopusConfig();
        try
        {
            return config.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(source, List.of(new Problem(ConfigValidator.protocolField(ex.getMessage()), -1, -1,
                "rejected by the protocol: " + ex.getMessage())), ex);
        }
    }

    /**
     * @param nodeId 0..nodeCount-1.
     * @return {@code <journal.directory>/node-<nodeId>}.
     */
    public Path journalDirectory(final int nodeId)
    {
        Objects.checkIndex(nodeId, nodeById.length);
        return journal.nodeDirectory(nodeId);
    }

    /**
     * @return {@code journal.sync}.
     */
    public SyncPolicy syncPolicy()
    {
        return journal.sync();
    }

    /**
     * @return {@code runtime.idleStrategy}.
     */
    public IdleStrategyType idleStrategy()
    {
        return runtime.idleStrategy();
    }

    /**
     * @return {@code runtime.driverMode}.
     */
    public MediaDriverMode driverMode()
    {
        return runtime.driverMode();
    }

    /**
     * @return {@code runtime.aeronDir}, or null when not set.
     */
    public String aeronDir()
    {
        return runtime.aeronDir();
    }

    /**
     * @return {@code runtime.termLengthKiB} in bytes.
     */
    public int termLengthBytes()
    {
        return runtime.termLengthBytes();
    }

    /**
     * @return {@code runtime.metricsDirectory} as a path, or null when no interval logs are to be written.
     */
    public Path metricsDirectory()
    {
        return runtime.metricsDirectory() == null ? null : Path.of(runtime.metricsDirectory());
    }

    /**
     * @return {@code runtime.metricsIntervalMs}.
     */
    public int metricsIntervalMs()
    {
        return runtime.metricsIntervalMs();
    }

    /**
     * Two configs are equal when they describe the same cluster with the same settings, wherever they came from.
     *
     * @param other another object.
     * @return true when equal.
     */
    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof ClusterConfig))
        {
            return false;
        }
        final ClusterConfig that = (ClusterConfig)other;
        return protocol.equals(that.protocol) && racks.equals(that.racks) && journal.equals(that.journal) && runtime.equals(that.runtime);
    }

    /**
     * @return a hash of the settings, consistent with {@link #equals(Object)}.
     */
    @Override
    public int hashCode()
    {
        return Objects.hash(protocol, racks, journal, runtime);
    }

    /**
     * @return a one-line summary: source, racks, nodes, fanout.
     */
    @Override
    public String toString()
    {
        return "ClusterConfig{source=" + source + ", racks=" + rackById.length + ", nodes=" + nodeById.length + ", fanout=" + protocol.fanout() + '}';
    }
}
