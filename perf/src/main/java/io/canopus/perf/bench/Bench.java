package io.canopus.perf.bench;

import io.canopus.perf.ceiling.MulticastCeiling;
import io.canopus.sim.load.LatencyLog;
import io.canopus.sim.load.LoadException;
import io.canopus.sim.load.LoadObserver;
import io.canopus.sim.load.LoadResult;
import io.canopus.sim.load.LoadSettings;
import io.canopus.sim.load.OpenLoopLoad;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One benchmark run: per message size, the raw multicast ceiling, then every system's saturation
 * search and its latency at a common rate, then (standard suite) a steady GC/CPU run. Systems run
 * one after another in this JVM, never at the same time, so each has the whole machine; each is
 * started once per size and closed before the next. Every probe writes its client latencies as an
 * HdrHistogram interval log ({@code .hlog}); every common-rate distribution is written as
 * {@code .hgrm} (microseconds).
 */
public final class Bench
{
    /** Pause between probes, so a backlog from an overloaded probe drains before the next starts. */
    static final long SETTLE_MS = 500;
    /** CPU steal during a probe from which it is also a warning: the probe then measured the host as well. */
    static final double STEAL_WARNING_PERCENT = 5.0;
    private static final int KEYS = 10_000;

    private final BenchSettings settings;
    private final Path outDir;
    private final PrintWriter progress;
    private final List<String> warnings = new ArrayList<>();
    /** CPU steal during each probe, by its .hlog file (null: unknown). */
    private final Map<Path, Double> stealByHlog = new HashMap<>();
    private final Function<String, BenchSystem> launcher;
    private int failedRuns;
    private final Map<String, Histogram> distributions = new LinkedHashMap<>();

    /**
     * @param settings what to run; validated here.
     * @param outDir   the run's directory (made if missing): hlog, hgrm and work directories go there.
     * @param progress one line per probe, for a person watching.
     */
    public Bench(final BenchSettings settings, final Path outDir, final PrintWriter progress)
    {
        this(settings, outDir, progress, Systems::launch);
    }

    /** @param launcher starts a system by name (tests put in systems that misbehave on purpose). */
    Bench(final BenchSettings settings, final Path outDir, final PrintWriter progress,
        final Function<String, BenchSystem> launcher)
    {
        this.settings = Objects.requireNonNull(settings, "settings").validate();
        this.outDir = Objects.requireNonNull(outDir, "outDir");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
    }

    /** @return how many system runs stopped with a {@link LoadException} (each is also a warning). */
    public int failedRuns()
    {
        return failedRuns;
    }

