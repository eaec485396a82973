package io.canopus.perf.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one benchmark run does. {@link #standard()} is {@code scripts/bench}, {@link #quick()} its
 * {@code --quick}: shorter probes, fewer sizes and systems, no steady run.
 *
 * @param sizes          message sizes: PUT value bytes for Canopus, the same PUT command echoed by Aeron Cluster.
 * @param systems        system names, run in this order per size; the first one's saturation sets the common rate.
 * @param sloP99Us       the p99 a sustained rate stays within.
 * @param warmupNs       per probe, sent at the rate but not measured.
 * @param durationNs     per probe, measured.
 * @param drainNs        per probe, how long answers are waited for after the last send.
 * @param startRate      the search's first rate.
 * @param maxRate        the search's cap.
 * @param bisections     halvings after the first failing rate.
 * @param runs           runs at the common rate, merged into one distribution.
 * @param steadySeconds  the steady GC/CPU run's measured seconds, 0 for none.
 * @param ceilingNs      measured time of the multicast ceiling per size.
 * @param overloadRate   the rate of the overload probe, far above what either system takes here.
 * @param systemWarmupNs after a system starts, load at the search's start rate that is thrown away: the JIT
 *                       and the caches settle before the first probe (measured here: a fresh Canopus cluster's
 *                       p99 falls from 1.5 ms to 0.6 ms over its first 5 s at 8k writes/s).
 */
public record BenchSettings(
    List<Integer> sizes,
    List<String> systems,
    double sloP99Us,
    long warmupNs,
    long durationNs,
    long drainNs,
    long startRate,
    long maxRate,
    int bisections,
    int runs,
    int steadySeconds,
    long ceilingNs,
    long overloadRate,
    long systemWarmupNs)
{
    /** Aeron Cluster first: its saturation sets the common rate, as the targets are stated against it. */
    public static final List<String> STANDARD_SYSTEMS = List.of("aeron-cluster", "canopus-1x3", "canopus-3x3");

    /** The standard suite: three sizes, three systems, 60 s steady run. */
    public static BenchSettings standard()
    {
        return new BenchSettings(List.of(32, 288, 1344), STANDARD_SYSTEMS, 1000, TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(1), 8_000, 4_000_000, 3, 2, 60,
            TimeUnit.SECONDS.toNanos(2), 2_000_000, TimeUnit.SECONDS.toNanos(5));
    }

    /** {@code --quick}: 32 and 288 B, Aeron Cluster and Canopus 1 rack x 3, short probes, no steady run. */
    public static BenchSettings quick()
    {
        return new BenchSettings(List.of(32, 288), List.of("aeron-cluster", "canopus-1x3"), 1000,
            TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(500), 16_000,
            4_000_000, 2, 1, 0, TimeUnit.SECONDS.toNanos(1), 2_000_000, TimeUnit.SECONDS.toNanos(3));
    }

    /** @return these settings with other sizes, systems, SLO or steady seconds (null keeps the current). */
    public BenchSettings with(final List<Integer> sizes, final List<String> systems, final Double sloP99Us, final Integer steadySeconds)
    {
        return new BenchSettings(sizes != null ? sizes : this.sizes, systems != null ? systems : this.systems,
            sloP99Us != null ? sloP99Us : this.sloP99Us, warmupNs, durationNs, drainNs, startRate, maxRate, bisections, runs,
            steadySeconds != null ? steadySeconds : this.steadySeconds, ceilingNs, overloadRate, systemWarmupNs);
    }

    /** @throws IllegalArgumentException naming the first bad setting. */
    public BenchSettings validate()
    {
        if (sizes.isEmpty() || systems.isEmpty())
        {
            throw new IllegalArgumentException("need at least one size and one system");
        }
        for (final int size : sizes)
        {
            if (size < 1 || size > 1344)
            {
                throw new IllegalArgumentException("sizes must be 1..1344 bytes (Canopus's largest value in one MTU), was " + size);
            }
        }
        for (final String system : systems)
        {
            Systems.requireKnown(system);
        }
        if (!(sloP99Us > 0) || sloP99Us > 10_000_000)
        {
            throw new IllegalArgumentException("the SLO must be 0..10,000,000 us, was " + sloP99Us);
        }
        if (steadySeconds < 0 || steadySeconds > 3600)
        {
            throw new IllegalArgumentException("steady seconds must be 0..3600, was " + steadySeconds);
        }
        return this;
    }

    /** @return the settings as the report states them, in readable units. */
    Map<String, Object> describe()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("sizesBytes", sizes);
        map.put("systems", systems);
        map.put("sloP99Us", sloP99Us);
        map.put("probeWarmupMs", TimeUnit.NANOSECONDS.toMillis(warmupNs));
        map.put("probeMeasuredMs", TimeUnit.NANOSECONDS.toMillis(durationNs));
        map.put("probeDrainMs", TimeUnit.NANOSECONDS.toMillis(drainNs));
        map.put("searchStartPerSec", startRate);
        map.put("searchCapPerSec", maxRate);
        map.put("searchBisections", bisections);
        map.put("passRule", "achieved >= 99% of target, no failed or missing answer, p99 <= SLO");
        map.put("commonRateRuns", runs);
        map.put("steadySeconds", steadySeconds);
        map.put("ceilingMeasuredMs", TimeUnit.NANOSECONDS.toMillis(ceilingNs));
        map.put("overloadProbePerSec", overloadRate);
        map.put("systemWarmupMs", TimeUnit.NANOSECONDS.toMillis(systemWarmupNs));
        map.put("load", "open loop, 1 client thread, writes only (PUT of size-byte values over 10000 keys), latency from the " +
            "intended send time into HdrHistogram (no coordinated omission)");
        return map;
    }
}
