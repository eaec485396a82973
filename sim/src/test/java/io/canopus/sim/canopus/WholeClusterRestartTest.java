package io.canopus.sim.canopus;

import io.canopus.engine.canopus.CanopusNode;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.host.SimCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every node of the cluster crashes at once and restarts, in any order and some more than once:
 * the seed re-forms every rack after the highest journaled cycle, nothing acknowledged is lost
 * (the linearizability checker sees reads after the restart), and the cluster commits again.
 * Without the cold restart the cluster never commits after the restart, since a rack view change
 * needs a majority of live members and every member is a dead incarnation.
 */
final class WholeClusterRestartTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long CRASH_AT = 500 * MS;

    @ParameterizedTest(name = "{0}x{1} seed {2}, second crash of node {3}")
    @CsvSource({
        "1, 3, 1, -1",
        "3, 3, 2, -1",
        "2, 4, 3, 5",
        "3, 3, 4, 0",
        "5, 3, 5, 7",
        "3, 5, 6, 0",
    })
    void clusterComesBackWithEveryAcknowledgedWrite(final int racks, final int nodesPerRack, final long seed, final int recrash)
    {
        final Simulation sim = new Simulation(CanopusSims.canopus(racks, nodesPerRack, 1.6, seed, FaultMode.NONE).build());
        final SimCluster cluster = sim.cluster();
        final int n = cluster.size();
        final long[] highestAtCrash = new long[1];
        final int crashAll = sim.loop().register(e ->
        {
            for (int node = 0; node < n; node++)
            {
                highestAtCrash[0] = Math.max(highestAtCrash[0], cluster.host(node).node().committedPosition());
                cluster.crash(node);
            }
        });
        final int restart = sim.loop().register(e -> cluster.restart(e.target));
        final int crash = sim.loop().register(e -> cluster.crash(e.target));
        sim.loop().schedule(CRASH_AT, crashAll, 0, 0, 0);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int node = 0; node < n; node++)
        {
            // Staggered over 100 ms, so some nodes report long before others and the seed may come last.
            sim.loop().schedule(CRASH_AT + (20 + random.nextInt(100)) * MS, restart, node, 0, 0);
        }
        if (recrash >= 0)
        {
            // A second crash around the time the seed decides: before, the node keeps its unused
            // incarnation; after, it comes back as a new one and rejoins its rack normally.
            sim.loop().schedule(CRASH_AT + 125 * MS, crash, recrash, 0, 0);
            sim.loop().schedule(CRASH_AT + 160 * MS, restart, recrash, 0, 0);
        }

        final SimResult result = sim.run();

        assertThat(result.agreement().isOk()).as("agreement: %s%n%s", result.agreement().detail(), result.summary()).isTrue();
        assertThat(result.linearizable().isOk()).as("linearizable: %s%n%s", result.linearizable().detail(), result.summary()).isTrue();
        assertThat(result.exactlyOnce().isOk()).as("exactly-once: %s%n%s", result.exactlyOnce().detail(), result.summary()).isTrue();
        assertThat(highestAtCrash[0]).as("committed before the crash").isGreaterThan(50);
        assertThat(CanopusSims.sum(result, c -> c.coldRestarts)).as("the seed re-formed the racks").isGreaterThanOrEqualTo(1);
        for (int node = 0; node < n; node++)
        {
            final CanopusNode restarted = (CanopusNode)cluster.host(node).node();
            assertThat(restarted.isActiveMember()).as("node %d is a member again: %s", node, restarted.describeState()).isTrue();
            assertThat(restarted.committedPosition()).as("node %d commits after the restart: %s", node, restarted.describeState())
                .isGreaterThan(highestAtCrash[0] + 100);
        }
    }
}
