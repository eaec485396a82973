package io.canopus.sim.trace;

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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TraceWriterTest
{
    private static Simulation simulation(final long seed)
    {
        final CanopusConfig config = new CanopusConfig();
        return new Simulation(SimConfig.builder().racks(3).nodesPerRack(3).fanout(config.fanout()).seconds(0.2).seed(seed)
            .faults(FaultMode.RANDOM).protocol(Canopus.PROTOCOL_NAME, t -> Canopus.nodeFactory(t, config)).build());
    }

    @Test
    void traceHoldsEveryCopyAndStateChangeInTimeOrder(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("run.trace");
        final Simulation simulation = simulation(3);
        final SimResult result;
        try (TraceWriter trace = new TraceWriter(file, 9, TraceWriter.DEFAULT_MAX_BYTES))
        {
            simulation.stats().forwardTo(trace, trace);
            result = simulation.run();
        }
        final ObjectMapper mapper = new ObjectMapper();
        final List<String> lines = Files.readAllLines(file);
        long previous = 0;
        for (final String line : lines)
        {
            final long t = mapper.readTree(line).get("t").asLong();
            assertThat(t).as("time order at %s", line).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
        final Map<String, Long> byEvent = lines.stream().map(l -> read(mapper, l).get("ev").asText())
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(byEvent.get("send")).isEqualTo(result.network().messagesSent());
        assertThat(byEvent.get("deliver")).isEqualTo(result.network().messagesDelivered());
        assertThat(byEvent.get("drop")).isEqualTo(result.network().messagesDropped());
        assertThat(byEvent).containsKeys("boot", "commit", "scheduled");
        assertThat(byEvent.get("crash")).as("the random faults crashed someone").isPositive();
    }

    @Test
    void aTraceStopsAtItsBoundAndSaysSo(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("cut.trace");
        final Simulation simulation = simulation(1);
        final TraceWriter trace = new TraceWriter(file, 9, 10_000);
        try (trace)
        {
            simulation.stats().forwardTo(trace, trace);
            simulation.run();
        }
        assertThat(trace.truncated()).isTrue();
        final List<String> lines = Files.readAllLines(file);
        assertThat(Files.size(file)).isLessThan(10_200);
        assertThat(lines.get(lines.size() - 1)).contains("\"truncated\"");
    }

    private static JsonNode read(final ObjectMapper mapper, final String line)
    {
        try
        {
            return mapper.readTree(line);
        }
        catch (final Exception ex)
        {
            throw new AssertionError("not JSON: " + line, ex);
        }
    }
}
