package io.canopus.sim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad options and configs of {@code demo} and {@code load}: a message naming the option or field, exit status 2, nothing started. */
final class LauncherOptionsTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(final String... args)
    {
        return CanopusCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @ParameterizedTest(name = "demo {0} {1}")
    @Timeout(10)
    @CsvSource({
        "--rate, -5, --rate must be 1..10000000 operations per second, was -5",
        "--rate, 0, --rate must be 1..10000000",
        "--read-ratio, 1.5, --read-ratio must be between 0 and 1 (the fraction of GETs), was 1.5",
        "--size, 0, --size must be 1..1536 bytes",
        "--size, 1537, --size must be 1..1536 bytes",
        "--seconds, 0, --seconds must be > 0 and <= 3600",
        "--warmup, -1, --warmup must be 0..3600 seconds",
        "--keys, 0, --keys must be at least 1",
        "--racks, 0, --racks must be 1..16",
        "--nodes-per-rack, 17, --nodes-per-rack must be 1..16",
        "--rate, fast, Invalid value for option '--rate'"})
    void badDemoOptionsExitTwoNamingTheOption(final String option, final String value, final String message)
    {
        assertThat(run("demo", option, value, "--out", dir.toString())).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains(message);
        assertThat(out.toString()).as("nothing ran").isEmpty();
        assertThat(dir).as("no metrics directory made").isEmptyDirectory();
    }

    @ParameterizedTest(name = "load {0} {1}")
    @Timeout(10)
    @CsvSource({
        "--rate, -5, --rate must be 1..10000000 operations per second, was -5",
        "--read-ratio, 1.5, --read-ratio must be between 0 and 1 (the fraction of GETs), was 1.5",
        "--size, 0, --size must be 1..1536 bytes",
        "--seconds, -2, --seconds must be > 0 and <= 3600",
        "--warmup, -1, --warmup must be 0..3600 seconds"})
    void badLoadOptionsExitTwoNamingTheOption(final String option, final String value, final String message) throws Exception
    {
        final Path config = dir.resolve("cluster.json");
        ClusterConfigs.loopback(dir).write(config);
        assertThat(run("load", "--config", config.toString(), option, value, "--hlog", dir.resolve("x.hlog").toString()))
            .isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains(message);
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("x.hlog")).doesNotExist();
    }

    @Test
    @Timeout(10)
    void loadWithAMissingConfigFileNamesTheFile()
    {
        final Path missing = dir.resolve("no-such-cluster.json");
        assertThat(run("load", "--config", missing.toString())).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--config: " + missing + ": (top level): no such file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    @Timeout(10)
    void loadWithAnUnknownConfigFieldNamesTheField() throws Exception
    {
        final Path config = dir.resolve("cluster.json");
        final String json = ClusterConfigs.loopback(dir).toJson().replaceFirst("\"fanout\"", "\"fanOut\": 3, \"fanout\"");
        Files.writeString(config, json);
        assertThat(run("load", "--config", config.toString())).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains(config.toString()).contains("cluster.fanOut");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    @Timeout(10)
    void loadWithANodeOutsideTheClusterNamesTheOption() throws Exception
    {
        final Path config = dir.resolve("cluster.json");
        ClusterConfigs.loopback(dir).write(config);
        assertThat(run("load", "--config", config.toString(), "--node", "3")).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--node 3: not a node of " + config + " (ids 0..2)");
    }

    private static String oneLine(final StringWriter text)
    {
        return text.toString().replaceAll("\\s+", " ");
    }

    @Test
    void helpDescribesTheOptionsAndDefaults()
    {
        assertThat(run("demo", "--help")).isZero();
        assertThat(oneLine(out)).contains("--rate=N", "Default: " + DemoCommand.DEFAULT_RATE, "--read-ratio=R", "Default: 0.1",
            "--racks=R", "--nodes-per-rack=N", "--seconds=S", "--size=BYTES", "Exit status");
        out.getBuffer().setLength(0);
        assertThat(run("load", "--help")).isZero();
        assertThat(oneLine(out)).contains("--config=FILE", "--rate=N", "Default: 10000", "--seconds=S", "--size=BYTES",
            "--read-ratio=R", "Default: 0.0", "--warmup=S", "Default: 2", "--hlog=FILE", "Exit status");
    }
}
