package io.canopus.journal;

/**
 * When the journal forces appended records from the page cache to the disk.
 * <ul>
 *     <li>{@link #NONE} ({@code "none"}): never; records live in the page cache once appended, which
 *     survives a crash of the process but not a power loss or a kernel crash.</li>
 *     <li>{@link #CYCLE} ({@code "cycle"}): after every append (one append per committed consensus
 *     cycle), before {@link ChronicleJournal#append} returns.</li>
 *     <li>{@link #period(long)} ({@code "<N>ms"}): from {@link ChronicleJournal#doWork(long)}, at most
 *     once per period and only when something was appended since the last sync; a power loss can lose
 *     up to one period of appends.</li>
 * </ul>
 * Metadata writes are forced to disk under every policy. Instances are immutable; {@link #toString()}
 * gives the form {@link #parse(String)} accepts.
 */
public final class SyncPolicy
{
    /** The accepted spellings, for error messages and help. */
    public static final String ACCEPTED = "accepted: \"none\", \"cycle\" or \"<N>ms\" with N > 0, e.g. \"10ms\"";

    /** Never sync: rely on the page cache. */
    public static final SyncPolicy NONE = new SyncPolicy(Kind.NONE, 0);

    /** Sync after every append. */
    public static final SyncPolicy CYCLE = new SyncPolicy(Kind.CYCLE, 0);

    private enum Kind
    {
        NONE, CYCLE, PERIOD
    }

    private final Kind kind;
    private final long periodMs;

    private SyncPolicy(final Kind kind, final long periodMs)
    {
        this.kind = kind;
        this.periodMs = periodMs;
    }

    /**
     * @param periodMs how long at most between an append and its sync, in milliseconds; must be &gt; 0.
     * @return the policy that syncs from {@link ChronicleJournal#doWork(long)} once that much time has
     * passed since the last sync and something was appended.
     */
    public static SyncPolicy period(final long periodMs)
    {
        if (periodMs <= 0)
        {
            throw new IllegalArgumentException("sync period must be > 0 ms, got " + periodMs + " ms");
        }
        return new SyncPolicy(Kind.PERIOD, periodMs);
    }

    /**
     * @param value {@code "none"}, {@code "cycle"} or {@code "<N>ms"} with N &gt; 0 (case-insensitive,
     *              surrounding blanks ignored).
     * @return the policy named by {@code value}.
     * @throws IllegalArgumentException naming the bad value and the accepted forms.
     */
    public static SyncPolicy parse(final String value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException("bad sync policy null; " + ACCEPTED);
        }
        final String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (text.equals("none"))
        {
            return NONE;
        }
        if (text.equals("cycle"))
        {
            return CYCLE;
        }
        if (text.endsWith("ms") && text.length() > 2)
        {
            final String digits = text.substring(0, text.length() - 2);
            if (digits.chars().allMatch(c -> c >= '0' && c <= '9') && digits.length() <= 18)
            {
                final long periodMs = Long.parseLong(digits);
                if (periodMs > 0)
                {
                    return new SyncPolicy(Kind.PERIOD, periodMs);
                }
            }
        }
        throw new IllegalArgumentException("bad sync policy \"" + value + "\"; " + ACCEPTED);
    }

    /** @return true for {@link #NONE}. */
    public boolean isNone()
    {
        return kind == Kind.NONE;
    }

    /** @return true for {@link #CYCLE}. */
    public boolean isEveryAppend()
    {
        return kind == Kind.CYCLE;
    }

    /** @return true for a {@link #period(long)} policy. */
    public boolean isPeriodic()
    {
        return kind == Kind.PERIOD;
    }

    /** @return the period in milliseconds of a periodic policy, 0 for the others. */
    public long periodMs()
    {
        return periodMs;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof SyncPolicy))
        {
            return false;
        }
        final SyncPolicy that = (SyncPolicy)o;
        return kind == that.kind && periodMs == that.periodMs;
    }

    @Override
    public int hashCode()
    {
        return kind.hashCode() * 31 + Long.hashCode(periodMs);
    }

    /** @return {@code "none"}, {@code "cycle"} or {@code "<N>ms"}: the form {@link #parse} accepts. */
    @Override
    public String toString()
    {
        switch (kind)
        {
            case NONE:
                return "none";
            case CYCLE:
                return "cycle";
            default:
                return periodMs + "ms";
        }
    }
}
