package io.canopus.engine.canopus;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Layout of a committed cycle in the journal: a sequence of length-prefixed frames, first the
 * root {@code StateHeader} that lists the cycle's proposals in commit order, then each
 * {@code Proposal} frame as it travelled. The same frames answer catch-up requests, so serving a
 * committed cycle copies bytes and never re-encodes.
 */
final class CommitRecord
{
    static final int LENGTH_PREFIX = 4;

    private CommitRecord()
    {
    }

    /** Appends one frame at {@code position}; returns the position after it. */
    static int appendFrame(final MutableDirectBuffer record, final int position, final DirectBuffer frame, final int offset, final int length)
    {
        record.putInt(position, length);
        record.putBytes(position + LENGTH_PREFIX, frame, offset, length);
        return position + LENGTH_PREFIX + length;
    }

    /** @return the length of the frame at {@code position}, or -1 when the record is malformed there. */
    static int frameLength(final DirectBuffer record, final int position, final int recordLength)
    {
        if (position + LENGTH_PREFIX > recordLength)
        {
            return -1;
        }
        final int length = record.getInt(position);
        return length < 0 || position + LENGTH_PREFIX + length > recordLength ? -1 : length;
    }
}
