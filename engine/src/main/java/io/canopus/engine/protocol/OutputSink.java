package io.canopus.engine.protocol;

import org.agrona.DirectBuffer;

/**
 * Where a {@link ConsensusNode} sends what it produces. Implemented by the Aeron runtime and by the
 * simulator. A send returns false under back pressure or when the destination cannot be reached;
 * the protocol treats that exactly like a lost datagram (it retries or pulls later) and counts it.
 * Buffers passed in are only valid for the duration of the call.
 */
public interface OutputSink
{
    /** Unicast to one node of the cluster. */
    boolean sendToNode(int nodeId, DirectBuffer buffer, int offset, int length);

    /** Multicast to every other node of the sender's rack (round 1 traffic). */
    boolean sendToRack(DirectBuffer buffer, int offset, int length);

    /** To a client connected to this node. */
    boolean sendToClient(long clientId, DirectBuffer buffer, int offset, int length);

    /**
     * Observes a committed write as it is applied, for checkers and metrics: {@code duplicate} is true
     * when the session table recognised a retry and did not apply it again.
     */
    default void onApplied(long position, long sessionId, long sequence, boolean duplicate)
    {
    }

    /** Observes a cycle (or log entry) becoming committed at this node. */
    default void onCommitted(long position, int proposals, int writes)
    {
    }

    /**
     * Observes how long a cycle this node took part in took from its start here to its commit
     * here, for the runtime's consensus-cycle latency histogram. Not called for cycles the node
     * only learned.
     */
    default void onCycleLatency(long position, long startToCommitNs)
    {
    }

    /**
     * Observes a change of role in a leader-based protocol (Raft): the new role, the current term and
     * the leader this node knows of (-1 when none). Canopus, being leaderless, never calls it.
     */
    default void onRoleChange(Role role, long term, int leaderId)
    {
    }

    /** Observes an election starting, being won or being lost, with the reason and the term it was for. */
    default void onElection(ElectionEvent event, ElectionReason reason, long term)
    {
    }
}
