package io.canopus.sim.config;

import io.canopus.sim.fault.FaultSettings;
import io.canopus.sim.graph.LinkSpec;

import java.util.List;
import java.util.OptionalLong;

/**
 * A run in our own network format (see {@code docs/network-format.md}), read and checked by
 * {@link NetworkConfigReader}: named racks of servers, clients and hubs, links with latency (fixed or a
 * distribution), bandwidth, queue limit, loss and duplication, timed events, an optional random fault generator,
 * a workload and the protocol with its timers.
 *
 * @param source     where it was read from, for messages.
 * @param name       the run's name.
 * @param seed       the master seed, when the file gives one.
 * @param durationNs simulated run length.
 * @param protocol   the protocol and its timers.
 * @param racks      server names, rack by rack; servers become endpoints 0..n-1 in this order.
 * @param clients    client names; clients become endpoints n.. in this order.
 * @param hubs       hub names (switches: the only nodes that forward).
 * @param links      the links.
 * @param cpu        per-server processing costs, or null for none.
 * @param events     timed changes, in time order.
 * @param faults     the random fault generator's settings, or null for no random faults.
 * @param workload   what the clients do.
 */
public record NetworkConfig(
    String source,
    String name,
    OptionalLong seed,
    long durationNs,
    Protocol protocol,
    List<List<String>> racks,
    List<String> clients,
    List<String> hubs,
    List<Link> links,
    Cpu cpu,
    List<Event> events,
    FaultSettings faults,
    Workload workload)
{
    /**
     * @param name                 {@code canopus} or {@code raft}.
     * @param preVote              Raft's pre-vote.
     * @param electionTimeoutMinNs Raft: shortest election timeout.
     * @param electionTimeoutMaxNs Raft: longest election timeout.
     * @param heartbeatNs          Raft: heartbeat interval; Canopus: longest gap between cycles without work.
     */
    public record Protocol(String name, boolean preVote, long electionTimeoutMinNs, long electionTimeoutMaxNs, long heartbeatNs)
    {
    }

    /**
     * @param name          the link's name, for events.
     * @param from          one end.
     * @param to            the other end.
     * @param bidirectional both directions (each with its own queue), or only {@code from -> to}.
     * @param spec          latency, bandwidth, queue limit, loss and duplication of each direction.
     */
    public record Link(String name, String from, String to, boolean bidirectional, LinkSpec spec)
    {
    }

    /** A server's processing cost per message and per byte, sent or received. */
    public record Cpu(long perMessageNs, double perByteNs)
    {
    }

    /** What a timed event changes. */
    public enum EventKind
    {
        NODE_UP, NODE_DOWN, LINK_UP, LINK_DOWN, LINK_LATENCY
    }

    /**
     * @param atNs   when.
     * @param kind   what.
     * @param target the node or link name.
     * @param spec   for {@link EventKind#LINK_LATENCY}, the link with its new latency; else null.
     */
    public record Event(long atNs, EventKind kind, String target, LinkSpec spec)
    {
    }

    /**
     * @param openLoopRatePerSec operations per second offered (open loop), or 0 for closed-loop clients.
     * @param keys               keys the operations spread over.
     * @param get                weight of reads.
     * @param put                weight of writes.
     * @param cas                weight of compare-and-sets.
     * @param valueSize          bytes per written value.
     * @param thinkMinNs         closed loop: shortest pause after an answer.
     * @param thinkMaxNs         closed loop: longest pause.
     * @param timeoutNs          how long a client waits for an answer before it retries.
     */
    public record Workload(
        double openLoopRatePerSec, int keys, int get, int put, int cas, int valueSize, long thinkMinNs, long thinkMaxNs, long timeoutNs)
    {
    }

    /** @return servers in the cluster. */
    public int serverCount()
    {
        return racks.stream().mapToInt(List::size).sum();
    }
}
