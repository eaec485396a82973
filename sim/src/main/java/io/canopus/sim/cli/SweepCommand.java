package io.canopus.sim.cli;

import io.canopus.sim.report.ReportRun;
import io.canopus.sim.report.ReportWriter;
import io.canopus.sim.sweep.DatacenterNetwork;
import io.canopus.sim.sweep.Measurement;
import io.canopus.sim.sweep.Mix;
import io.canopus.sim.sweep.SweepOutcome;
import io.canopus.sim.sweep.SweepPlots;
import io.canopus.sim.sweep.SweepPoint;
import io.canopus.sim.sweep.SweepProtocols;
import io.canopus.sim.sweep.SweepRunner;
import io.canopus.sim.sweep.SweepSettings;
import io.canopus.sim.sweep.SweepTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code canopus sim sweep}: many simulation runs over racks, nodes per rack, bandwidth, latency,
 * protocol and mix, each pushed to saturation, printed as one comparison table. The defaults are
 * the shape of the Canopus paper's single-datacenter experiment.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description =
        "Sweeps protocols over racks, nodes per rack, bandwidth, latency and workload mix. Every point runs " +
        "closed-loop clients (no think time), doubling them while throughput still grows, and reports the " +
        "throughput at saturation and the median latency measured after the warm-up. Servers pay a CPU cost " +
        "per message and byte; each rack's servers hang off one switch, the switches off one core switch " +
        "through an oversubscribed uplink. Defaults: 3 racks x {3,5,7,9} nodes, 10 Gb/s, read- and " +
        "write-heavy, Canopus against Raft: the Canopus paper's single-datacenter shape.",
    footer = {"", "Exit status: 0 no verdict violated, 1 a verdict violated, 2 bad arguments."})
