package io.canopus.sim.fault;

import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FaultGeneratorTest
{
    private static final long MS = 1_000_000;
    private static final long RUN_NS = 2_000 * MS;

    /**
     * A cluster model: a restarted node rejoins its rack's view only {@code rejoinNs} after the
     * restart, so it stays "down" meanwhile, as a real node does while catching up. It checks the
     * minority rule every time a node is taken down.
     */
    static final class ModelCluster implements FaultTarget
    {
        final ClusterTopology topology;
        final EventLoop loop;
        final long rejoinNs;
        final boolean[] up;
        final long[] activeFromNs;
        final long[] pausedUntilNs;
        final boolean[] isolated;
        final double[] rackLoss;
        int[] groups;
        final List<String> violations = new ArrayList<>();
        int nodeFaults;

        ModelCluster(final ClusterTopology topology, final EventLoop loop, final long rejoinNs)
        {
            this.topology = topology;
            this.loop = loop;
            this.rejoinNs = rejoinNs;
            this.up = new boolean[topology.nodeCount()];
            java.util.Arrays.fill(up, true);
            this.activeFromNs = new long[topology.nodeCount()];
            this.pausedUntilNs = new long[topology.nodeCount()];
            this.isolated = new boolean[topology.nodeCount()];
            this.rackLoss = new double[topology.rackCount()];
        }

        boolean down(final int node)
        {
            return !isUpAndActive(node) || pausedUntilNs[node] > loop.nowNs() || isolated[node];
        }

        void checkRack(final int node)
        {
            nodeFaults++;
            final int rack = topology.rackOf(node);
            int down = 0;
            for (final int n : topology.rackNodes(rack))
            {
                if (down(n))
                {
                    down++;
                }
            }
            final int size = topology.rackNodes(rack).length;
            if (down > (size - 1) / 2)
            {
                violations.add("rack " + rack + " of " + size + " has " + down + " down at " + loop.nowNs());
            }
        }

        @Override
        public ClusterTopology topology()
        {
            return topology;
        }

        @Override
        public boolean isUpAndActive(final int node)
        {
            return up[node] && loop.nowNs() >= activeFromNs[node];
        }

        @Override
        public void crash(final int node)
        {
            if (!up[node])
            {
                violations.add("crashed a crashed node " + node);
            }
            up[node] = false;
            checkRack(node);
        }

        @Override
        public void restart(final int node)
        {
            if (up[node])
            {
                violations.add("restarted a running node " + node);
            }
            up[node] = true;
            activeFromNs[node] = loop.nowNs() + rejoinNs;
        }

        @Override
        public void pause(final int node, final long untilNs)
        {
            pausedUntilNs[node] = untilNs;
            checkRack(node);
        }

        @Override
        public void resume(final int node)
        {
            pausedUntilNs[node] = 0;
        }

        @Override
        public void setIsolated(final int node, final boolean value)
        {
            isolated[node] = value;
            if (value)
            {
                checkRack(node);
            }
        }

        @Override
        public void setRackLoss(final int rack, final double probability)
        {
            rackLoss[rack] = probability;
        }

        @Override
        public void setRackGroups(final int[] groupOfRack)
        {
            groups = groupOfRack;
        }

        boolean allHealed()
        {
            for (int n = 0; n < up.length; n++)
            {
                if (!up[n] || pausedUntilNs[n] > loop.nowNs() || isolated[n])
                {
                    return false;
                }
            }
            for (final double loss : rackLoss)
            {
                if (loss != 0)
                {
                    return false;
                }
            }
            return groups == null;
        }
    }

    private record Run(ModelCluster cluster, FaultGenerator generator)
    {
    }

    private static Run run(final ClusterTopology topology, final long seed, final long rejoinNs)
    {
        final EventLoop loop = new EventLoop();
        final ModelCluster cluster = new ModelCluster(topology, loop, rejoinNs);
        final FaultSettings settings = FaultSettings.DEFAULT.withMeanIntervalNs(15 * MS);
        final long faultsEnd = (long)(RUN_NS * settings.faultsEndFraction());
        final FaultGenerator generator = new FaultGenerator(settings, cluster, loop, new Seeds(seed).random("faults", 0), faultsEnd);
        generator.start();
        loop.runUntil(faultsEnd);
        assertThat(cluster.allHealed()).as("all healed at faultsEndNs, seed %d", seed).isTrue();
        loop.runUntil(RUN_NS);
        return new Run(cluster, generator);
    }

    @Test
    void neverTakesDownMoreThanAMinorityOfARackOverManySeeds()
    {
        final ClusterTopology[] shapes = {
            ClusterTopology.uniform(3, 3, 3),
            ClusterTopology.uniform(2, 5, 2),
            ClusterTopology.of(new int[][]{{0}, {1, 2}, {3, 4, 5}, {6, 7, 8, 9, 10, 11, 12}}, 2),
        };
        int nodeFaults = 0;
        for (final ClusterTopology topology : shapes)
        {
            for (long seed = 0; seed < 150; seed++)
            {
                final Run run = run(topology, seed, seed % 2 == 0 ? 0 : 40 * MS);
                assertThat(run.cluster.violations).as("seed %d on %s", seed, topology).isEmpty();
                nodeFaults += run.cluster.nodeFaults;
            }
        }
        assertThat(nodeFaults).as("the rule was actually exercised").isGreaterThan(1000);
    }

    @Test
    void racksOfOneOrTwoNodesNeverLoseANode()
    {
        final ClusterTopology topology = ClusterTopology.of(new int[][]{{0}, {1, 2}, {3, 4, 5}}, 2);
        for (long seed = 0; seed < 100; seed++)
        {
            for (final FaultEvent e : run(topology, seed, 0).generator.events())
            {
                if (e.kind() == FaultEvent.Kind.CRASH || e.kind() == FaultEvent.Kind.PAUSE || e.kind() == FaultEvent.Kind.ISOLATE)
                {
                    assertThat(e.subject()).isGreaterThanOrEqualTo(3);
                }
            }
        }
    }

    @Test
    void everyFaultHealsByTheEndOfTheFaultWindowAndTheLastHealIsRecorded()
    {
        final long faultsEnd = (long)(RUN_NS * FaultSettings.DEFAULT.faultsEndFraction());
        final Set<FaultEvent.Kind> kinds = EnumSet.noneOf(FaultEvent.Kind.class);
        for (long seed = 0; seed < 50; seed++)
        {
            final Run run = run(ClusterTopology.uniform(3, 5, 3), seed, 10 * MS);
            final List<FaultEvent> events = run.generator.events();
            assertThat(events).isNotEmpty();
            long lastHeal = -1;
            for (final FaultEvent e : events)
            {
                kinds.add(e.kind());
                assertThat(e.timeNs()).isLessThanOrEqualTo(faultsEnd);
                assertThat(e.untilNs()).isLessThanOrEqualTo(faultsEnd);
                if (e.kind().isHeal())
                {
                    lastHeal = Math.max(lastHeal, e.timeNs());
                }
            }
            assertThat(run.generator.lastHealNs()).isEqualTo(lastHeal).isLessThanOrEqualTo(faultsEnd);
            final long starts = events.stream().filter(e -> !e.kind().isHeal()).count();
            assertThat(run.generator.injected()).isEqualTo(starts);
            assertThat(events.size()).isEqualTo(2 * starts); // every start has its heal
        }
        assertThat(kinds).containsAll(EnumSet.allOf(FaultEvent.Kind.class));
    }

    @Test
    void theSameSeedGivesTheSameFaults()
    {
        final ClusterTopology topology = ClusterTopology.uniform(3, 3, 3);
        assertThat(run(topology, 42, 5 * MS).generator.events())
            .isEqualTo(run(topology, 42, 5 * MS).generator.events())
            .isNotEqualTo(run(topology, 43, 5 * MS).generator.events());
    }

    @Test
    void noneWhenEveryWeightIsZero()
    {
        final EventLoop loop = new EventLoop();
        final ModelCluster cluster = new ModelCluster(ClusterTopology.uniform(3, 3, 3), loop, 0);
        final FaultGenerator generator = new FaultGenerator(FaultSettings.DEFAULT.withWeights(0, 0, 0, 0, 0), cluster, loop,
            new Seeds(1).random("faults", 0), RUN_NS / 2);
        generator.start();
        loop.runUntil(RUN_NS);
        assertThat(generator.events()).isEmpty();
        assertThat(generator.lastHealNs()).isEqualTo(FaultGenerator.NO_FAULTS);
    }
}
