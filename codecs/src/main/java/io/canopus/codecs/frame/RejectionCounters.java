package io.canopus.codecs.frame;

/**
 * How many frames were rejected, per {@link Rejection} reason and in total.
 *
 * <p>Why: a rejected frame is dropped, so without a count a misconfigured peer (wrong schema,
 * newer version) or a corrupting link is invisible. Counting must cost nothing on the receive path,
 * so {@link #increment} is two array/field increments: no allocation, no boxing, no atomics.
 *
 * <p>Single writer: the duty-cycle agent that owns the {@link FrameValidator}. Another thread may
 * call {@link #get}, {@link #total} or {@link #toString} for monitoring and sees possibly stale
 * values (plain fields, no happens-before; 64-bit HotSpot does not tear longs, though the JLS does
 * not promise it); export through Aeron counters if exact cross-thread reads matter.
 */
public final class RejectionCounters
{
    private static final Rejection[] REASONS = Rejection.values();

    private final long[] counts = new long[REASONS.length];
    private long total;

    /**
     * Counts one rejected frame.
     *
     * @param reason why it was rejected.
     */
    public void increment(final Rejection reason)
    {
        counts[reason.ordinal()]++;
        total++;
    }

    /**
     * @param reason a rejection reason.
     * @return how many frames were rejected for that reason.
     */
    public long get(final Rejection reason)
    {
        return counts[reason.ordinal()];
    }

    /**
     * @return how many frames were rejected for any reason.
     */
    public long total()
    {
        return total;
    }

    /**
     * The non-zero counters, for logs: {@code RejectionCounters{total=3, TRUNCATED_GROUP=2, ...}}.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(64).append("RejectionCounters{total=").append(total);
        for (final Rejection reason : REASONS)
        {
            final long count = counts[reason.ordinal()];
            if (count != 0)
            {
                sb.append(", ").append(reason.name()).append('=').append(count);
            }
        }
        return sb.append('}').toString();
    }
}
