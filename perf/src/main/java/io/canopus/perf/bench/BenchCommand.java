package io.canopus.perf.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scripts/bench}: Canopus against a 3-member Aeron Cluster on this machine, with the same
 * open-loop client rig, sizes and rates, plus the raw multicast ceiling; writes a run directory and
 * prints the comparison table (or, with {@code --json}, one JSON object).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Measures Canopus against a 3-member Aeron Cluster on this machine with the same open-loop client rig " +
        "(one client thread, writes at a fixed rate, latency from the intended send time into HdrHistogram). " +
        "Per message size: the raw Aeron multicast ceiling on loopback; for every system a saturation search " +
        "(the rate doubles, then bisects: a rate passes when at least 99%% of it is achieved, no answer is missing " +
        "and p99 is within the SLO); every system at a common rate (half of the first system's saturation, or, when it met the SLO at " +
        "no rate, half of the highest rate it carried); then " +
        "a steady run of the first Canopus system at half its saturation that counts GCs after warm-up and CPU " +
        "per committed write. Systems run one after another, each with the whole machine. Writes " +
        "summary.json, table.txt, .hlog per probe, .hgrm per common rate, PNG plots and report.html.",
    footer = {"", "Exit status: 0 when every system ran, 1 when one did not start or stopped answering (the others still " +
        "run and the report is still written), 2 for a bad option."})
public final class BenchCommand implements Callable<Integer>
{
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "32 and 288 B, aeron-cluster and canopus-1x3, 0.5 s + 1 s probes, no steady run " +
        "(about 2-3 minutes).")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object (summary.json) instead of the table; progress goes to stderr.")
    boolean json;

    @Option(names = "--sizes", split = ",", paramLabel = "BYTES", description = "Message sizes (PUT value bytes), 1..1344. " +
        "Default: 32,288,1344 (--quick: 32,288).")
    List<Integer> sizes;

    @Option(names = "--systems", split = ",", paramLabel = "NAME", description = "aeron-cluster and canopus-RxN, in run order. " +
        "Default: aeron-cluster,canopus-1x3,canopus-3x3 (--quick: aeron-cluster,canopus-1x3).")
    List<String> systems;

    @Option(names = "--slo-us", paramLabel = "US", description = "The p99 a sustained rate stays within, microseconds. Default: 1000.")
    Double sloUs;

    @Option(names = "--steady-seconds", paramLabel = "S", description = "Measured seconds of the steady GC/CPU run, 0 for none. " +
        "Default: 60 (--quick: 0).")
    Integer steadySeconds;

    @Option(names = "--out", defaultValue = "results", paramLabel = "DIR", description = "Where the run directory " +
        "<yyyyMMdd-HHmmss> is made. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Write into DIR itself instead of a new directory under --out " +
        "(scripts/bench uses it to put the GC log beside the results).")
    Path runDir;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        final BenchSettings settings;
        try
        {
            settings = (quick ? BenchSettings.quick() : BenchSettings.standard()).with(sizes, systems, sloUs, steadySeconds).validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final Path dir = runDir != null ? runDir : out.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        quietRuntimeLog();
        final PrintWriter progress = json ? stderr : stdout;
        progress.println("bench: writing " + dir.toAbsolutePath());
        final Bench bench = new Bench(settings, dir, progress);
        final BenchResults results;
        try
        {
            results = bench.run();
        }
        catch (final RuntimeException ex)
        {
            stderr.println("bench: " + ex);
            stderr.flush();
            return EXIT_FAILED;
        }
        finally
        {
            Bench.deleteWorkDirs(dir);
        }
        BenchReport.write(dir, results, bench.distributions());
        if (json)
        {
            stdout.println(BenchReport.json(results));
        }
        else
        {
            stdout.println();
            stdout.print(BenchTable.render(results));
            stdout.println();
            stdout.println("bench: report " + dir.resolve("report.html").toAbsolutePath());
        }
        stdout.flush();
        if (bench.failedRuns() > 0)
        {
            stderr.println("bench: " + bench.failedRuns() + " system run(s) stopped answering; see the warnings");
            stderr.flush();
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    /** The runtime logs a line per journal it opens: noise here unless the user chose a level for it. */
    private static void quietRuntimeLog()
    {
        final String property = "org.slf4j.simpleLogger.log." + io.canopus.engine.runtime.CanopusRuntime.class.getName();
        if (System.getProperty(property) == null)
        {
            System.setProperty(property, "warn");
        }
    }

    /** The entry point of {@code scripts/bench}. */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
