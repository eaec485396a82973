package io.canopus.perf.bench;

import io.canopus.sim.load.LoadClientFactory;
import io.canopus.sim.load.LoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTest
{
    @TempDir
    Path dir;

    /** A system whose clients never get an answer, as an Aeron Cluster that lost its session. */
    private static BenchSystem silent(final String name, final List<String> closed)
    {
        return new BenchSystem()
        {
            @Override
            public String name()
            {
                return name;
            }

            @Override
            public String threading()
            {
                return "none: a test system that never answers";
            }

            @Override
            public LoadClientFactory clients()
            {
                return (index, listener) ->
                {
                    throw new LoadException("client " + index + " got no answer from the cluster");
                };
            }

            @Override
            public long committedWrites()
            {
                return -1;
            }

            @Override
            public void close()
            {
                closed.add(name);
            }
        };
    }

    /**
     * One system that stops answering costs only its own probes: the run goes on to the next
     * system, says what happened in the warnings, counts it (so the command exits 1) and closes
     * every system it started.
     */
    @Test
    @Timeout(60)
    void aSystemThatStopsAnsweringIsSkippedAndTheRunGoesOn() throws Exception
    {
        final List<String> launched = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        final StringWriter progress = new StringWriter();
        final BenchSettings settings = BenchSettings.quick().with(List.of(32), List.of("aeron-cluster", "canopus-1x3"), null, 0);

        final Bench bench = new Bench(settings, dir, new PrintWriter(progress, true), name ->
        {
            launched.add(name);
            return silent(name, closed);
        });
        final BenchResults results = bench.run();

        assertThat(launched).containsExactly("aeron-cluster", "canopus-1x3");
        assertThat(closed).containsExactly("aeron-cluster", "canopus-1x3");
        assertThat(bench.failedRuns()).isEqualTo(2);
        assertThat(results.warnings()).anySatisfy(w -> assertThat(w)
            .startsWith("aeron-cluster at 32 B stopped answering").contains("got no answer from the cluster"));
        assertThat(results.ceiling()).hasSize(1);
        assertThat(progress.toString()).contains("canopus-1x3 stopped answering");
    }
}
