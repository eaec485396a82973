package io.canopus.sim.cli;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code canopus demo}: a real in-process cluster under load, its table, and the {@code .hlog} files it leaves. */
final class DemoCommandTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void runsAClusterUnderLoadAndPrintsTheTableAndTheHlogFiles() throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = CanopusCli.execute(new PrintWriter(out, true), new PrintWriter(err, true),
            "demo", "--racks", "1", "--nodes-per-rack", "3", "--seconds", "2", "--rate", "2000", "--out", dir.toString());
        final String text = out.toString();
        assertThat(status).as("exit status; out:%n%s%nerr:%n%s", text, err).isZero();

        assertThat(text).contains("1 racks x 3 nodes", "t=1s", "committed/s=", "target throughput", "2000 ops/s",
            "client latency p50", "client latency p90", "client latency p99", "client latency p99.9", "client latency max",
            "committed cycles/s", "mean writes per cycle");
        assertThat(number(text, "achieved throughput\\s+(\\d+) ops/s")).as("achieved ops/s").isPositive();
        assertThat(number(text, "committed cycles/s\\s+(\\d+)")).as("cycles/s").isPositive();

        final Path metrics = Path.of(value(text, "metrics directory\\s+(\\S+)"));
        assertThat(metrics.getParent()).isEqualTo(dir);
        final Path clientLog = Path.of(value(text, "client latency log\\s+(\\S+)"));
        assertThat(clientLog).isEqualTo(metrics.resolve("client-latency.hlog"));
        final List<String> logs;
        try (Stream<Path> files = Files.list(metrics))
        {
            logs = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertThat(logs).containsExactly("client-latency.hlog",
            "node-0-cycle-latency.hlog", "node-0-duty-cycle.hlog",
            "node-1-cycle-latency.hlog", "node-1-duty-cycle.hlog",
            "node-2-cycle-latency.hlog", "node-2-duty-cycle.hlog");
        for (final String log : logs)
        {
            assertThat(recordedValues(metrics.resolve(log))).as("values recorded in %s", log).isPositive();
        }
        assertThat(recordedValues(clientLog)).as("client latencies").isGreaterThan(1000);

        final Path journals = Path.of(value(text, "journals in (\\S+) \\(deleted at exit\\)"));
        assertThat(journals).as("temporary journal directory").doesNotExist();
    }

    private static long recordedValues(final Path hlog) throws Exception
    {
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        long count = 0;
        int intervals = 0;
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null)
        {
            intervals++;
            count += ((org.HdrHistogram.Histogram)interval).getTotalCount();
        }
        reader.close();
        assertThat(intervals).as("intervals in %s", hlog).isPositive();
        return count;
    }

    static String value(final String text, final String regex)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("'%s' in%n%s", regex, text).isTrue();
        return matcher.group(1);
    }

    static long number(final String text, final String regex)
    {
        return Long.parseLong(value(text, regex));
    }
}
