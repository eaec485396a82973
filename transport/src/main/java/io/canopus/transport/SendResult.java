package io.canopus.transport;

/**
 * Result codes of the transport's sends (and of connecting a client): positive when the frame was
 * taken, negative when it was not. Codes, not exceptions, because sends are on the duty cycle's hot
 * path and every outcome other than {@link #SENT} is an ordinary event the protocol handles (a lost
 * datagram it will retry) rather than an error.
 * <p>
 * The first five negative codes have the values of Aeron's {@code Publication} results with the same
 * name, so a log line reads the same in both.
 */
public final class SendResult
{
    /** The frame is in the Aeron log buffer and will be sent. */
    public static final int SENT = 1;

    /**
     * The destination was back pressured (or busy with an admin action), or already had frames
     * waiting: the frame was copied into the destination's pending queue and
     * {@link NodeTransport#retryPending()} sends it, in order, in a later duty cycle.
     */
    public static final int QUEUED = 2;

    /** No receiver is connected to the destination's publication; nothing was sent or queued. */
    public static final int NOT_CONNECTED = -1;

    /** Back pressure, returned only when the destination has no pending queue (capacity 0). */
    public static final int BACK_PRESSURED = -2;

    /** Aeron admin action, returned only when the destination has no pending queue (capacity 0). */
    public static final int ADMIN_ACTION = -3;

    /** The publication is closed (the transport is closing or was closed). */
    public static final int CLOSED = -4;

    /** The publication reached its maximum position and can take nothing more. */
    public static final int MAX_POSITION_EXCEEDED = -5;

    /** No such node or client is known to this transport. */
    public static final int UNKNOWN_DESTINATION = -6;

    /**
     * The frame had to be queued but the destination's pending queue has no room for it, or (from
     * {@code connectClient}) all client slots are taken by clients that are not idle.
     */
    public static final int QUEUE_FULL = -7;

    /** The frame is longer than the destination's maximum frame length; it can never be sent. */
    public static final int TOO_LARGE = -8;

    /** A client's response channel is not a valid {@code aeron:udp} or {@code aeron:ipc} channel. */
    public static final int INVALID_CHANNEL = -9;

    /** Number of distinct codes from {@link #INVALID_CHANNEL} to {@link #QUEUED}, for counter arrays. */
    static final int SLOT_COUNT = 12;

    private SendResult()
    {
    }

    /**
     * @param result a code returned by a send.
     * @return true if the frame was taken (sent or queued): the caller need not retry it.
     */
    public static boolean isAccepted(final int result)
    {
        return result > 0;
    }

    /**
     * @param result a code of this class.
     * @return its name, for logs and test failures.
     */
    public static String name(final int result)
    {
        switch (result)
        {
            case SENT: return "SENT";
            case QUEUED: return "QUEUED";
            case NOT_CONNECTED: return "NOT_CONNECTED";
            case BACK_PRESSURED: return "BACK_PRESSURED";
            case ADMIN_ACTION: return "ADMIN_ACTION";
            case CLOSED: return "CLOSED";
            case MAX_POSITION_EXCEEDED: return "MAX_POSITION_EXCEEDED";
            case UNKNOWN_DESTINATION: return "UNKNOWN_DESTINATION";
            case QUEUE_FULL: return "QUEUE_FULL";
            case TOO_LARGE: return "TOO_LARGE";
            case INVALID_CHANNEL: return "INVALID_CHANNEL";
            default: return "UNKNOWN(" + result + ")";
        }
    }

    /** Index of a code in a counter array of {@link #SLOT_COUNT} slots (codes -9..2 map to 0..11). */
    static int slot(final int result)
    {
        return result - INVALID_CHANNEL;
    }

    /** Maps an Aeron {@code Publication} result (negative) to the code of the same meaning. */
    static int fromPublicationResult(final long result)
    {
        if (result >= MAX_POSITION_EXCEEDED && result <= NOT_CONNECTED)
        {
            return (int)result;
        }
        return CLOSED;
    }
}
