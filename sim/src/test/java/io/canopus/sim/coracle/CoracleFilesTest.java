package io.canopus.sim.coracle;

import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.stats.SimStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Coracle test configuration, run as Coracle would run it, under every protocol we support: all four
 * verdicts hold, and each file shows the behaviour its network implies.
 * <ul>
 *     <li>Every file's servers can reach a majority both ways at some point, so under Raft a leader is elected.</li>
 *     <li>Only {@code simple_diff} and {@code simple_triangle_client} have a client; both commit its commands
 *     ({@code simple_diff} cuts client-to-server-2 and server-2-to-server-1 from 100 to 595 ms, and commits resume
 *     after the heal); the others start no operation at all.</li>
 * </ul>
 */
class CoracleFilesTest
{
    private static final Set<String> WITH_CLIENTS = Set.of("simple_diff.json", "simple_triangle_client.json");

    static Stream<Arguments> runs()
    {
        return Stream.of(CoracleResources.FILES)
            .flatMap(file -> CoracleProtocols.supported().stream().map(protocol -> Arguments.of(file, protocol)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("runs")
    void runsWithAllVerdictsOkAndTheExpectedBehaviour(final String file, final String protocol)
    {
        final SimResult result = Simulation.run(
            CoracleRun.configure(CoracleResources.scenario(file), protocol, OptionalLong.empty()).build());

        assertThat(result.allOk()).as("verdicts of %s under %s:%n%s", file, protocol, result.summary()).isTrue();
        final SimStats stats = result.stats();
        if (WITH_CLIENTS.contains(file))
        {
            assertThat(stats.client().succeeded()).as("client commands committed%n%s", result.summary()).isPositive();
            assertThat(result.committedWrites()).isPositive();
        }
        else
        {
            assertThat(stats.client().attempted()).as("no clients, no operations").isZero();
        }
        if (stats.protocol().leader() != null)
        {
            assertThat(stats.protocol().leader().timeToFirstLeaderMs()).as("a leader was elected in %s", file).isNotNull();
            assertThat(stats.protocol().leader().electionsWon()).isPositive();
        }
        else
        {
            assertThat(stats.protocol().cycles().cycles()).as("Canopus cycles commit in %s", file).isPositive();
        }
    }
}
