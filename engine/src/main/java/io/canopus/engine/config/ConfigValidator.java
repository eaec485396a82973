package io.canopus.engine.config;

import io.canopus.transport.MediaDriverMode;
import io.canopus.journal.SyncPolicy;
import io.canopus.engine.config.ConfigException.Problem;
import io.canopus.engine.topology.ClusterTopology;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of a bound cluster config, each problem naming the JSON path of its field. All
 * problems are collected, in document order as far as possible, so an operator fixes them in one go.
 */
final class ConfigValidator
{
    private static final String PORT_RANGE = "accepted: a port 1..65535";
    private static final String HOST_ACCEPTED = "accepted: a literal IPv4 address (e.g. 10.0.1.7) or a host name (e.g. rack1-node2); " +
        "names are not resolved when the config is read";

    private final List<Problem> problems = new ArrayList<>();

    private ConfigValidator()
    {
    }

    /**
     * @return every problem found; empty when the config is valid.
     */
    static List<Problem> validate(
        final ProtocolSettings protocol, final List<RackConfig> racks, final JournalConfig journal, final RuntimeConfig runtime)
    {
        final ConfigValidator validator = new ConfigValidator();
        validator.protocol(protocol, runtime);
        validator.racks(racks);
        validator.journal(journal);
        validator.runtime(runtime);
        return validator.problems;
    }

    private void problem(final String path, final String reason)
    {
        problems.add(new Problem(path, -1, -1, reason));
    }

    // ---------------------------------------------------------------------------------------------

    private void protocol(final ProtocolSettings s, final RuntimeConfig runtime)
    {
        final int before = problems.size();
        if (s.fanout() < 2)
        {
            problem("cluster.fanout", s.fanout() + " is too small; accepted: an integer >= 2 (racks grouped per vnode of the tree)");
        }
        if (s.pipelineDepth() < 1 || s.pipelineDepth() > 64)
        {
            problem("cluster.pipelineDepth", s.pipelineDepth() + " is out of range; accepted: 1..64 cycles in flight");
        }
        positive("cluster.heartbeatIntervalMs", s.heartbeatIntervalMs(), "milliseconds");
        positive("cluster.tickIntervalUs", s.tickIntervalUs(), "microseconds");
        positive("cluster.retransmitTimeoutUs", s.retransmitTimeoutUs(), "microseconds");
        positive("cluster.fetchTimeoutUs", s.fetchTimeoutUs(), "microseconds");
        positive("cluster.suspicionTimeoutMs", s.suspicionTimeoutMs(), "milliseconds");
        positive("cluster.viewChangeTimeoutMs", s.viewChangeTimeoutMs(), "milliseconds");
        positive("cluster.joinRetryMs", s.joinRetryMs(), "milliseconds");
        if (s.suspicionTimeoutMs() > 0 && s.heartbeatIntervalMs() > 0 && s.suspicionTimeoutMs() <= s.heartbeatIntervalMs())
        {
            problem("cluster.suspicionTimeoutMs", s.suspicionTimeoutMs() + " ms is not greater than cluster.heartbeatIntervalMs (" +
                s.heartbeatIntervalMs() + " ms); accepted: a suspicion timeout longer than the heartbeat interval, " +
                "or idle members would be suspected between two heartbeats");
        }
        if (s.suspicionTimeoutMs() > 0 && s.retransmitTimeoutUs() > 0 && 1000L * s.suspicionTimeoutMs() <= 2L * s.retransmitTimeoutUs())
        {
            problem("cluster.suspicionTimeoutMs", s.suspicionTimeoutMs() + " ms is not greater than twice cluster.retransmitTimeoutUs (" +
                s.retransmitTimeoutUs() + " us); accepted: a suspicion timeout that leaves room for two pulls of a missing proposal");
        }
        final long termBytes = 1024L * runtime.termLengthKiB();
        if (validTermLength(runtime.termLengthKiB()) && s.maxProposalBytes() > termBytes / 8)
        {
            problem("cluster.maxProposalBytes", s.maxProposalBytes() + " bytes does not fit one Aeron message with runtime.termLengthKiB " +
                runtime.termLengthKiB() + " (largest message = term length / 8 = " + termBytes / 8 + " bytes); accepted: at most " +
                termBytes / 8 + ", or raise runtime.termLengthKiB to at least " + termLengthFor(s.maxProposalBytes()));
        }
        if (problems.size() == before)
        {
            try
            {
                s.toCanopusConfig().validate();
            }
            catch (final IllegalArgumentException ex)
            {
                problem(protocolField(ex.getMessage()), "rejected by the protocol: " + ex.getMessage());
            }
        }
    }

