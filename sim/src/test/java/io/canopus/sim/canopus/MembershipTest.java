package io.canopus.sim.canopus;

import io.canopus.engine.canopus.CanopusNode;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.host.SimCluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rack view changes under load: a crashed member is removed by its rack, the rest keep
 * committing, and the restarted node catches up and rejoins as a new incarnation.
 */
class MembershipTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void crashedMemberIsRemovedAndRejoinsAfterRestart()
    {
        final Simulation sim = new Simulation(CanopusSims.canopus(3, 3, 2.0, 5, FaultMode.NONE).build());
        final SimCluster cluster = sim.cluster();
        final int victim = 4; // middle node of rack 1
        final long[] committedAtCrash = new long[1];
        final long[] committedWhileDown = new long[1];
        final boolean[] removedWhileDown = new boolean[1];
        final int crash = sim.loop().register(e ->
        {
            committedAtCrash[0] = cluster.host(3).node().committedPosition();
            cluster.crash(victim);
        });
        final int check = sim.loop().register(e ->
        {
            committedWhileDown[0] = cluster.host(3).node().committedPosition();
            final CanopusNode peer = (CanopusNode)cluster.host(3).node();
            removedWhileDown[0] = peer.epoch() >= 1 && !peer.describeTable().contains(victim + "@1 [1..]");
        });
        final int restart = sim.loop().register(e -> cluster.restart(victim));
        sim.loop().schedule(400 * MS, crash, 0, 0, 0);
        sim.loop().schedule(900 * MS, check, 0, 0, 0);
        sim.loop().schedule(1000 * MS, restart, 0, 0, 0);

        final SimResult result = sim.run();

        CanopusSims.assertAllOk(result);
        assertThat(removedWhileDown[0]).as("rack 1 removed the crashed member").isTrue();
        assertThat(committedWhileDown[0]).as("the others kept committing without it").isGreaterThan(committedAtCrash[0] + 50);
        final ConsensusNode rejoined = cluster.host(victim).node();
        assertThat(rejoined.isActiveMember()).as("restarted node rejoined").isTrue();
        assertThat(((CanopusNode)rejoined).incarnation()).isEqualTo(2);
        final long peerCommitted = cluster.host(3).node().committedPosition();
        assertThat(rejoined.committedPosition()).as("rejoined node caught up").isGreaterThan(peerCommitted - 16);
        assertThat(CanopusSims.sum(result, c -> c.viewChangesDecided)).isPositive();
        assertThat(CanopusSims.sum(result, c -> c.catchUpCycles)).as("restarted node learned missed cycles").isPositive();
        assertThat(result.nodeCounters().get(victim).catchUpRequests).as("asked for a window of cycles at once").isPositive();
    }

    @Test
    void liveMemberCutOffIsRemovedAndRejoinsAsANewIncarnation()
    {
        for (final int racks : new int[]{1, 3})
        {
            final Simulation sim = new Simulation(CanopusSims.canopus(racks, 5, 2.0, 17, FaultMode.NONE).build());
            final int victim = 1;
            final int cut = sim.loop().register(e -> sim.network().setIsolated(victim, true));
            final int heal = sim.loop().register(e -> sim.network().setIsolated(victim, false));
            sim.loop().schedule(300 * MS, cut, 0, 0, 0);
            sim.loop().schedule(600 * MS, heal, 0, 0, 0);

            final SimResult result = sim.run();

            CanopusSims.assertAllOk(result);
            final CanopusNode node = (CanopusNode)sim.cluster().host(victim).node();
            // It never crashed, yet it must come back as a new incarnation: what it proposed after
            // its last cycle as incarnation 1 is void and must not be mistaken for the new one's.
            assertThat(node.incarnation()).as("%d racks", racks).isEqualTo(2);
            assertThat(node.isActiveMember()).isTrue();
            assertThat(node.committedPosition()).isGreaterThan(sim.cluster().host(0).node().committedPosition() - 16);
            assertThat(result.nodeCounters().get(victim).cyclesStarted).isPositive();
        }
    }

    @Test
    void deadEmulatorsAreFailedOverAndMembersFetchThemselves()
    {
        final Simulation sim = new Simulation(CanopusSims.canopus(3, 3, 1.5, 9, FaultMode.NONE).build());
        final SimCluster cluster = sim.cluster();
        // Node 0 is an emulator of rack 0 for racks 1 and 2, and a representative of its own rack.
        final int crash = sim.loop().register(e -> cluster.crash(0));
        sim.loop().schedule(300 * MS, crash, 0, 0, 0);
        final SimResult result = sim.run();
        CanopusSims.assertAllOk(result);
        assertThat(CanopusSims.sum(result, c -> c.stateFetchFailovers)).as("fail-over to another emulator").isPositive();
        assertThat(CanopusSims.sum(result, c -> c.ownStateFetches)).as("members fetch when the relay does not come").isPositive();
    }
}