public final class SweepCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--protocols", split = ",", defaultValue = "canopus,raft", description = "Protocols to compare. Default: ${DEFAULT-VALUE}.")
    List<String> protocols;

    @Option(names = "--racks", split = ",", defaultValue = "3", description = "Rack counts. Default: ${DEFAULT-VALUE}.")
    List<Integer> racks;

    @Option(names = "--nodes-per-rack", split = ",", defaultValue = "3,5,7,9", description = "Servers per rack. Default: ${DEFAULT-VALUE}.")
    List<Integer> nodesPerRack;

    @Option(names = "--mix", split = ",", defaultValue = "read-heavy,write-heavy",
        description = "read-heavy (80%% reads) and/or write-heavy (80%% writes). Default: ${DEFAULT-VALUE}.")
    List<String> mixes;

    @Option(names = "--bandwidth-gbps", split = ",", defaultValue = "10", description = "Server link bandwidths, Gb/s. Default: ${DEFAULT-VALUE}.")
    List<Double> bandwidthsGbps;

    @Option(names = "--latency-us", split = ",", defaultValue = "5", description = "Link propagation delays, us. Default: ${DEFAULT-VALUE}.")
    List<Double> latenciesUs;

    @Option(names = "--oversubscription", defaultValue = "4",
        description = "Rack uplink = nodes x bandwidth / this. Default: ${DEFAULT-VALUE}.")
    double oversubscription;

    @Option(names = "--clients-per-node", defaultValue = "4", description = "Offered load of each point's first run. Default: ${DEFAULT-VALUE}.")
    int clientsPerNode;

    @Option(names = "--doublings", defaultValue = "5", description = "Most doublings of the clients per point, 0..6. Default: ${DEFAULT-VALUE}.")
    int doublings;

    @Option(names = "--warmup-ms", defaultValue = "100", description = "Simulated warm-up, not measured. Default: ${DEFAULT-VALUE}.")
    double warmupMs;

    @Option(names = "--measure-ms", defaultValue = "200", description = "Simulated time measured. Default: ${DEFAULT-VALUE}.")
    double measureMs;

    @Option(names = "--cpu-message-us", defaultValue = "2", description = "Server cost per message sent or received, us. Default: ${DEFAULT-VALUE}.")
    double cpuMessageUs;

    @Option(names = "--cpu-byte-ns", defaultValue = "0.5", description = "Server cost per byte sent or received, ns. Default: ${DEFAULT-VALUE}.")
    double cpuByteNs;

    @Option(names = "--value-size", defaultValue = "64", description = "Bytes per written value, 8..1024. Default: ${DEFAULT-VALUE}.")
    int valueSize;

    @Option(names = "--seed", defaultValue = "1", description = "Master seed of every run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Runs in parallel; at most the cores you have. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table (Markdown) to FILE.")
    Path tableFile;

    @Option(names = "--report", paramLabel = "DIR", description =
        "Also write one comparison report into DIR: report.html (the table, throughput and latency plots, and " +
        "every point's saturation run side by side), results.json, sweep.md, sweep-throughput.svg and " +
        "sweep-latency.svg.")
    Path reportDir;

    @Override
    public Integer call() throws Exception
    {
        final SweepSettings settings;
        try
        {
            settings = new SweepSettings(
                protocols.stream().map(p -> p.toLowerCase(Locale.ROOT)).peek(SweepProtocols::factory).toList(),
                racks, nodesPerRack, mixes.stream().map(Mix::ofLabel).toList(),
                bandwidthsGbps.stream().map(g -> Math.round(g * 1e9)).toList(),
                latenciesUs.stream().map(u -> Math.round(u * 1e3)).toList(),
                oversubscription, clientsPerNode, doublings, 0.1,
                Math.round(warmupMs * 1e6), Math.round(measureMs * 1e6),
                Math.round(cpuMessageUs * 1e3), cpuByteNs, valueSize, seed, threads);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long start = System.nanoTime();
        err.println("sweep: " + settings.points().size() + " points, " + threads + " threads");
        final List<SweepOutcome> outcomes = new SweepRunner(settings, DatacenterNetwork.builder(settings), SweepProtocols::factory)
            .run((done, total, point, run) -> progress(err, done, total, point, run, start));
        final String table = SweepTable.markdown(outcomes);
        out.println(table);
        out.flush();
        if (tableFile != null)
        {
            Files.writeString(tableFile, table);
        }
        if (reportDir != null)
        {
            final String throughput = SweepPlots.throughput(outcomes);
            final String latency = SweepPlots.latency(outcomes);
            final String preamble = "<h2>Sweep</h2>\n" + SweepPlots.htmlTable(table) +
                "<div class=\"plots\"><div>" + throughput + "</div><div>" + latency + "</div></div>\n";
            final List<ReportRun> runs = outcomes.stream()
                .map(o -> new ReportRun(o.point().name(), o.result(), "none")).toList();
            ReportWriter.write(reportDir, "Sweep: " + settings.points().size() + " points", runs, preamble, Map.of(
                "sweep.md", table, "sweep-throughput.svg", throughput, "sweep-latency.svg", latency));
            err.println("sweep: report in " + reportDir.resolve("report.html"));
        }
        err.printf(Locale.ROOT, "sweep: done in %.0f s%n", (System.nanoTime() - start) / 1e9);
        err.flush();
        return outcomes.stream().allMatch(o -> o.result().noViolation()) ? CanopusCli.EXIT_OK : CanopusCli.EXIT_VIOLATION;
    }

    private static void progress(
        final PrintWriter err, final int done, final int total, final SweepPoint point, final Measurement run, final long startNs)
    {
        final int width = 30;
        final int filled = total == 0 ? width : done * width / total;
        err.printf(Locale.ROOT, "[%s%s] %d/%d %4.0fs  %s: %,.0f ops/s p50 %d us%n", "#".repeat(filled), ".".repeat(width - filled),
            done, total, (System.nanoTime() - startNs) / 1e9, point.name(), run.opsPerSec(), run.p50Us());
        err.flush();
    }
}
