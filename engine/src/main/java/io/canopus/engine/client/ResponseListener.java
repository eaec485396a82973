package io.canopus.engine.client;

import io.canopus.codecs.ClientStatus;
import org.agrona.DirectBuffer;

/**
 * Receives the outcome of each request offered to a {@link CanopusClient}, on the thread that
 * calls {@link CanopusClient#poll()}. Buffers are only valid during the call.
 */
public interface ResponseListener
{
    /**
     * A request completed: the write was applied exactly once, or the read was answered.
     *
     * @param correlationId returned when the request was offered.
     * @param write         true for a write, false for a read.
     * @param cycle         the cycle that committed the write, or that the read waited for.
     * @param result        the state machine's result.
     */
    void onCompleted(long correlationId, boolean write, long cycle, DirectBuffer result, int offset, int length);

    /**
     * A request failed for good. A failed write may or may not have been applied (its
     * exactly-once session is closed, so it will never be applied later).
     *
     * @param status why: {@link ClientStatus#SESSION_EXPIRED}, {@link ClientStatus#REJECTED}, or
     *               {@link ClientStatus#BUSY} when every attempt timed out or was refused.
     */
    void onFailed(long correlationId, boolean write, ClientStatus status);
}