    private void positive(final String path, final int value, final String unit)
    {
        if (value <= 0)
        {
            problem(path, value + " is not positive; accepted: a whole number of " + unit + " > 0");
        }
    }

    private static long termLengthFor(final int messageBytes)
    {
        long kib = RuntimeConfig.MIN_TERM_LENGTH_KIB;
        while (kib * 1024 / 8 < messageBytes && kib < RuntimeConfig.MAX_TERM_LENGTH_KIB)
        {
            kib <<= 1;
        }
        return kib;
    }

    /**
     * Names the {@code cluster.*} field of a {@link io.canopus.engine.canopus.CanopusConfig#validate()} message,
     * which starts with the setting's name ({@code maxPayloadBytes must be 16..16384, was 8}).
     */
    static String protocolField(final String message)
    {
        final String setting = message == null ? "" : message.split("[^A-Za-z]", 2)[0];
        final String field;
        switch (setting)
        {
            case "heartbeatIntervalNs":
                field = "heartbeatIntervalMs";
                break;
            case "suspicionTimeoutNs":
                field = "suspicionTimeoutMs";
                break;
            case "viewChangeTimeoutNs":
                field = "viewChangeTimeoutMs";
                break;
            case "joinRetryNs":
                field = "joinRetryMs";
                break;
            case "tickIntervalNs":
                field = "tickIntervalUs";
                break;
            case "retransmitTimeoutNs":
                field = "retransmitTimeoutUs";
                break;
            case "fetchTimeoutNs":
                field = "fetchTimeoutUs";
                break;
            default:
                field = setting;
        }
        final boolean known = List.of(ProtocolSettings.class.getRecordComponents()).stream().anyMatch(c -> c.getName().equals(field));
        return known ? "cluster." + field : "cluster";
    }

    // ---------------------------------------------------------------------------------------------

    private void racks(final List<RackConfig> racks)
    {
        if (racks.isEmpty())
        {
            problem("racks", "no rack; accepted: at least one rack, each with at least one node");
            return;
        }
        int nodeCount = 0;
        for (final RackConfig rack : racks)
        {
            nodeCount += rack == null || rack.nodes() == null ? 0 : rack.nodes().size();
        }
        if (nodeCount > ClusterTopology.MAX_NODES)
        {
            problem("racks", nodeCount + " nodes in all; accepted: at most " + ClusterTopology.MAX_NODES + " nodes in a cluster");
        }

        final Map<Integer, String> rackIds = new HashMap<>();
        final Map<Integer, String> nodeIds = new HashMap<>();
        final Map<String, String> groups = new HashMap<>();
        final Map<String, Claim> hostPorts = new HashMap<>();
        for (int i = 0; i < racks.size(); i++)
        {
            final String path = "racks[" + i + "]";
            final RackConfig rack = racks.get(i);
            if (rack == null)
            {
                problem(path, "null; expected " + ConfigFile.help(path));
                continue;
            }
            id(path + ".id", rack.id(), racks.size(), "rack", rackIds);
            final boolean groupValid = multicast(path + ".multicast", rack.multicast());
            if (groupValid)
            {
                final String key = rack.multicast().group() + ':' + rack.multicast().port();
                final String previous = groups.putIfAbsent(key, path + ".multicast");
                if (previous != null)
                {
                    problem(path + ".multicast", key + " is also the group of " + previous +
                        "; accepted: a multicast group:port of its own for each rack");
                }
            }
            if (rack.nodes().isEmpty())
            {
                problem(path + ".nodes", "no node; accepted: at least 1 node in a rack");
                continue;
            }
            if (rack.nodes().size() > ClusterTopology.MAX_RACK_SIZE)
            {
                problem(path + ".nodes", rack.nodes().size() + " nodes; accepted: at most " + ClusterTopology.MAX_RACK_SIZE + " nodes in a rack");
            }
            final List<String> rackHosts = new ArrayList<>();
            for (int j = 0; j < rack.nodes().size(); j++)
            {
                final String nodePath = path + ".nodes[" + j + "]";
                final NodeConfig node = rack.nodes().get(j);
                if (node == null)
                {
                    problem(nodePath, "null; expected " + ConfigFile.help(nodePath));
                    continue;
                }
                id(nodePath + ".id", node.id(), nodeCount, "node", nodeIds);
                final boolean hostValid = host(nodePath + ".host", node.host());
                final boolean portValid = port(nodePath + ".port", node.port());
                final boolean clientPortValid = port(nodePath + ".clientPort", node.clientPort());
                if (hostValid)
                {
                    final String host = node.host().toLowerCase(Locale.ROOT);
                    if (!rackHosts.contains(host))
                    {
                        rackHosts.add(host);
                    }
                    if (portValid)
                    {
                        claim(hostPorts, host, node.port(), new Claim(nodePath + ".port", -1, null));
                    }
                    if (clientPortValid)
                    {
                        claim(hostPorts, host, node.clientPort(), new Claim(nodePath + ".clientPort", -1, null));
                    }
                }
            }
            if (rack.multicast() != null && validPort(rack.multicast().port()))
            {
                for (final String host : rackHosts)
                {
                    claim(hostPorts, host, rack.multicast().port(),
                        new Claim(path + ".multicast.port", i, groupValid ? rack.multicast().group() : null));
                }
            }
        }
    }

