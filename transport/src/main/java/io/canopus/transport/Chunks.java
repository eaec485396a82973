package io.canopus.transport;

/**
 * Marks the pieces of a frame that is longer than the publication's maximum message length.
 * <p>
 * Aeron refuses messages longer than a term length / 8 (128 KiB with 1 MiB terms), but proposals can
 * be up to about 1 MiB and large terms cost shared memory for every publication and image. So a long
 * frame is sent as consecutive Aeron messages ("chunks") on the same exclusive publication, and the
 * header's 64-bit reserved value, which plain frames leave at 0, tags each chunk: a 16-bit marker,
 * first/last flags and the total frame length. Because one exclusive publication is written by one
 * thread and a half-sent frame always finishes before the next frame to that destination starts
 * (see {@link Destination}), the chunks of a frame are contiguous in its stream and the receiver
 * can rebuild it per session. Frames that fit in one message carry no extra bytes at all.
 */
final class Chunks
{
    static final long MARKER = 0xCA9EL << 48;
    static final long MARKER_MASK = 0xFFFFL << 48;
    static final long FIRST = 1L << 33;
    static final long LAST = 1L << 32;

    private Chunks()
    {
    }

    /**
     * @param first       true for the chunk that starts the frame.
     * @param last        true for the chunk that ends the frame.
     * @param totalLength of the whole frame.
     * @return the reserved value tagging the chunk.
     */
    static long reservedValue(final boolean first, final boolean last, final int totalLength)
    {
        return MARKER | (first ? FIRST : 0) | (last ? LAST : 0) | (totalLength & 0xFFFF_FFFFL);
    }

    static boolean isChunk(final long reservedValue)
    {
        return (reservedValue & MARKER_MASK) == MARKER;
    }

    static boolean isFirst(final long reservedValue)
    {
        return (reservedValue & FIRST) != 0;
    }

    static boolean isLast(final long reservedValue)
    {
        return (reservedValue & LAST) != 0;
    }

    static int totalLength(final long reservedValue)
    {
        return (int)reservedValue;
    }
}
