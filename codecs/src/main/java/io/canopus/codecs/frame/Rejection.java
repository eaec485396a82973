package io.canopus.codecs.frame;

/**
 * Every reason {@link FrameValidator} refuses a frame.
 *
 * <p>Why an enum with explicit negative codes: the validator's hot path returns a plain {@code int}
 * (a template id when the frame is good, a negative code when it is not) so that it never allocates
 * or boxes; the codes are fixed here, not derived from {@link #ordinal()}, so that logs, metrics and
 * tests keep their meaning when a reason is added. New reasons take the next unused negative code;
 * existing codes are never renumbered.
 *
 * <p>The constants are listed in the order the validator checks them.
 */
public enum Rejection
{
    /**
     * The caller's {@code (offset, length)} do not lie inside the buffer, or the buffer is null.
     * Not a property of the bytes: it means a transport or journal bug, reported instead of thrown so
     * that validation can never take down a duty cycle.
     */
    FRAME_OUTSIDE_BUFFER(-1, "offset/length do not lie within the buffer (caller error)"),

    /** Longer than {@link MessageLimits#MAX_FRAME_LENGTH}: no legitimate message is that big. */
    FRAME_TOO_LARGE(-2, "frame is longer than the maximum frame length"),

    /** Shorter than the 8-byte SBE message header, so not even the template can be read. */
    TOO_SHORT_FOR_HEADER(-3, "frame is shorter than the message header"),

    /** The header names another SBE schema: traffic of another application on this channel. */
    WRONG_SCHEMA_ID(-4, "schema id is not the Canopus schema"),

    /** Version 0, or newer than this build understands (a newer version may change meanings). */
    UNSUPPORTED_VERSION(-5, "schema version is 0 or newer than this build supports"),

    /** The template id is not a message of the schema. */
    UNKNOWN_TEMPLATE(-6, "template id is not a message of the schema"),

    /** The header's block length is smaller than the message's fixed fields. */
    BLOCK_LENGTH_TOO_SHORT(-7, "block length is smaller than the message's fixed fields"),

    /** The message's fixed block extends past the end of the frame. */
    TRUNCATED_BLOCK(-8, "fixed block extends past the end of the frame"),

    /** A repeating group's entry block length is smaller than the entry's fixed fields. */
    GROUP_BLOCK_LENGTH_TOO_SHORT(-9, "group entry block length is smaller than the entry's fixed fields"),

    /** A repeating group has more entries than {@link MessageLimits} allows for it. */
    GROUP_TOO_LARGE(-10, "repeating group has more entries than allowed"),

    /** A repeating group's header or one of its entries extends past the end of the frame. */
    TRUNCATED_GROUP(-11, "repeating group header or entries extend past the end of the frame"),

    /** A variable-length field is longer than {@link MessageLimits} allows for it. */
    VAR_DATA_TOO_LARGE(-12, "variable-length field is longer than allowed"),

    /** A variable-length field's length prefix or bytes extend past the end of the frame. */
    TRUNCATED_VAR_DATA(-13, "variable-length field extends past the end of the frame"),

    /** An enum field holds a value that is not one of its valid values (its null value included). */
    BAD_ENUM_VALUE(-14, "enum field holds a value that is not one of its valid values"),

    /**
     * Bytes are left over after the last field. A message of a version this build understands has
     * exactly the length its header, groups and var data describe: extra bytes mean a framing bug
     * or tampering, and accepting them would let two different byte strings decode to one message.
     */
    TRAILING_GARBAGE(-15, "bytes left over after the end of the message");

    private static final Rejection[] BY_CODE;

    static
    {
        final Rejection[] values = values();
        int maxIndex = 0;
        for (final Rejection r : values)
        {
            maxIndex = Math.max(maxIndex, -r.code);
        }
        BY_CODE = new Rejection[maxIndex + 1];
        for (final Rejection r : values)
        {
            if (r.code >= 0 || BY_CODE[-r.code] != null)
            {
                throw new ExceptionInInitializerError("Rejection codes must be negative and unique: " + r);
            }
            BY_CODE[-r.code] = r;
        }
    }

    private final int code;
    private final String description;

    Rejection(final int code, final String description)
    {
        this.code = code;
        this.description = description;
    }

    /**
     * The negative int that {@link FrameValidator#validate} returns for this reason.
     *
     * @return a code below zero, stable across releases.
     */
    public int code()
    {
        return code;
    }

    /**
     * What went wrong, for logs and operators.
     *
     * @return a human-readable sentence fragment.
     */
    public String description()
    {
        return description;
    }

    /**
     * Maps a code back to its reason without allocating.
     *
     * @param code a value returned by {@link FrameValidator#validate}.
     * @return the reason, or {@code null} when {@code code} is not a rejection code (including every
     *     code {@code >= 0}, which is a template id).
     */
    public static Rejection fromCode(final int code)
    {
        if (code >= 0 || code < -(BY_CODE.length - 1))
        {
            return null;
        }
        return BY_CODE[-code];
    }
}
