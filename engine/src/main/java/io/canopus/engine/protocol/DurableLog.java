package io.canopus.engine.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What a node keeps across a crash: its committed positions (each appended once, in order) and a
 * small amount of metadata. The runtime backs it with a Chronicle Queue journal; the simulator keeps
 * it in memory on the simulated "disk" so that a crash loses everything else.
 */
public interface DurableLog
{
    /** @return the highest appended position, or 0 when empty (positions start at 1). */
    long lastPosition();

    /** Appends the record of {@code position}, which must be {@code lastPosition() + 1}. */
    void append(long position, DirectBuffer buffer, int offset, int length);

    /**
     * Copies the record of {@code position} into {@code dst}.
     *
     * @return its length, or -1 when the log does not hold that position.
     */
    int read(long position, MutableDirectBuffer dst, int dstOffset);

    /** @return a durable integer kept under {@code key}, or {@code defaultValue} when never stored. */
    long readMetadata(int key, long defaultValue);

    /** Stores a durable integer under {@code key}; it survives a crash once this returns. */
    void writeMetadata(int key, long value);
}
