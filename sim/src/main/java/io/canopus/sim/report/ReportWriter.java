package io.canopus.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canopus.sim.SimResult;
import io.canopus.sim.check.CheckResult;
import io.canopus.sim.stats.SimStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a report of one or more named runs into a directory: {@code results.json} (every run's JSON result,
 * its statistics and its time series) and {@code report.html}, a single page that opens offline: plots are inline
 * SVG drawn with JFreeChart, styles are inline, and the page loads nothing.
 * <p>
 * Files are written to a temporary name and moved into place, so an interrupted write never leaves a half
 * report under the final name.
 */
public final class ReportWriter
{
    /** Runs at most in one report: a comparison table wider than this is unreadable and the page too heavy. */
    public static final int MAX_RUNS = 256;

    private ReportWriter()
    {
    }

    /**
     * @param dir   the directory, created if missing.
     * @param title the report's heading.
     * @param runs  the runs, in the order the report shows them.
     * @throws IOException when the directory or a file cannot be written.
     */
    public static void write(final Path dir, final String title, final List<ReportRun> runs) throws IOException
    {
        write(dir, title, runs, "", Map.of());
    }

    /**
     * As {@link #write(Path, String, List)}, with a section shown before the comparison (a sweep's table and
     * plots) and extra files written next to the page (the same plots as standalone SVG, for documents).
     *
     * @param preambleHtml HTML inserted after the heading; trusted (built by the caller, not from input).
     * @param extraFiles   file name to content, written into {@code dir}.
     * @throws IOException when the directory or a file cannot be written.
     */
    public static void write(
        final Path dir, final String title, final List<ReportRun> runs, final String preambleHtml, final Map<String, String> extraFiles)
        throws IOException
    {
        if (runs.isEmpty() || runs.size() > MAX_RUNS)
        {
            throw new IllegalArgumentException("a report holds 1.." + MAX_RUNS + " runs, got " + runs.size());
        }
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("results.json"), resultsJson(title, runs));
        for (final Map.Entry<String, String> file : extraFiles.entrySet())
        {
            writeAtomically(dir.resolve(file.getKey()), file.getValue());
        }
        writeAtomically(dir.resolve("report.html"), html(title, runs, preambleHtml));
    }

    private static void writeAtomically(final Path file, final String content) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String resultsJson(final String title, final List<ReportRun> runs) throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final ObjectNode root = mapper.createObjectNode();
        root.put("title", title);
        final ArrayNode array = root.putArray("runs");
        for (final ReportRun run : runs)
        {
            final ObjectNode node = array.addObject();
            node.put("name", run.name());
            node.set("result", ResultJson.of(mapper, run.result(), run.faults()));
            node.set("series", mapper.valueToTree(run.result().stats().series()));
        }
        return mapper.writeValueAsString(root);
    }

    static String html(final String title, final List<ReportRun> runs)
    {
        return html(title, runs, "");
    }

    static String html(final String title, final List<ReportRun> runs, final String preambleHtml)
    {
        Svg.newPage();
        final StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
            .append("</title>\n<style>")
            .append("body{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}")
            .append("table{border-collapse:collapse;margin:1em 0;font-size:13px}")
            .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .append("th{background:#f0f0f0}.ok{background:#e8f5e9}.violated{background:#ffcdd2}.unknown{background:#fff9c4}")
            .append(".plots{display:flex;flex-wrap:wrap;gap:12px}.plots>div{flex:0 0 auto}")
            .append("section{border-top:2px solid #ddd;margin-top:2em}")
            .append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p>").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
            .append(". Times are simulated. Each run's full numbers are in <code>results.json</code> next to this page.</p>\n");
        h.append(preambleHtml);

        h.append("<h2>Comparison</h2>\n");
        comparisonTable(h, runs);
        h.append("<div class=\"plots\">");
        if (runs.size() > 1)
        {
            h.append("<div>").append(Charts.throughput(runs)).append("</div>");
        }
        h.append("<div>").append(Charts.latencyCdf(runs)).append("</div></div>\n");

        for (int i = 0; i < runs.size(); i++)
        {
            runSection(h, i, runs.get(i));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void comparisonTable(final StringBuilder h, final List<ReportRun> runs)
    {
        h.append("<table><tr><th>measure</th>");
        for (final ReportRun run : runs)
        {
            h.append("<th>").append(esc(run.name())).append("</th>");
        }
        h.append("</tr>\n");
        verdictRow(h, runs, "agreement", SimResult::agreement);
        verdictRow(h, runs, "linearizable", SimResult::linearizable);
        verdictRow(h, runs, "exactly-once", SimResult::exactlyOnce);
        verdictRow(h, runs, "liveness", SimResult::liveness);
        row(h, runs, "protocol", r -> r.protocol());
        row(h, runs, "servers", r -> Integer.toString(r.nodes()));
        row(h, runs, "simulated s", r -> num(r.durationNs() / 1e9));
        row(h, runs, "committed writes", r -> Long.toString(r.committedWrites()));
        row(h, runs, "writes/s", r -> num(r.throughputPerSec()));
        row(h, runs, "latency p50 us", r -> Long.toString(r.stats().client().latencyUs().p50()));
        row(h, runs, "latency p90 us", r -> Long.toString(r.stats().client().latencyUs().p90()));
        row(h, runs, "latency p99 us", r -> Long.toString(r.stats().client().latencyUs().p99()));
        row(h, runs, "latency p99.9 us", r -> Long.toString(r.stats().client().latencyUs().p999()));
        row(h, runs, "latency max us", r -> Long.toString(r.stats().client().latencyUs().max()));
        row(h, runs, "client ops attempted", r -> Long.toString(r.stats().client().attempted()));
        row(h, runs, "client ops succeeded", r -> Long.toString(r.stats().client().succeeded()));
        row(h, runs, "client ops failed", r -> Long.toString(r.stats().client().failed()));
        row(h, runs, "client ops outstanding", r -> Long.toString(r.stats().client().outstanding()));
        row(h, runs, "first application ms", r -> nullable(r.stats().client().timeToFirstApplicationMs()));
        row(h, runs, "applications per command", r -> nullable(r.stats().client().applicationsPerCommand()));
        row(h, runs, "availability", r -> String.format(Locale.ROOT, "%.1f%% of %.0f ms windows",
            100 * r.stats().availability().share(), r.stats().availability().windowMs()));
        row(h, runs, "longest gap without commit ms", r -> num(r.stats().availability().longestGapMs()));
        row(h, runs, "time to first leader ms", r -> r.stats().protocol().leader() == null ? "-" :
            nullable(r.stats().protocol().leader().timeToFirstLeaderMs()));
        row(h, runs, "elections started", r -> leader(r, l -> Long.toString(l.electionsStarted())));
        row(h, runs, "elections won", r -> leader(r, l -> Long.toString(l.electionsWon())));
        row(h, runs, "highest term", r -> leader(r, l -> Long.toString(l.highestTerm())));
        row(h, runs, "leader changes", r -> leader(r, l -> Long.toString(l.leaderChanges())));
        row(h, runs, "cycles", r -> r.stats().protocol().cycles() == null ? "-" : Long.toString(r.stats().protocol().cycles().cycles()));
        row(h, runs, "writes per cycle", r -> r.stats().protocol().cycles() == null ? "-" :
            num(r.stats().protocol().cycles().meanBatch()));
        row(h, runs, "packets dispatched", r -> Long.toString(r.stats().network().dispatched()));
        row(h, runs, "packets received", r -> Long.toString(r.stats().network().received()));
        row(h, runs, "dropped: node down", r -> Long.toString(r.stats().network().droppedNodeFailure()));
        row(h, runs, "dropped: no path", r -> Long.toString(r.stats().network().droppedNoPath()));
        row(h, runs, "dropped: loss", r -> Long.toString(r.stats().network().droppedLoss()));
        row(h, runs, "dropped: partition", r -> Long.toString(r.stats().network().droppedPartition()));
        row(h, runs, "path latency avg us", r -> num(r.stats().network().pathLatencyUs().avg()));
        row(h, runs, "bytes dispatched", r -> Long.toString(r.stats().network().bytesDispatched()));
        row(h, runs, "faults", r -> Integer.toString(r.faults().size()));
        row(h, runs, "seed", r -> Long.toString(r.seed()));
        h.append("</table>\n");
    }

    private static String leader(final SimResult r, final Function<SimStats.Leader, String> f)
    {
        return r.stats().protocol().leader() == null ? "-" : f.apply(r.stats().protocol().leader());
    }

    private static void verdictRow(
        final StringBuilder h, final List<ReportRun> runs, final String name, final Function<SimResult, CheckResult> f)
    {
        h.append("<tr><td>").append(name).append("</td>");
        for (final ReportRun run : runs)
        {
            final CheckResult check = f.apply(run.result());
            final String verdict = check.verdict().jsonName();
            h.append("<td class=\"").append(esc(verdict)).append("\" title=\"").append(esc(check.detail())).append("\">")
                .append(esc(verdict)).append("</td>");
        }
        h.append("</tr>\n");
    }

    private static void row(final StringBuilder h, final List<ReportRun> runs, final String name, final Function<SimResult, String> f)
    {
        h.append("<tr><td>").append(esc(name)).append("</td>");
        for (final ReportRun run : runs)
        {
            h.append("<td>").append(esc(f.apply(run.result()))).append("</td>");
        }
        h.append("</tr>\n");
    }

    private static void runSection(final StringBuilder h, final int index, final ReportRun run)
    {
        final SimResult r = run.result();
        final SimStats stats = r.stats();
        final boolean leaderBased = stats.protocol().leader() != null;
        h.append("<section id=\"run-").append(index).append("\"><h2>").append(esc(run.name())).append("</h2>\n<p>")
            .append(esc(r.protocol())).append(", ").append(r.nodes()).append(" servers, ").append(num(r.durationNs() / 1e6))
            .append(" ms simulated, seed ").append(r.seed()).append(", faults: ").append(esc(run.faults())).append("</p>\n");
        h.append("<div class=\"plots\">");
        plot(h, Lanes.modes(stats, r.nodes(), r.durationNs(), leaderBased));
        if (leaderBased)
        {
            plot(h, Charts.terms(stats, r.nodes(), r.durationNs()));
        }
        plot(h, Charts.committed(stats, leaderBased ? "log index" : "cycle"));
        plot(h, Charts.writes(stats));
        if (!stats.links().isEmpty())
        {
            plot(h, Charts.linkBytes(stats));
        }
        final int endpoints = endpoints(stats, r.nodes());
        final String diagram = Lanes.spaceTime(stats, endpoints, r.nodes());
        if (diagram != null)
        {
            plot(h, diagram);
        }
        h.append("</div>\n");
        h.append("<h3>Messages per type</h3><table><tr><th>type</th><th>copies</th><th>bytes</th></tr>\n");
        for (final SimStats.MessageType type : stats.messageTypes())
        {
            h.append("<tr><td>").append(esc(type.type())).append("</td><td>").append(type.messages()).append("</td><td>")
                .append(type.bytes()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (leaderBased)
        {
            final SimStats.Leader l = stats.protocol().leader();
            h.append("<h3>Elections</h3><p>started by reason: ").append(esc(l.startedByReason().toString()))
                .append("; lost by reason: ").append(esc(l.lostByReason().toString())).append("; pre-vote rounds: ")
                .append(l.preVoteRounds()).append("</p>\n");
        }
        h.append("</section>\n");
    }

    private static int endpoints(final SimStats stats, final int servers)
    {
        int highest = servers - 1;
        for (final SimStats.Copy c : stats.series().copies())
        {
            highest = Math.max(highest, Math.max(c.from(), c.to()));
        }
        return highest + 1;
    }

    private static void plot(final StringBuilder h, final String svg)
    {
        h.append("<div>").append(svg).append("</div>");
    }

    private static String num(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.3g", value);
    }

    private static String nullable(final Double value)
    {
        return value == null ? "null" : num(value);
    }

    static String esc(final String text)
    {
        if (text == null)
        {
            return "";
        }
        final StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '&':
                    b.append("&amp;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }
}
