package io.canopus.engine.config;

/**
 * When a node's journal forces committed cycles to the storage device. Written in a config file as
 * {@code "none"}, {@code "cycle"} or {@code "<N>ms"} with N a positive integer.
 *
 * @param kind     the policy.
 * @param periodMs the period of {@link Kind#PERIODIC}, positive; 0 for the other kinds.
 */
public record SyncPolicy(Kind kind, int periodMs)
{
    /** What the accepted spellings are, for error messages. */
    public static final String ACCEPTED = "\"none\", \"cycle\" or \"<N>ms\" with N a positive integer (e.g. \"5ms\")";

    /** Never force: the page cache holds the journal, which survives a process crash but not a host crash. */
    public static final SyncPolicy NONE = new SyncPolicy(Kind.NONE, 0);
    /** Force (msync) once per committed cycle, before the cycle is applied and acknowledged. */
    public static final SyncPolicy CYCLE = new SyncPolicy(Kind.CYCLE, 0);

    /** The kinds of sync policy. */
    public enum Kind
    {
        /** Never force. */
        NONE,
        /** Force every committed cycle. */
        CYCLE,
        /** Force at most every {@code periodMs} milliseconds. */
        PERIODIC
    }

    /**
     * Checks the period against the kind.
     *
     * @param kind     the policy.
     * @param periodMs positive for {@link Kind#PERIODIC}, 0 otherwise.
     * @throws IllegalArgumentException when they do not match.
     */
    public SyncPolicy
    {
        if (kind == null)
        {
            throw new IllegalArgumentException("kind must not be null");
        }
        if ((kind == Kind.PERIODIC) != (periodMs > 0) || periodMs < 0)
        {
            throw new IllegalArgumentException(kind + " sync with period " + periodMs + " ms: a period is positive for PERIODIC and 0 otherwise");
        }
    }

    /**
     * @param periodMs a positive number of milliseconds.
     * @return the policy that forces the journal at most every {@code periodMs} milliseconds.
     */
    public static SyncPolicy periodic(final int periodMs)
    {
        return new SyncPolicy(Kind.PERIODIC, periodMs);
    }

    /**
     * Reads a policy in its config-file spelling.
     *
     * @param text {@code "none"}, {@code "cycle"} or {@code "<N>ms"}, exactly (case-sensitive, no spaces).
     * @return the policy.
     * @throws IllegalArgumentException saying what is accepted.
     */
    public static SyncPolicy parse(final String text)
    {
        if ("none".equals(text))
        {
            return NONE;
        }
        if ("cycle".equals(text))
        {
            return CYCLE;
        }
        if (text != null && text.length() > 2 && text.endsWith("ms"))
        {
            final String digits = text.substring(0, text.length() - 2);
            if (digits.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                final long period = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
                if (period >= 1 && period <= Integer.MAX_VALUE)
                {
                    return periodic((int)period);
                }
                throw new IllegalArgumentException("the period of \"" + text + "\" must be 1.." + Integer.MAX_VALUE + " ms; accepted: " + ACCEPTED);
            }
        }
        throw new IllegalArgumentException((text == null ? "null" : '"' + text + '"') + " is not a sync policy; accepted: " + ACCEPTED);
    }

    /**
     * @return the config-file spelling: {@code none}, {@code cycle} or {@code <N>ms}.
     */
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