    /** Who uses a port on a host; {@code rack >= 0} for a rack's multicast port. */
    private record Claim(String path, int rack, String group)
    {
    }

    private void claim(final Map<String, Claim> claims, final String host, final int port, final Claim claim)
    {
        final String key = host + ':' + port;
        final Claim previous = claims.putIfAbsent(key, claim);
        if (previous == null)
        {
            return;
        }
        if (claim.rack() >= 0 && previous.rack() >= 0)
        {
            // Two racks' multicast ports on one host. Same group and port is reported once, as a shared group.
            if (previous.group() != null && previous.group().equals(claim.group()))
            {
                return;
            }
            problem(claim.path(), "port " + port + " on host " + host + " is also the multicast port of " + previous.path() +
                ", whose rack has a node on that host too; accepted: a different multicast port for racks that share a host " +
                "(a socket bound to a port receives every group joined on the host)");
            return;
        }
        problem(claim.path(), key + " is already used by " + previous.path() +
            "; accepted: node ports, client ports and multicast ports that all differ on one host");
    }

    private void id(final String path, final int id, final int count, final String what, final Map<Integer, String> seen)
    {
        if (id < 0 || id >= count)
        {
            problem(path, what + " id " + id + " is out of range; accepted: " + what + " ids 0.." + (count - 1) + " (there are " + count + " " +
                what + "s), each used exactly once, in any order");
            return;
        }
        final String previous = seen.putIfAbsent(id, path);
        if (previous != null)
        {
            problem(path, "duplicate " + what + " id " + id + ", also at " + previous + "; accepted: " + what + " ids 0.." + (count - 1) +
                ", each used exactly once");
        }
    }

    private boolean multicast(final String path, final MulticastConfig multicast)
    {
        if (multicast == null)
        {
            problem(path, "null; expected " + ConfigFile.help(path));
            return false;
        }
        boolean valid = port(path + ".port", multicast.port());
        final int[] group = Ipv4.parse(multicast.group());
        if (group == null)
        {
            problem(path + ".group", describe(multicast.group()) + " is not a literal IPv4 address; accepted: an IPv4 multicast address " +
                "224.0.0.0..239.255.255.255 with an odd last octet, e.g. 239.255.0.1");
            valid = false;
        }
        else if (group[0] < 224 || group[0] > 239)
        {
            problem(path + ".group", multicast.group() + " is not a multicast address; accepted: an IPv4 address in 224.0.0.0/4 " +
                "(224.0.0.0..239.255.255.255), e.g. 239.255.0.1");
            valid = false;
        }
        else if (group[3] % 2 == 0 || group[3] == 255)
        {
            problem(path + ".group", multicast.group() + (group[3] == 255 ? " ends in 255" : " has an even last octet") +
                "; accepted: an odd last octet 1..253 (Aeron takes the next address up as the group's control address)");
            valid = false;
        }
        if (multicast.interfaceAddress() != null && !Ipv4.isInterface(multicast.interfaceAddress()))
        {
            problem(path + ".interface", describe(multicast.interfaceAddress()) + " is not an interface address; accepted: a literal IPv4 " +
                "address with an optional /prefix (e.g. 10.0.1.7 or 10.0.1.0/24), or null for the system's choice");
        }
        return valid;
    }

