package io.canopus.perf.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code scripts/bench} run measured, as written to {@code summary.json} and printed by
 * {@code --json}. Latencies are in microseconds from the intended send time; rates in messages
 * (operations) per second; a {@code null} latency means nothing was measured there.
 *
 * @param machine     cores, CPU, memory, JVM, kernel.
 * @param settings    every setting that decides the figures.
 * @param systems     one entry per system and message size: its saturation and the latency at it.
 * @param commonRates per size, every system at one common rate (half of Aeron Cluster's saturation).
 * @param ratios      Canopus's saturation over Aeron Cluster's, per size ({@code canopusVsAeronCluster32} ..., present
 *                    whenever both ran at that size, null when Aeron Cluster met the SLO at no rate), and the same
 *                    for overload throughput ({@code canopusVsAeronClusterOverload32} ...).
 * @param ceiling     per size, raw multicast on loopback and Canopus's committed payload as a share of it.
 * @param steady      the steady run's GC and CPU evidence, or null when not run.
 * @param warnings    what makes figures doubtful, one sentence each.
 */
public record BenchResults(
    Map<String, Object> machine,
    Map<String, Object> settings,
    List<SystemResult> systems,
    List<CommonRate> commonRates,
    Map<String, Double> ratios,
    List<Ceiling> ceiling,
    Steady steady,
    List<String> warnings)
{
    /**
     * @param saturationMsgsPerSec the highest rate that passed the search, 0 when none did.
     * @param capped               true when the search's cap passed: the system may sustain more.
     * @param overloadMsgsPerSec   writes/s completed when offered {@link BenchSettings#overloadRate()} (as much as
     *                             it takes, with the client's in-flight limit): throughput without any latency bound.
     * @param overloadStealPercent CPU time the hypervisor took from the machine during the overload probe, % (null: unknown).
     * @param probes               every probe of the search.
     */
    public record SystemResult(String name, int sizeBytes, long saturationMsgsPerSec, boolean capped, Double p50Us,
        Double p90Us, Double p99Us, Double p999Us, Double maxUs, double overloadMsgsPerSec, Double overloadStealPercent,
        String threading, List<Probe> probes)
    {
    }

    /**
     * One probe of a saturation search; {@code stealPercent} is the CPU time the hypervisor took from
     * the machine during it (from {@code /proc/stat}; null where unknown), so a failure caused by the
     * host can be told from one the system caused.
     */
    public record Probe(long targetPerSec, double achievedPerSec, Double p50Us, Double p99Us, long missing, long failed,
        boolean passed, String reason, String hlog, Double stealPercent)
    {
    }

    /** Every system at one rate, {@code runs} runs merged. */
    public record CommonRate(int sizeBytes, long ratePerSec, String basis, List<AtRate> systems)
    {
    }

    /** One system at a common rate: the merged distribution of its runs. */
    public record AtRate(String name, int runs, double achievedPerSec, long missing, Double p50Us, Double p90Us, Double p99Us,
        Double p999Us, Double maxUs, String hgrm)
    {
    }

    /**
     * @param canopusCommittedBytesPerSec Canopus 1 rack's saturation x size: payload committed per second.
     * @param canopusShare                that over {@code multicastBytesPerSec}.
     * @param canopusOverloadShare        Canopus 1 rack's overload throughput x size over {@code multicastBytesPerSec}.
     */
    public record Ceiling(int sizeBytes, int subscribers, double multicastMsgsPerSec, double multicastBytesPerSec,
        Double canopusCommittedBytesPerSec, Double canopusShare, Double canopusOverloadShare)
    {
    }

    /**
     * @param gcCollectionsAfterWarmup collections of every collector during the measured period.
     * @param cpuNsPerCommittedWrite   process CPU time (nodes, driver and client rig) over writes committed.
     */
    public record Steady(String system, int sizeBytes, long ratePerSec, double measuredSeconds, double achievedPerSec,
        long gcCollectionsAfterWarmup, long gcMillisAfterWarmup, long committedWrites, Double cpuNsPerCommittedWrite,
        Double p50Us, Double p99Us, Double p999Us, Double maxUs, String gcLog)
    {
    }
}
