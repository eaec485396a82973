package io.canopus.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportWriterTest
{
    private static SimResult run(final int racks, final int nodesPerRack, final FaultMode faults, final long seed)
    {
        final CanopusConfig config = new CanopusConfig();
        return Simulation.run(SimConfig.builder().racks(racks).nodesPerRack(nodesPerRack).fanout(config.fanout())
            .seconds(0.3).seed(seed).faults(faults).protocol(Canopus.PROTOCOL_NAME, t -> Canopus.nodeFactory(t, config)).build());
    }

    @Test
    void writesResultsJsonAndASelfContainedPageWithThePlotsOfEveryRun(@TempDir final Path dir) throws Exception
    {
        final List<ReportRun> runs = List.of(
            new ReportRun("small <1x3>", run(1, 3, FaultMode.NONE, 1), "none"),
            new ReportRun("faulty 3x3", run(3, 3, FaultMode.RANDOM, 2), "random"));
        ReportWriter.write(dir, "two runs", runs);

        final JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("runs")).hasSize(2);
        final JsonNode first = json.get("runs").get(0);
        assertThat(first.get("name").asText()).isEqualTo("small <1x3>");
        assertThat(first.at("/result/stats/client/succeeded").asLong()).isEqualTo(runs.get(0).result().stats().client().succeeded());
        assertThat(first.at("/result/verdicts/agreement").asText()).isEqualTo("ok");
        assertThat(first.at("/series/committedPosition")).hasSize(3);
        assertThat(first.at("/series/copies").size()).isPositive();

        final String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("small &lt;1x3&gt;", "faulty 3x3", "class=\"ok\"");
        // Self-contained: no scripts, style sheets, images or frames fetched from anywhere.
        assertThat(html).doesNotContain("<script", "<link", "<img", "<iframe", "src=", "@import");
        assertThat(Pattern.compile("url\\((?!#)").matcher(html).find()).as("only local url(#id) references").isFalse();
        // Inline SVGs share one id space: clip paths of different plots must not collide.
        final Matcher ids = Pattern.compile("<clipPath id=\"([^\"]+)\"|<clipPath id='([^']+)'").matcher(html);
        final java.util.Set<String> seen = new java.util.HashSet<>();
        while (ids.find())
        {
            final String id = ids.group(1) != null ? ids.group(1) : ids.group(2);
            assertThat(seen.add(id)).as("clip path id %s is unique", id).isTrue();
        }
        final Matcher svg = Pattern.compile("<svg").matcher(html);
        int plots = 0;
        while (svg.find())
        {
            plots++;
        }
        // Comparison: throughput and latency CDF; per run: modes, committed, writes, bytes per link, and for the
        // 1x3 run (4 endpoints with its clients) a space-time diagram.
        assertThat(plots).isGreaterThanOrEqualTo(2 + 4 + 1 + 4);
        assertThat(html).contains("First ", "Bytes per link", "Committed cycle per server", "Client latency CDF");
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
        assertThat(ReportWriter.html("two runs", runs)).as("equal runs give equal pages").isEqualTo(html);
    }

    @Test
    void refusesAnEmptyReport(@TempDir final Path dir)
    {
        assertThatThrownBy(() -> ReportWriter.write(dir, "none", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
