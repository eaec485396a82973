package io.canopus.perf.guard;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The hot-path allocation guard: runs the guarded JMH benchmarks with the GC profiler and fails when
 * any of them allocates per operation.
 *
 * <h2>What is guarded</h2>
 * {@link #FULL}: encode, decode and validate of every hot message ({@code CodecBenchmark}, every
 * message and payload size), ordering and merging a cycle ({@code CycleMergeBenchmark}), journal
 * append and recent read ({@code JournalBenchmark}), one full consensus cycle of a loaded three-node
 * rack, i.e. the duty cycles of every node for one client write ({@code NodeCycleBenchmark}), applying
 * a committed write at three replicas over the load rig's sessions and keys ({@code ApplyBenchmark}), and one
 * simulator event in a loaded simulation ({@code SimEventBenchmark}, measured and shown but
 * <em>not enforced</em>: an event retains state by design, see below). {@link #QUICK} is the subset the
 * test suite runs in under a minute (see {@code AllocationGuardTest}). {@code SimulatorBenchmark} and
 * {@code GraphSimulatorBenchmark} are not guarded: one op there is a whole simulation, which allocates
 * a cluster, a history and checkers by design.
 *
 * <h2>The simulator event is reported, not enforced</h2>
 * One event of a loaded 3 x 3 simulation allocates ~140 B on average over a 1 s measurement and
 * ~900 B over the full run's 5 s (the figure grows with the run), and it is memory the simulation
 * keeps, not garbage: JFR allocation samples put ~80% of it in
 * {@code sim.host.InMemoryDurableLog.append} (each simulated node's journal holds every committed
 * record for crash replay and never truncates; its array doubles as it grows), ~15% in
 * {@code sim.host.AppliedRecord} (the applied writes the agreement checker compares) and most of the
 * rest in the {@code KvOperation} history of the linearizability checker. None of it is in the event
 * loop, the network model or the engine. Holding it to zero would need a bounded simulated journal
 * and streaming checkers, a design change of the simulator; until then the row shows the figure so a
 * regression (say, garbage per event on top of the retained state) is visible in the report.
 *
 * <h2>The threshold, and why it is not literally "&gt; 0"</h2>
 * The rule is "a check fails when any hot path allocates (gc.alloc.rate.norm &gt; 0 B/op)".
 * JMH's {@code gc.alloc.rate.norm} is the thread's allocated bytes over an iteration divided by the
 * iteration's operations, and the numerator includes JMH's own bookkeeping in the measured thread
 * (a few hundred bytes to a few KB per iteration: result objects, the iteration's control state).
 * Spread over 10<sup>4</sup> to 10<sup>9</sup> operations that reads 10<sup>-6</sup> to ~0.1 B/op
 * for code that allocates nothing; it is never exactly 0, so "&gt; 0" taken literally fails every
 * benchmark. A real allocation on every op is at least one object, and the smallest Java object is
 * 16 bytes (a 12-byte header with compressed class pointers, padded to 8), so it reads &ge; 16 B/op.
 * The guard therefore counts a value below {@value #THRESHOLD_BYTES_PER_OP} B/op as zero and anything
 * at or above it as an allocation: that separates the two populations by more than an order of
 * magnitude on each side. What it does not catch, honestly: an allocation on fewer than one op in 16
 * (say a 16-byte object every 100 ops, 0.16 B/op, or a table that grows now and then). Those are
 * amortised, not per-op, allocations; the benchmarks' set-ups bring every table to its steady size
 * first, and a benchmark's javadoc says so where it matters.
 *
 * <h2>JVM flags</h2>
 * The forks get the project's flags (Aeron/Agrona/Chronicle opens and exports, Agrona settings) with
 * {@code jvmArgsAppend}, read from {@code jvm.properties} at the repository root, the file every other
 * JVM of the project reads, found from {@code -Dcanopus.root=DIR} or else by walking up from the
 * working directory. Reading the file rather than expecting a system property means the guard gets
 * the same flags however it is started (the script, the test suite from perf/, an IDE) with nobody
 * having to pass them, and there stays one place that holds them.
 *
 * <h2>Use</h2>
 * {@code scripts/alloc-guard [--quick] [--json FILE]}, or
 * {@code java -cp perf/target/benchmarks.jar io.canopus.perf.guard.AllocationGuard [--quick] [--json FILE]}.
 * Prints a table (benchmark, params, score, gc.alloc.rate.norm, verdict), writes the same rows as
 * JSON when asked, and exits 1 when a benchmark allocates (2 on a usage or run error).
 */
public final class AllocationGuard
{
    /** Below this many bytes per op counts as no allocation (see the class comment). */
    public static final double THRESHOLD_BYTES_PER_OP = 1.0;

    /** The secondary result of JMH's GC profiler that holds bytes allocated per op. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /**
     * One guarded benchmark method, optionally restricted to some values of its parameters.
     *
     * @param benchmark the fully qualified benchmark method, {@code package.Class.method}.
     * @param params    parameter name to the values to run; a parameter not named runs all its values.
     */
    public record Target(String benchmark, Map<String, String[]> params, boolean enforced)
    {
        public Target
        {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** @return an enforced target with every parameter value. */
        public static Target of(final String benchmark)
        {
            return new Target(benchmark, Map.of(), true);
        }

        /** @return this target restricted to {@code values} of parameter {@code name}. */
        public Target with(final String name, final String... values)
        {
            final Map<String, String[]> p = new LinkedHashMap<>(params);
            p.put(name, values.clone());
            return new Target(benchmark, p, enforced);
        }

        /** @return this target measured and shown, but its allocation does not fail the guard. */
        public Target reportedOnly()
        {
            return new Target(benchmark, params, false);
        }
    }

    private static final String CODEC = "io.canopus.perf.CodecBenchmark.";
    private static final String MERGE = "io.canopus.engine.canopus.CycleMergeBenchmark.orderAndMerge";
    private static final String JOURNAL = "io.canopus.perf.JournalBenchmark.";
    private static final String NODE_CYCLE = "io.canopus.perf.NodeCycleBenchmark.write";
    private static final String APPLY = "io.canopus.perf.ApplyBenchmark.apply";
    private static final String SIM_EVENT = "io.canopus.perf.SimEventBenchmark.event";

    /** Every guarded hot path, every parameter value. */
    public static final List<Target> FULL = List.of(
        Target.of(CODEC + "encode"),
        Target.of(CODEC + "decode"),
        Target.of(CODEC + "validate"),
        Target.of(MERGE),
        Target.of(JOURNAL + "append"),
        Target.of(JOURNAL + "readRecent"),
        Target.of(NODE_CYCLE),
        Target.of(APPLY),
        Target.of(SIM_EVENT).reportedOnly());

    /**
     * The test suite's subset: encode and decode of the messages of every cycle and every client
     * write (proposal, stability report, client request and response) at the small payload, ordering
     * and merging a 3 x 3 cycle, a small journal append, one consensus cycle of the loaded rack, and
     * Left to the full run: validate, state request/header, KV command, Raft
     * frames, the large payloads, the 3 x 9 merge, 4 KiB appends, journal reads and the replicated apply.
     */
    public static final List<Target> QUICK = List.of(
        Target.of(CODEC + "encode").with("message", "PROPOSAL", "STABILITY_REPORT", "CLIENT_REQUEST", "CLIENT_RESPONSE")
            .with("payloadBytes", "32"),
        Target.of(CODEC + "decode").with("message", "PROPOSAL", "STABILITY_REPORT", "CLIENT_REQUEST", "CLIENT_RESPONSE")
            .with("payloadBytes", "32"),
        Target.of(MERGE).with("nodesPerRack", "3"),
        Target.of(JOURNAL + "append").with("recordBytes", "288"),
        Target.of(NODE_CYCLE));

    /**
     * How to run: the targets, iteration counts and times, output.
     *
     * @param targets              the benchmarks to run and judge.
     * @param warmupIterations     warm-up iterations per fork.
     * @param warmupSeconds        seconds per warm-up iteration.
     * @param measurementIterations measured iterations per fork.
     * @param measurementSeconds   seconds per measured iteration.
     * @param verbose              print JMH's own progress output (else silent but for the table).
     */
    public record Settings(
        List<Target> targets, int warmupIterations, double warmupSeconds, int measurementIterations, double measurementSeconds,
        boolean verbose)
    {
        /** The full guard: every target, 2 x 1 s warm-up, 3 x 1 s measurement. */
        public static Settings full()
        {
            return new Settings(FULL, 2, 1, 3, 1, true);
        }

        /** The quick guard: the {@link #QUICK} subset, 1 x 1 s warm-up, 1 x 1 s measurement. */
        public static Settings quick()
        {
            return new Settings(QUICK, 1, 1, 1, 1, true);
        }

        /** @return these settings with more targets. */
        public Settings plus(final List<Target> more)
        {
            final List<Target> all = new ArrayList<>(targets);
            all.addAll(more);
            return new Settings(List.copyOf(all), warmupIterations, warmupSeconds, measurementIterations, measurementSeconds, verbose);
        }

        /** @return these settings with JMH's progress output on or off. */
        public Settings verbose(final boolean on)
        {
            return new Settings(targets, warmupIterations, warmupSeconds, measurementIterations, measurementSeconds, on);
        }
    }

    /** One benchmark run's verdict. */
    public record Row(
        String benchmark, String params, double score, String scoreUnit, double allocBytesPerOp, boolean allocates, boolean enforced)
    {
        /** @return "zero", "ALLOCATES", or for a reported-only target "allocates (not enforced)". */
        public String verdict()
        {
            return !allocates ? "zero" : enforced ? "ALLOCATES" : "allocates (not enforced)";
        }

        /** @return true when this run fails the guard. */
        public boolean violation()
        {
            return allocates && enforced;
        }
    }

    /** Every run's verdict, in run order. */
    public record Report(List<Row> rows, double thresholdBytesPerOp, String mode)
    {
        /** @return the rows that allocate. */
        public List<Row> violations()
        {
            return rows.stream().filter(Row::violation).toList();
        }

        /** @return true when nothing allocates. */
        public boolean passed()
        {
            return violations().isEmpty();
        }

        /** @return the table: benchmark, params, score, gc.alloc.rate.norm, verdict. */
        public String table()
        {
            int nameWidth = "benchmark".length();
            int paramWidth = "params".length();
            for (final Row r : rows)
            {
                nameWidth = Math.max(nameWidth, shortName(r.benchmark()).length());
                paramWidth = Math.max(paramWidth, r.params().length());
            }
            final String format = "%-" + nameWidth + "s  %-" + paramWidth + "s  %14s %-6s  %18s  %s%n";
            final StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, format, "benchmark", "params", "score", "", ALLOC_NORM + " B/op", "verdict"));
            for (final Row r : rows)
            {
                sb.append(String.format(Locale.ROOT, format, shortName(r.benchmark()), r.params(),
                    String.format(Locale.ROOT, "%.3f", r.score()), r.scoreUnit(),
                    String.format(Locale.ROOT, "%.6f", r.allocBytesPerOp()), r.verdict()));
            }
            sb.append(String.format(Locale.ROOT, "%d benchmark runs, %d failing (threshold: %.1f B/op counts as an allocation)%n",
                rows.size(), violations().size(), thresholdBytesPerOp));
            return sb.toString();
        }

        /** @return the report as a JSON object. */
        public String json()
        {
            final StringBuilder sb = new StringBuilder();
            sb.append("{\n  \"mode\": ").append(quote(mode))
                .append(",\n  \"metric\": ").append(quote(ALLOC_NORM))
                .append(",\n  \"thresholdBytesPerOp\": ").append(number(thresholdBytesPerOp))
                .append(",\n  \"passed\": ").append(passed())
                .append(",\n  \"results\": [");
            for (int i = 0; i < rows.size(); i++)
            {
                final Row r = rows.get(i);
                sb.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"benchmark\": ").append(quote(r.benchmark()))
                    .append(", \"params\": ").append(quote(r.params()))
                    .append(", \"score\": ").append(number(r.score()))
                    .append(", \"scoreUnit\": ").append(quote(r.scoreUnit()))
                    .append(", \"allocBytesPerOp\": ").append(number(r.allocBytesPerOp()))
                    .append(", \"enforced\": ").append(r.enforced())
                    .append(", \"verdict\": ").append(quote(r.verdict())).append('}');
            }
            return sb.append("\n  ]\n}\n").toString();
        }
    }

    /** Thrown by {@link #check} when a benchmark allocates; the message holds the table. */
    public static final class AllocationException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final transient Report report;

        AllocationException(final Report report)
        {
            super("hot paths allocate:\n" + report.table());
            this.report = report;
        }

        public Report report()
        {
            return report;
        }
    }

    private AllocationGuard()
    {
    }

    /**
     * Runs the targets and judges every run; does not throw on an allocation (see {@link #check}).
     *
     * @throws IllegalStateException when JMH fails, a benchmark errors, or a target produced no run.
     */
    public static Report run(final Settings settings, final String mode)
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(settings.warmupIterations())
            .warmupTime(seconds(settings.warmupSeconds()))
            .measurementIterations(settings.measurementIterations())
            .measurementTime(seconds(settings.measurementSeconds()))
            .jvmArgsAppend(jvmFlags().split("\\s+")) // the builder takes each value as one argument
            .shouldFailOnError(true)
            .verbosity(settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT);
        final Map<String, String[]> params = new LinkedHashMap<>();
        for (final Target t : settings.targets())
        {
            options.include("^" + Pattern.quote(t.benchmark()) + "$");
            for (final Map.Entry<String, String[]> p : t.params().entrySet())
            {
                final String[] before = params.putIfAbsent(p.getKey(), p.getValue());
                if (before != null && !Arrays.equals(before, p.getValue()))
                {
                    // JMH's parameter options are global to a run: two targets cannot restrict one name differently.
                    throw new IllegalArgumentException("targets restrict parameter " + p.getKey() + " differently: " +
                        Arrays.toString(before) + " and " + Arrays.toString(p.getValue()));
                }
            }
        }
        params.forEach(options::param);

        final Collection<RunResult> results;
        try
        {
            results = new Runner(options.build()).run();
        }
        catch (final RunnerException ex)
        {
            throw new IllegalStateException("JMH failed: " + ex.getMessage(), ex);
        }

        final List<Row> rows = new ArrayList<>();
        for (final RunResult result : results)
        {
            final BenchmarkParams p = result.getParams();
            final Result<?> primary = result.getPrimaryResult();
            final Result<?> norm = result.getSecondaryResults().get(ALLOC_NORM);
            if (norm == null)
            {
                throw new IllegalStateException("no " + ALLOC_NORM + " for " + p.getBenchmark() + " (is the GC profiler supported here?)");
            }
            final double bytes = norm.getScore();
            final boolean enforced = settings.targets().stream().anyMatch(t -> t.benchmark().equals(p.getBenchmark()) && t.enforced());
            rows.add(new Row(p.getBenchmark(), params(p), primary.getScore(), primary.getScoreUnit(), bytes,
                !(bytes < THRESHOLD_BYTES_PER_OP), enforced));
        }
        for (final Target t : settings.targets())
        {
            if (rows.stream().noneMatch(r -> r.benchmark().equals(t.benchmark())))
            {
                throw new IllegalStateException("no result for guarded benchmark " + t.benchmark() + " (renamed or not compiled?)");
            }
        }
        return new Report(List.copyOf(rows), THRESHOLD_BYTES_PER_OP, mode);
    }

    /**
     * Runs the targets and throws when any allocates.
     *
     * @throws AllocationException with the table when a benchmark allocates.
     */
    public static Report check(final Settings settings, final String mode)
    {
        final Report report = run(settings, mode);
        if (!report.passed())
        {
            throw new AllocationException(report);
        }
        return report;
    }

    /** {@code [--quick] [--json FILE]}: exit 0 when nothing allocates, 1 on an allocation, 2 on an error. */
    public static void main(final String[] args)
    {
        boolean quick = false;
        Path json = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--quick" -> quick = true;
                case "--json" ->
                {
                    if (i + 1 == args.length)
                    {
                        usage("--json needs a file");
                    }
                    json = Paths.get(args[++i]);
                }
                case "-h", "--help" ->
                {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        final Report report;
        try
        {
            report = run(quick ? Settings.quick() : Settings.full(), quick ? "quick" : "full");
        }
        catch (final RuntimeException ex)
        {
            System.err.println("alloc-guard: " + ex.getMessage());
            System.exit(2);
            return;
        }
        System.out.println();
        System.out.print(report.table());
        if (json != null)
        {
            try
            {
                final Path parent = json.toAbsolutePath().getParent();
                if (parent != null)
                {
                    Files.createDirectories(parent);
                }
                Files.writeString(json, report.json(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                System.err.println("alloc-guard: cannot write " + json + ": " + ex.getMessage());
                System.exit(2);
            }
        }
        if (!report.passed())
        {
            System.err.println("alloc-guard: FAILED, " + report.violations().size() + " hot path(s) allocate");
            System.exit(1);
        }
        System.out.println("alloc-guard: passed, no guarded hot path allocates");
    }

    private static final String USAGE = """
        usage: AllocationGuard [--quick] [--json FILE]
          --quick      the test suite's subset, 1 x 1 s warm-up and measurement (else every guarded benchmark)
          --json FILE  also write the results as JSON
        exit status: 0 no allocation, 1 a guarded hot path allocates, 2 usage or run error""";

    private static void usage(final String problem)
    {
        System.err.println("alloc-guard: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }

    /**
     * The project's JVM flags, {@code canopus.jvm.flags} of {@code jvm.properties} at the repository
     * root ({@code -Dcanopus.root=DIR}, else the first directory holding it from the working directory up).
     */
    public static String jvmFlags()
    {
        final Path file = jvmProperties();
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        final String flags = properties.getProperty("canopus.jvm.flags");
        if (flags == null || flags.isBlank())
        {
            throw new IllegalStateException("no canopus.jvm.flags in " + file);
        }
        return flags.trim();
    }

    private static Path jvmProperties()
    {
        final String root = System.getProperty("canopus.root");
        if (root != null && !root.isBlank())
        {
            final Path file = Paths.get(root, "jvm.properties");
            if (!Files.isRegularFile(file))
            {
                throw new IllegalStateException("-Dcanopus.root=" + root + " holds no jvm.properties");
            }
            return file;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path file = dir.resolve("jvm.properties");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        throw new IllegalStateException("no jvm.properties in " + Paths.get("").toAbsolutePath() +
            " or above; run from the repository or pass -Dcanopus.root=DIR");
    }

    private static String params(final BenchmarkParams p)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String key : p.getParamsKeys())
        {
            sb.append(sb.length() == 0 ? "" : ",").append(key).append('=').append(p.getParam(key));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static String shortName(final String benchmark)
    {
        final int method = benchmark.lastIndexOf('.');
        final int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    private static TimeValue seconds(final double s)
    {
        return TimeValue.milliseconds(Math.round(s * 1000));
    }

    private static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder("\"");
        for (final char c : s.toCharArray())
        {
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int)c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    private static String number(final double d)
    {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null";
    }
}