    private boolean host(final String path, final String host)
    {
        if (host == null)
        {
            problem(path, "null; " + HOST_ACCEPTED);
            return false;
        }
        final int[] address = Ipv4.parse(host);
        if (address != null)
        {
            if (address[0] == 0)
            {
                problem(path, host + " is not an address peers can send to (0.x.x.x); " + HOST_ACCEPTED);
                return false;
            }
            if (address[0] >= 224)
            {
                problem(path, host + " is a multicast or reserved address, not a node's unicast address; " + HOST_ACCEPTED);
                return false;
            }
            return true;
        }
        if (!Ipv4.isHostName(host))
        {
            problem(path, describe(host) + " is neither a literal IPv4 address nor a valid host name; " + HOST_ACCEPTED);
            return false;
        }
        return true;
    }

    private boolean port(final String path, final int port)
    {
        if (!validPort(port))
        {
            problem(path, port + " is out of range; " + PORT_RANGE);
            return false;
        }
        return true;
    }

    private static boolean validPort(final int port)
    {
        return port >= 1 && port <= 65535;
    }

    // ---------------------------------------------------------------------------------------------

    private void journal(final JournalConfig journal)
    {
        directory("journal.directory", journal.directory(), false);
        if (journal.sync() == null)
        {
            problem("journal.sync", "missing; " + SyncPolicy.ACCEPTED);
        }
        if (journal.pretouchAheadKiB() < 0 || journal.pretouchAheadKiB() > JournalConfig.MAX_PRETOUCH_AHEAD_KIB)
        {
            problem("journal.pretouchAheadKiB", journal.pretouchAheadKiB() + " is not accepted; accepted: 0 (no pretouch thread) to " +
                JournalConfig.MAX_PRETOUCH_AHEAD_KIB + " KiB");
        }
    }

    private void runtime(final RuntimeConfig runtime)
    {
        if (runtime.idleStrategy() == null)
        {
            problem("runtime.idleStrategy", "missing; accepted: " + IdleStrategyType.accepted());
        }
        if (runtime.driverMode() == null)
        {
            problem("runtime.driverMode", "missing; accepted: " + MediaDriverMode.accepted());
        }
        if (runtime.driverMode() == MediaDriverMode.EXTERNAL && runtime.aeronDir() == null)
        {
            problem("runtime.aeronDir", "required when runtime.driverMode is \"external\"; accepted: the directory of the running " +
                "media driver (its aeron.dir)");
        }
        else
        {
            directory("runtime.aeronDir", runtime.aeronDir(), true);
        }
        if (!validTermLength(runtime.termLengthKiB()))
        {
            problem("runtime.termLengthKiB", runtime.termLengthKiB() + " is not accepted; accepted: a power of two from " +
                RuntimeConfig.MIN_TERM_LENGTH_KIB + " to " + RuntimeConfig.MAX_TERM_LENGTH_KIB + " (64 KiB to 1 GiB, Aeron's limits)");
        }
        directory("runtime.metricsDirectory", runtime.metricsDirectory(), true);
        positive("runtime.metricsIntervalMs", runtime.metricsIntervalMs(), "milliseconds");
    }

    private static boolean validTermLength(final int kib)
    {
        return kib >= RuntimeConfig.MIN_TERM_LENGTH_KIB && kib <= RuntimeConfig.MAX_TERM_LENGTH_KIB && Integer.bitCount(kib) == 1;
    }

    private void directory(final String path, final String directory, final boolean nullable)
    {
        if (directory == null)
        {
            if (!nullable)
            {
                problem(path, "missing; accepted: a directory path");
            }
            return;
        }
        if (directory.isBlank())
        {
            problem(path, "empty; accepted: a directory path" + (nullable ? ", or null" : ""));
            return;
        }
        try
        {
            Path.of(directory);
        }
        catch (final InvalidPathException ex)
        {
            problem(path, describe(directory) + " is not a valid path on this system (" + ex.getReason() + "); accepted: a directory path");
        }
    }

    private static String describe(final String text)
    {
        return text == null ? "null" : '"' + text + '"';
    }
}
