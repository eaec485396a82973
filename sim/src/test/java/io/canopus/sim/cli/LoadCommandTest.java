package io.canopus.sim.cli;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.runtime.CanopusRuntime;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code canopus load} against a cluster that the test runs in-process from a config file it wrote:
 * the load's client reaches the nodes over UDP with its own media driver, as it would reach nodes
 * started with {@code canopus node}.
 */
final class LoadCommandTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void loadsARunningClusterOverUdpAndWritesTheHlog() throws Exception
    {
        final Path configFile = dir.resolve("cluster.json");
        ClusterConfigs.loopback(dir).write(configFile);
        final ClusterConfig config = ClusterConfig.load(configFile);
        final Path hlog = dir.resolve("latency").resolve("client.hlog");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status;
        final long writesCommitted;
        try (CanopusRuntime runtime = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config)))
        {
            status = CanopusCli.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "load", "--config", configFile.toString(), "--rate", "1000", "--seconds", "2", "--warmup", "0.5",
                "--read-ratio", "0.2", "--hlog", hlog.toString());
            writesCommitted = runtime.counter(0, "writesCommitted");
            for (final int node : runtime.nodeIds())
            {
                assertThat(runtime.failure(node)).as("node %d", node).isNull();
            }
        }
        final String text = out.toString();
        assertThat(status).as("exit status; out:%n%s%nerr:%n%s", text, err).isZero();
        assertThat(text).contains("answers to 127.0.0.1", "completed/s=", "target throughput", "1000 ops/s", "client latency p99.9");
        assertThat(DemoCommandTest.value(text, "client latency log\\s+(\\S+)")).isEqualTo(hlog.toString());
        assertThat(DemoCommandTest.number(text, "achieved throughput\\s+(\\d+) ops/s")).isPositive();
        final long completed = DemoCommandTest.number(text, "sent \\d+, completed (\\d+)");
        assertThat(completed).as("operations completed").isGreaterThan(1000);
        assertThat(writesCommitted).as("writes the nodes committed").isGreaterThan(500);

        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        final Histogram total = new Histogram(3);
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null)
        {
            total.add((Histogram)interval);
        }
        reader.close();
        assertThat(total.getTotalCount()).as("latencies in the .hlog").isGreaterThan(1000);
        assertThat(DemoCommandTest.number(text, "client latency max\\s+(\\d+) us"))
            .isEqualTo(Math.round(total.getMaxValue() / 1000.0));
        assertThat(leftoverAeronDirs()).as("the client's Aeron directory is deleted").isEmpty();
    }

    private static String[] leftoverAeronDirs()
    {
        final File shm = new File("/dev/shm");
        final String prefix = "canopus-load-" + ProcessHandle.current().pid() + "-";
        final String[] names = shm.list((d, name) -> name.startsWith(prefix));
        return names == null ? new String[0] : Arrays.copyOf(names, names.length);
    }
}
