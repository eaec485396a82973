package io.canopus.sim.fault;

import io.canopus.engine.topology.ClusterTopology;

/**
 * What the fault generator acts on. Kept as an interface so the generator's rules (above all the
 * minority rule) can be tested against a small cluster model as well as the real simulation.
 */
public interface FaultTarget
{
    ClusterTopology topology();

    /** @return true when the node runs and is an active member of its rack's view. */
    boolean isUpAndActive(int node);

    void crash(int node);

    void restart(int node);

    /** Stalls a node until {@code untilNs}. */
    void pause(int node, long untilNs);

    void resume(int node);

    /** Cuts a node off from every other endpoint, or reconnects it. */
    void setIsolated(int node, boolean isolated);

    /** Sets extra loss inside one rack; 0 ends the burst. */
    void setRackLoss(int rack, double probability);

    /** Partitions racks into groups (traffic flows only inside a group); null heals. */
    void setRackGroups(int[] groupOfRack);
}
