package io.canopus.engine.protocol;

import org.agrona.DirectBuffer;

/**
 * One replica of a consensus protocol, as an IO-free deterministic state machine.
 * <p>
 * Everything that happens to a node comes in through these methods (time is always an argument,
 * randomness comes from the {@link RandomSource} it was built with) and everything it does goes out
 * through its {@link OutputSink} and {@link DurableLog}. The Aeron runtime and the simulator are two
 * drivers of this same interface, so the simulator tests the code that runs in production.
 * <p>
 * Not thread safe: a node is driven by one thread (a duty-cycle agent or the simulator loop).
 */
public interface ConsensusNode
{
    /** @return this node's id, unique in the cluster. */
    int nodeId();

    /**
     * Boots the node: replays its durable log into the state machine and starts (re)joining.
     * Called once after construction; a restart builds a new node over the same durable log.
     *
     * @param nowNs the current time.
     */
    void start(long nowNs);

    /**
     * Feeds one frame from the network or from a client. Malformed or foreign frames are rejected
     * and counted, never thrown.
     *
     * @param nowNs  the current time.
     * @param buffer holding the frame.
     * @param offset of the frame in the buffer.
     * @param length of the frame.
     */
    void onMessage(long nowNs, DirectBuffer buffer, int offset, int length);

    /**
     * Runs timers and pacing and flushes batched outputs. Drivers call it once per duty cycle
     * after feeding the messages of that cycle, and at the latest by {@link #nextDeadlineNs()}.
     *
     * @param nowNs the current time.
     * @return the amount of work done, 0 if none (drivers use it to choose how to idle).
     */
    int doWork(long nowNs);

    /**
     * @return the time by which {@link #doWork(long)} must run again even if no message arrives,
     * or {@link Long#MAX_VALUE} when nothing is timed.
     */
    long nextDeadlineNs();

    /** @return true while this node is a member of its rack's current view and takes part in cycles. */
    boolean isActiveMember();

    /** @return the highest cycle (or log index) this node has committed and applied. */
    long committedPosition();

    /** @return counters of what this node did and rejected. */
    NodeCounters counters();
}
