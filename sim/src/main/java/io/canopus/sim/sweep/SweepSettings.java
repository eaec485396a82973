package io.canopus.sim.sweep;

import io.canopus.sim.graph.GraphNetwork;

import io.canopus.sim.workload.WorkloadSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep covers (the axes: every combination is one point) and how each point is run.
 *
 * @param protocols          protocols to compare.
 * @param racks              rack counts.
 * @param nodesPerRack       servers per rack.
 * @param mixes              operation mixes.
 * @param bandwidthsBps      server link bandwidths, bits/s.
 * @param latenciesNs        link propagation delays.
 * @param oversubscription   how much less the rack uplink carries than its servers' links together
 *                           (uplink = nodesPerRack x bandwidth / oversubscription), >= 1.
 * @param startClientsPerNode offered load of a point's first run; doubled while throughput still grows.
 * @param maxDoublings       at most this many doublings per point.
 * @param growthThreshold    a doubling that raised throughput by less than this share means saturated.
 * @param warmupNs           simulated time before measuring (leader election, pipelines filling).
 * @param measureNs          simulated time measured.
 * @param cpuPerMessageNs    a server's cost to send or receive one message (see {@code HostCpuModel}).
 * @param cpuPerByteNs       a server's cost per byte sent or received.
 * @param valueSize          bytes per written value.
 * @param seed               master seed of every run.
 * @param threads            runs in parallel (each run is single threaded).
 */
public record SweepSettings(
    List<String> protocols,
    List<Integer> racks,
    List<Integer> nodesPerRack,
    List<Mix> mixes,
    List<Long> bandwidthsBps,
    List<Long> latenciesNs,
    double oversubscription,
    int startClientsPerNode,
    int maxDoublings,
    double growthThreshold,
    long warmupNs,
    long measureNs,
    long cpuPerMessageNs,
    double cpuPerByteNs,
    int valueSize,
    long seed,
    int threads)
{
    /** Most points one sweep may have: bounds its wall time and memory. */
    public static final int MAX_POINTS = 512;

    public SweepSettings
    {
        protocols = List.copyOf(protocols);
        racks = List.copyOf(racks);
        nodesPerRack = List.copyOf(nodesPerRack);
        mixes = List.copyOf(mixes);
        bandwidthsBps = List.copyOf(bandwidthsBps);
        latenciesNs = List.copyOf(latenciesNs);
        require(!protocols.isEmpty() && !racks.isEmpty() && !nodesPerRack.isEmpty() && !mixes.isEmpty() &&
            !bandwidthsBps.isEmpty() && !latenciesNs.isEmpty(), "every axis needs at least one value");
        require(racks.stream().allMatch(r -> r >= 1 && r <= 64), "racks must be 1..64: " + racks);
        require(nodesPerRack.stream().allMatch(n -> n >= 1 && n <= 64), "nodes per rack must be 1..64: " + nodesPerRack);
        require(bandwidthsBps.stream().allMatch(b -> b > 0), "bandwidths must be positive: " + bandwidthsBps);
        require(latenciesNs.stream().allMatch(l -> l > 0), "latencies must be positive: " + latenciesNs);
        require(oversubscription >= 1, "oversubscription must be >= 1: " + oversubscription);
        require(startClientsPerNode >= 1 && startClientsPerNode <= 1024, "clients per node must be 1..1024: " + startClientsPerNode);
        require(maxDoublings >= 0 && maxDoublings <= 6, "doublings must be 0..6: " + maxDoublings);
        require(growthThreshold > 0 && growthThreshold < 1, "growth threshold must be in (0, 1): " + growthThreshold);
        require(warmupNs >= 0 && measureNs > 0, "warm-up >= 0 and measured time > 0 expected");
        require(cpuPerMessageNs >= 0 && cpuPerByteNs >= 0, "CPU costs must be >= 0");
        require(valueSize >= Long.BYTES && valueSize <= WorkloadSettings.MAX_VALUE_SIZE,
            "value size must be 8.." + WorkloadSettings.MAX_VALUE_SIZE + ": " + valueSize);
        require(threads >= 1 && threads <= 64, "threads must be 1..64: " + threads);
        final long points = (long)protocols.size() * racks.size() * nodesPerRack.size() * mixes.size() * bandwidthsBps.size() *
            latenciesNs.size();
        require(points <= MAX_POINTS, "a sweep of " + points + " points is more than " + MAX_POINTS);
        // The largest run must fit the datacenter graph: servers, their clients at the last doubling, the switches.
        final long servers = (long)racks.stream().mapToInt(Integer::intValue).max().orElse(1) *
            nodesPerRack.stream().mapToInt(Integer::intValue).max().orElse(1);
        final long clients = servers * startClientsPerNode << maxDoublings;
        final long graphNodes = servers + clients + racks.stream().mapToInt(Integer::intValue).max().orElse(1) + 1;
        require(graphNodes <= GraphNetwork.MAX_NODES, "the largest point would need " + clients + " clients on " + servers +
            " servers, more than the simulated datacenter holds (" + GraphNetwork.MAX_NODES + " nodes): fewer doublings or clients");
    }

    /** @return every point, protocols innermost so that rows to compare sit side by side. */
    public List<SweepPoint> points()
    {
        final List<SweepPoint> points = new ArrayList<>();
        for (final Mix mix : mixes)
        {
            for (final long bandwidth : bandwidthsBps)
            {
                for (final long latency : latenciesNs)
                {
                    for (final int r : racks)
                    {
                        for (final int n : nodesPerRack)
                        {
                            for (final String protocol : protocols)
                            {
                                points.add(new SweepPoint(protocol, r, n, mix, bandwidth, latency, startClientsPerNode));
                            }
                        }
                    }
                }
            }
        }
        return points;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
