package io.canopus.sim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SweepCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return CanopusCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aSmallSweepPrintsItsTableShowsProgressAndWritesOneComparisonReport(@TempDir final Path dir) throws Exception
    {
        final Path report = dir.resolve("report");
        final int status = run("sim", "sweep", "--protocols", "canopus", "--racks", "1", "--nodes-per-rack", "3,5",
            "--mix", "write-heavy", "--doublings", "1", "--warmup-ms", "20", "--measure-ms", "30", "--threads", "1",
            "--report", report.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("| 1x3 | write-heavy |", "| 1x5 | write-heavy |");
        assertThat(err.toString()).contains("[", "] 1/2", "sweep: report in");
        assertThat(report.resolve("report.html")).exists();
        final String html = Files.readString(report.resolve("report.html"));
        assertThat(html).contains("Throughput at saturation", "Median latency at saturation", "canopus 1x3 write-heavy");
        assertThat(Files.readString(report.resolve("sweep.md"))).isEqualTo(out.toString().strip() + "\n");
        assertThat(Files.readString(report.resolve("sweep-throughput.svg"))).startsWith("<svg");
        assertThat(report.resolve("results.json")).isNotEmptyFile();
    }

    @Test
    void anUnknownProtocolIsABadArgument()
    {
        assertThat(run("sim", "sweep", "--protocols", "paxos")).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(err.toString()).contains("paxos");
    }
}
