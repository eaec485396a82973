package io.canopus.sim.host;

import io.canopus.engine.protocol.ElectionEvent;
import io.canopus.engine.protocol.ElectionReason;
import io.canopus.engine.protocol.Role;

/**
 * Sees what the simulated nodes report and what happens to their hosts, stamped with simulated time,
 * for statistics (modes and terms over time, elections, commits over time) and traces.
 */
public interface HostObserver
{
    default void onBoot(long nowNs, int nodeId, int incarnation)
    {
    }

    default void onCrash(long nowNs, int nodeId)
    {
    }

    default void onRoleChange(long nowNs, int nodeId, Role role, long term, int leaderId)
    {
    }

    default void onElection(long nowNs, int nodeId, ElectionEvent event, ElectionReason reason, long term)
    {
    }

    default void onCommitted(long nowNs, int nodeId, long position, int proposals, int writes)
    {
    }
}
