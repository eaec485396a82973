package io.canopus.engine.statemachine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A deterministic replicated state machine. The engine calls it from the node's thread only; the same
 * sequence of {@link #apply} calls must produce the same state and results on every replica, so an
 * implementation must not read clocks, randomness or anything outside its arguments.
 * Duplicate detection of client retries is done by the engine's session table before apply.
 */
public interface StateMachine
{
    /**
     * Applies a committed write.
     *
     * @return the length of the result written at {@code result[resultOffset]}; at most
     * {@link #MAX_RESULT_LENGTH} bytes.
     */
    int apply(DirectBuffer command, int offset, int length, MutableDirectBuffer result, int resultOffset);

    /**
     * Answers a read against the current (committed) state without changing it.
     *
     * @return the length of the result written at {@code result[resultOffset]}.
     */
    int read(DirectBuffer query, int offset, int length, MutableDirectBuffer result, int resultOffset);

    /** Clears all state (before a replay). */
    void reset();

    /** Upper bound of a result's length, so callers can pre-size buffers. */
    int MAX_RESULT_LENGTH = 4096;
}