    /** Runs everything; @return what was measured. */
    public BenchResults run() throws InterruptedException, IOException
    {
        Files.createDirectories(outDir);
        final List<BenchResults.SystemResult> systems = new ArrayList<>();
        final List<BenchResults.CommonRate> commonRates = new ArrayList<>();
        final List<BenchResults.Ceiling> ceilings = new ArrayList<>();
        final Map<String, Double> ratios = new LinkedHashMap<>();
        final int totalSteps = settings.sizes().size() * (settings.systems().size() + 1) + (settings.steadySeconds() > 0 ? 1 : 0);
        int step = 0;
        for (final int size : settings.sizes())
        {
            progress.printf(Locale.ROOT, "[%d/%d] %d B: raw multicast ceiling%n", ++step, totalSteps, size);
            progress.flush();
            final MulticastCeiling.Result ceiling = measureCeiling(size);
            progress.printf(Locale.ROOT, "        %.0f msgs/s, %.1f MB/s to %d subscribers%n", ceiling.messagesPerSec(),
                ceiling.bytesPerSec() / 1e6, ceiling.subscribers());
            long commonRate = 0;
            String basis = null;
            final List<BenchResults.AtRate> atRates = new ArrayList<>();
            final Map<String, Long> saturation = new LinkedHashMap<>();
            final Map<String, Double> overloads = new LinkedHashMap<>();
            for (final String name : settings.systems())
            {
                progress.printf(Locale.ROOT, "[%d/%d] %d B: %s saturation search%n", ++step, totalSteps, size, name);
                progress.flush();
                try (BenchSystem system = launcher.apply(name))
                {
                    warmUp(system, size);
                    final SaturationSearch.Outcome outcome = search(system, size);
                    final double overload = overload(system, size);
                    systems.add(systemResult(system, size, outcome, overload));
                    overloads.put(name, overload);
                    saturation.put(name, outcome.saturationPerSec());
                    if (basis == null && outcome.saturationPerSec() > 0)
                    {
                        commonRate = Math.max(1, outcome.saturationPerSec() / 2);
                        basis = "half of " + name + "'s saturation at " + size + " B";
                    }
                    else if (basis == null && outcome.highestCarriedPerSec() > 0)
                    {
                        // It met the SLO at no rate (on a small box, scheduling tails can do that): compare
                        // at half of what it carried, so the systems are still measured side by side.
                        commonRate = Math.max(1, outcome.highestCarriedPerSec() / 2);
                        basis = "half of the highest rate " + name + " carried at " + size + " B (achieved >= 99%, " +
                            "nothing missing; it met the p99 SLO at no rate)";
                    }
                    if (commonRate > 0)
                    {
                        atRates.add(atRate(system, size, commonRate));
                    }
                    else
                    {
                        warnings.add("no common rate at " + size + " B yet when " + name + " ran: the systems before it " +
                            "sustained no rate");
                    }
                }
                catch (final LoadException ex)
                {
                    // One system that stops answering (an Aeron Cluster session lost after the overload
                    // probe, say) must not cost the rest of the run: say so, skip it at this size, go on.
                    failedRuns++;
                    warnings.add(name + " at " + size + " B stopped answering, so its remaining probes at this size " +
                        "were skipped: " + ex.getMessage());
                    progress.printf(Locale.ROOT, "        %s stopped answering: %s%n", name, ex.getMessage());
                    progress.flush();
                }
            }
            commonRates.add(new BenchResults.CommonRate(size, commonRate, basis, List.copyOf(atRates)));
            putRatios(ratios, size, saturation, overloads);
            final Long canopus = saturation.entrySet().stream().filter(e -> Systems.isCanopus(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
            final Double canopusOverload = overloads.entrySet().stream().filter(e -> Systems.isCanopus(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
            final Double committed = canopus == null ? null : canopus * (double)size;
            final boolean noCeiling = ceiling.bytesPerSec() <= 0;
            ceilings.add(new BenchResults.Ceiling(size, ceiling.subscribers(), ceiling.messagesPerSec(), ceiling.bytesPerSec(),
                committed, committed == null || noCeiling ? null : committed / ceiling.bytesPerSec(),
                canopusOverload == null || noCeiling ? null : canopusOverload * size / ceiling.bytesPerSec()));
        }
        BenchResults.Steady steady = null;
        if (settings.steadySeconds() > 0)
        {
            final String name = settings.systems().stream().filter(Systems::isCanopus).findFirst().orElse(null);
            if (name != null)
            {
                final int size = settings.sizes().get(0);
                final long saturationRate = systems.stream().filter(s -> s.name().equals(name) && s.sizeBytes() == size)
                    .findFirst().map(BenchResults.SystemResult::saturationMsgsPerSec).orElse(0L);
                progress.printf(Locale.ROOT, "[%d/%d] %d B: %s steady %d s at half of saturation (%d/s)%n", ++step, totalSteps,
                    size, name, settings.steadySeconds(), Math.max(1, saturationRate / 2));
                progress.flush();
                steady = steady(name, size, Math.max(1, saturationRate / 2));
            }
        }
        final Map<String, Object> settingsMap = settings.describe();
        final Map<String, String> threading = new LinkedHashMap<>();
        for (final BenchResults.SystemResult system : systems)
        {
            threading.putIfAbsent(system.name(), system.threading());
        }
        settingsMap.put("threading", threading);
        return new BenchResults(MachineInfo.read(), settingsMap, List.copyOf(systems), List.copyOf(commonRates), ratios,
            List.copyOf(ceilings), steady, List.copyOf(warnings));
    }

    /** @return the merged common-rate latency distributions (ns) of the last run, by {@link #distributionKey}. */
    public Map<String, Histogram> distributions()
    {
        return distributions;
    }

    /** @return the key of a system's distribution at one size. */
    public static String distributionKey(final String system, final int size)
    {
        return system + "@" + size;
    }

    /**
     * Puts Canopus over Aeron Cluster (the reference, yield idle; the backoff variant is shown beside
     * it) at one size, for every Canopus system that ran beside it: saturation as {@code
     * canopusVsAeronCluster<size>}, overload throughput as {@code canopusVsAeronClusterOverload<size>}.
     * When Aeron Cluster met the SLO at no rate the saturation ratio is undefined: the key is still
     * there, with a null value, so a reader of the JSON can tell "not defined" from "not run".
     */
    static void putRatios(final Map<String, Double> ratios, final int size, final Map<String, Long> saturation,
        final Map<String, Double> overloads)
    {
        final Long aeron = saturation.get(Systems.AERON_CLUSTER);
        if (aeron != null)
        {
            for (final Map.Entry<String, Long> entry : saturation.entrySet())
            {
                if (Systems.isCanopus(entry.getKey()))
                {
                    ratios.put(ratioName(entry.getKey(), size, ""), aeron > 0 ? entry.getValue() / (double)aeron : null);
                }
            }
        }
        final Double aeronOverload = overloads.get(Systems.AERON_CLUSTER);
        if (aeronOverload != null && aeronOverload > 0)
        {
            for (final Map.Entry<String, Double> entry : overloads.entrySet())
            {
                if (Systems.isCanopus(entry.getKey()))
                {
                    ratios.put(ratioName(entry.getKey(), size, "Overload"), entry.getValue() / aeronOverload);
                }
            }
        }
    }

    /** {@code canopusVsAeronCluster32} for canopus-1x3, {@code canopus3x3VsAeronCluster32} for others; kind goes before the size. */
    static String ratioName(final String canopusName, final int size, final String kind)
    {
        final String shape = canopusName.substring("canopus-".length());
        return ("1x3".equals(shape) ? "canopus" : "canopus" + shape) + "VsAeronCluster" + kind + size;
    }

    private MulticastCeiling.Result measureCeiling(final int size)
    {
        return new MulticastCeiling(new MulticastCeiling.Context()
            .aeronDirectoryName(outDir.resolve("work-ceiling-" + size).resolve("aeron").toString())
            .subscribers(2)
            .warmupNs(settings.ceilingNs() / 4)
            .durationNs(settings.ceilingNs()))
            .measure(size);
    }

    /** Load thrown away after a system starts: see {@link BenchSettings#systemWarmupNs()}. */
    private void warmUp(final BenchSystem system, final int size) throws InterruptedException
    {
        if (settings.systemWarmupNs() > 0)
        {
            final LoadResult result = new OpenLoopLoad(loadSettings(size, settings.startRate(), settings.systemWarmupNs())
                .warmupNs(0), 1, system.clients()).run();
            progress.printf(Locale.ROOT, "        warm-up %.0f s at %,d/s (not measured): p99 %.0f us%n",
                settings.systemWarmupNs() / 1e9, settings.startRate(), us(result, 99));
            progress.flush();
        }
    }

    private SaturationSearch.Outcome search(final BenchSystem system, final int size) throws InterruptedException
    {
        final SaturationSearch search = new SaturationSearch(settings.startRate(), settings.maxRate(), settings.bisections(),
            settings.sloP99Us());
        final SaturationSearch.Outcome outcome = search.run(rate ->
        {
            final Path hlog = hlog(system, size, "search-" + rate);
            final LoadResult result = probe(system, loadSettings(size, rate, settings.durationNs()), hlog);
            final SaturationSearch.Step verdict = search.judge(rate, result);
            progress.printf(Locale.ROOT, "        %,9d/s -> %,11.0f/s  p50 %8.0f us  p99 %9.0f us  %s%s%n", rate,
                result.achievedOpsPerSec(), us(result, 50), us(result, 99), verdict.reason(),
                stealNote(system, size, "the probe at " + rate + "/s", stealByHlog.get(hlog)));
            progress.flush();
            return result;
        });
        if (outcome.capped())
        {
            warnings.add(system.name() + " at " + size + " B passed the search's cap of " + settings.maxRate() +
                "/s: its saturation may be higher");
        }
        if (outcome.saturationPerSec() == 0)
        {
            warnings.add(system.name() + " at " + size + " B did not pass even " + settings.startRate() + "/s");
        }
        return outcome;
    }

    /**
     * Offers far more than the system takes, with no warm-up and no drain: the client falls behind its
     * schedule at once, keeps its in-flight limit full, and every answer within the period counts.
     * Latency from intended send times means nothing here (it grows with the backlog), so only the
     * completions per second are kept.
     */
    private double overload(final BenchSystem system, final int size) throws InterruptedException
    {
        final Path hlog = overloadHlog(system, size);
        final LoadResult result = probe(system, loadSettings(size, settings.overloadRate(), settings.durationNs()).warmupNs(0).drainNs(0),
            hlog);
        final double perSec = result.completed() / (settings.durationNs() / 1e9);
        progress.printf(Locale.ROOT, "        overload: offered %,d/s -> %,.0f/s completed (%,d failed)%s%n",
            settings.overloadRate(), perSec, result.failed(), stealNote(system, size, "the overload probe", stealByHlog.get(hlog)));
        progress.flush();
        return perSec;
    }

    private BenchResults.SystemResult systemResult(final BenchSystem system, final int size, final SaturationSearch.Outcome outcome,
        final double overload)
    {
        final List<BenchResults.Probe> probes = new ArrayList<>();
        for (final SaturationSearch.Step step : outcome.steps())
        {
            final LoadResult r = step.result();
            final Path hlog = hlog(system, size, "search-" + step.ratePerSec());
            probes.add(new BenchResults.Probe(step.ratePerSec(), r.achievedOpsPerSec(), percentile(r.latencyNs(), 50),
                percentile(r.latencyNs(), 99), r.missing(), r.failed(), step.passed(), step.reason(),
                hlog.getFileName().toString(), stealByHlog.get(hlog)));
        }
        final Histogram best = outcome.best() == null ? null : outcome.best().result().latencyNs();
        return new BenchResults.SystemResult(system.name(), size, outcome.saturationPerSec(), outcome.capped(),
            percentile(best, 50), percentile(best, 90), percentile(best, 99), percentile(best, 99.9), max(best),
            overload, stealByHlog.get(overloadHlog(system, size)), system.threading(),
            List.copyOf(probes));
    }

    private BenchResults.AtRate atRate(final BenchSystem system, final int size, final long rate)
        throws InterruptedException, IOException
    {
        final Histogram merged = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        double achieved = 0;
        long missing = 0;
        for (int run = 0; run < settings.runs(); run++)
        {
            final LoadResult result = probe(system, loadSettings(size, rate, settings.durationNs()),
                hlog(system, size, "at-" + rate + "-run-" + run));
            merged.add(result.latencyNs());
            achieved += result.achievedOpsPerSec() / settings.runs();
            missing += result.missing();
            if (result.achievedOpsPerSec() < SaturationSearch.ACHIEVED_FRACTION * rate)
            {
                warnings.add(String.format(Locale.ROOT, "%s at %d B achieved %.0f/s of the common rate %d/s (run %d)",
                    system.name(), size, result.achievedOpsPerSec(), rate, run));
            }
            if (result.missing() > 0)
            {
                warnings.add(system.name() + " at " + size + " B: " + result.missing() + " answers missing at the common rate");
            }
        }
        progress.printf(Locale.ROOT, "        common rate %,d/s x %d runs: p50 %.0f us  p99 %.0f us  p99.9 %.0f us  max %.0f us%n",
            rate, settings.runs(), merged.getValueAtPercentile(50) / 1e3, merged.getValueAtPercentile(99) / 1e3,
            merged.getValueAtPercentile(99.9) / 1e3, merged.getMaxValue() / 1e3);
        progress.flush();
        distributions.put(distributionKey(system.name(), size), merged);
        final Path hgrm = outDir.resolve(system.name() + "-" + size + "B-at-" + rate + ".hgrm");
        try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), false, "UTF-8"))
        {
            merged.outputPercentileDistribution(out, 1000.0); // values in microseconds
        }
        return new BenchResults.AtRate(system.name(), settings.runs(), achieved, missing, percentile(merged, 50),
            percentile(merged, 90), percentile(merged, 99), percentile(merged, 99.9), max(merged), hgrm.getFileName().toString());
    }

    private BenchResults.Steady steady(final String name, final int size, final long rate) throws InterruptedException, IOException
    {
        final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        // nanoTime, GC count, GC ms, committed writes, process CPU ns
        final long[] atStart = new long[5];
        final long[] atEnd = new long[5];
        try (BenchSystem system = launcher.apply(name))
        {
            final LoadObserver snapshots = new LoadObserver()
            {
                @Override
                public void onMeasureStart(final long nowNs)
                {
                    snapshot(atStart, collectors, os, system, nowNs);
                }

                @Override
                public void onSendEnd(final long nowNs)
                {
                    snapshot(atEnd, collectors, os, system, nowNs);
                }
            };
            final LoadSettings load = loadSettings(size, rate, TimeUnit.SECONDS.toNanos(settings.steadySeconds()))
                .warmupNs(TimeUnit.SECONDS.toNanos(5));
            final LoadResult result;
            try (LatencyLog log = new LatencyLog(hlog(system, size, "steady-" + rate)))
            {
                result = new OpenLoopLoad(load, 1, system.clients()).run(log, snapshots);
            }
            final long writes = atEnd[3] - atStart[3];
            final double seconds = (atEnd[0] - atStart[0]) / 1e9;
            final BenchResults.Steady steady = new BenchResults.Steady(name, size, rate, seconds, result.achievedOpsPerSec(),
                atEnd[1] - atStart[1], atEnd[2] - atStart[2], writes,
                writes > 0 && atEnd[4] > 0 ? (double)(atEnd[4] - atStart[4]) / writes : null,
                percentile(result.latencyNs(), 50), percentile(result.latencyNs(), 99), percentile(result.latencyNs(), 99.9),
                max(result.latencyNs()), System.getProperty("canopus.bench.gcLog"));
            progress.printf(Locale.ROOT, "        %d GCs after warm-up (%d ms), %.0f ns CPU per committed write, p99 %.0f us%n",
                steady.gcCollectionsAfterWarmup(), steady.gcMillisAfterWarmup(),
                steady.cpuNsPerCommittedWrite() == null ? Double.NaN : steady.cpuNsPerCommittedWrite(), us(result, 99));
            progress.flush();
            if (steady.gcCollectionsAfterWarmup() > 0)
            {
                warnings.add(steady.gcCollectionsAfterWarmup() + " GCs after warm-up in the steady run (target 0)");
            }
            return steady;
        }
    }

    private void snapshot(final long[] into, final List<GarbageCollectorMXBean> collectors,
        final com.sun.management.OperatingSystemMXBean os, final BenchSystem system, final long nowNs)
    {
        long count = 0;
        long millis = 0;
        for (final GarbageCollectorMXBean collector : collectors)
        {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        into[0] = nowNs;
        into[1] = count;
        into[2] = millis;
        into[3] = system.committedWrites();
        into[4] = Math.max(0, os.getProcessCpuTime());
    }

    /** One run of the rig after the settling pause, logged to {@code hlog}, with the CPU steal during it kept by that file. */
    private LoadResult probe(final BenchSystem system, final LoadSettings load, final Path hlog) throws InterruptedException
    {
        Thread.sleep(SETTLE_MS);
        final CpuSteal.Sample before = CpuSteal.sample();
        try (LatencyLog log = new LatencyLog(hlog))
        {
            return new OpenLoopLoad(load, 1, system.clients()).run(log);
        }
        finally
        {
            stealByHlog.put(hlog, CpuSteal.percent(before, CpuSteal.sample()));
        }
    }

    /**
     * @return "" or, when the hypervisor took CPU during a probe, a note for its progress line; from
     * {@value #STEAL_WARNING_PERCENT}% on also a warning, since then the probe measured the host too.
     */
    private String stealNote(final BenchSystem system, final int size, final String what, final Double stealPercent)
    {
        if (stealPercent == null || stealPercent < 0.05)
        {
            return "";
        }
        if (stealPercent >= STEAL_WARNING_PERCENT)
        {
            warnings.add(String.format(Locale.ROOT, "%s at %d B: the hypervisor took %.1f%% of the CPU during %s", system.name(),
                size, stealPercent, what));
        }
        return String.format(Locale.ROOT, "  (steal %.1f%%)", stealPercent);
    }

    private LoadSettings loadSettings(final int size, final long rate, final long durationNs)
    {
        return new LoadSettings()
            .ratePerSec(rate)
            .warmupNs(settings.warmupNs())
            .durationNs(durationNs)
            .drainNs(settings.drainNs())
            .valueBytes(size)
            .readRatio(0)
            .keys(KEYS)
            .seed(rate * 31 + size)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30));
    }

    private Path overloadHlog(final BenchSystem system, final int size)
    {
        return hlog(system, size, "overload-" + settings.overloadRate());
    }

    private Path hlog(final BenchSystem system, final int size, final String what)
    {
        return outDir.resolve(system.name() + "-" + size + "B-" + what + ".hlog");
    }

    private static double us(final LoadResult result, final double percentile)
    {
        return result.latencyNs().getTotalCount() == 0 ? Double.NaN : result.latencyUs(percentile);
    }

    static Double percentile(final Histogram histogram, final double percentile)
    {
        return histogram == null || histogram.getTotalCount() == 0 ? null : histogram.getValueAtPercentile(percentile) / 1e3;
    }

    static Double max(final Histogram histogram)
    {
        return histogram == null || histogram.getTotalCount() == 0 ? null : histogram.getMaxValue() / 1e3;
    }

    static void deleteWorkDirs(final Path outDir)
    {
        try (var paths = Files.list(outDir))
        {
            paths.filter(p -> p.getFileName().toString().startsWith("work-")).forEach(CanopusSystem::deleteQuietly);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
