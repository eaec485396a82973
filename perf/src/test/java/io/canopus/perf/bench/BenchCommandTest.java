package io.canopus.perf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    /**
     * A real, short run on a real Canopus cluster: the JSON carries the fields, and the run
     * directory holds every artifact. Figures are not asserted beyond "measured": this machine is shared,
     * so the SLO is a loose 100 ms (the 1 ms default fails at every rate when the box is busy).
     */
    @Test
    @Timeout(120)
    void quickJsonRunMeasuresAndWritesTheRunDirectory() throws Exception
    {
        final Path runDir = dir.resolve("run");

        final int exit = run("--quick", "--json", "--sizes", "32", "--systems", "canopus-1x3", "--slo-us", "100000",
            "--run-dir", runDir.toString());

        assertThat(exit).as(err.toString()).isZero();
        final JsonNode json = new ObjectMapper().readTree(out.toString());
        final JsonNode system = json.get("systems").get(0);
        assertThat(system.get("name").asText()).isEqualTo("canopus-1x3");
        assertThat(system.get("sizeBytes").asInt()).isEqualTo(32);
        assertThat(system.get("saturationMsgsPerSec").asLong()).isGreaterThan(0);
        for (final String field : new String[]{"p50Us", "p99Us", "p999Us", "maxUs"})
        {
            assertThat(system.get(field).asDouble()).as(field).isGreaterThan(0);
        }
        assertThat(system.get("probes").size()).isGreaterThanOrEqualTo(2);
        if (Files.isReadable(CpuSteal.PROC_STAT))
        {
            assertThat(system.get("probes").get(0).get("stealPercent").isNumber()).as("CPU steal beside each probe").isTrue();
            assertThat(system.get("overloadStealPercent").asDouble(-1)).isBetween(0.0, 100.0);
        }
        assertThat(json.get("ceiling").get(0).get("multicastMsgsPerSec").asDouble()).isGreaterThan(0);
        assertThat(json.get("ceiling").get(0).get("multicastBytesPerSec").asDouble()).isGreaterThan(0);
        assertThat(json.get("ratios").size()).as("no Aeron Cluster in this run").isZero();
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.get("settings").get("sloP99Us").asDouble()).isEqualTo(100_000.0);
        assertThat(system.get("overloadMsgsPerSec").asDouble()).isGreaterThan(0);
        assertThat(json.get("commonRates").get(0).get("systems").get(0).get("hgrm").asText()).endsWith(".hgrm");
        assertThat(err.toString()).contains("saturation search");

        assertThat(runDir.resolve("summary.json")).isNotEmptyFile();
        assertThat(runDir.resolve("report.html")).content().contains("data:image/png;base64,").contains("canopus-1x3");
        assertThat(runDir.resolve("throughput.png")).isNotEmptyFile();
        assertThat(runDir.resolve("percentiles-32B.png")).isNotEmptyFile();
        try (Stream<Path> files = Files.list(runDir))
        {
            assertThat(files.map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.endsWith(".hlog"))
                .anyMatch(name -> name.endsWith(".hgrm"))
                .noneMatch(name -> name.startsWith("work-"));
        }
    }

    @Test
    void rejectsAnOversizedMessage()
    {
        assertThat(run("--sizes", "2000", "--run-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("sizes must be 1..1344 bytes");
    }

    @Test
    void rejectsAnUnknownSystem()
    {
        assertThat(run("--systems", "etcd", "--run-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown system 'etcd'");
    }
}
