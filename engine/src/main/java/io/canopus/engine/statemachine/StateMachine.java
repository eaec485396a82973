package io.canopus.engine.statemachine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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

    /**
     * Writes the whole state, such that {@link #restore} on any replica rebuilds it exactly. Called
     * from the node's thread between commits, so the state does not change while it is written.
     *
     * @throws IOException from {@code out}.
     */
    void snapshot(DataOutput out) throws IOException;

    /**
     * Replaces the whole state with one written by {@link #snapshot}.
     *
     * @throws IOException from {@code in}, or when the snapshot is malformed (the state is then
     *                     undefined and must be reset before use).
     */
    void restore(DataInput in) throws IOException;

    /** Upper bound of a result's length, so callers can pre-size buffers. */
    int MAX_RESULT_LENGTH = 4096;
}
