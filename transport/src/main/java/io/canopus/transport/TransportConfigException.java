package io.canopus.transport;

/**
 * A transport setting is wrong: a bad multicast group, endpoint, term length, stream id or size.
 * <p>
 * Unchecked because it is only thrown while configuring (building an {@link AeronHost},
 * {@link NodeTransport} or {@link ClientTransport}), never on the hot path, and the only sensible
 * reaction is to show the message to whoever wrote the configuration. The message therefore always
 * names the field, the bad value and why it is rejected.
 */
public final class TransportConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message naming the field, the bad value and the rule it breaks.
     */
    public TransportConfigException(final String message)
    {
        super(message);
    }

    /**
     * @param message naming the field, the bad value and the rule it breaks.
     * @param cause   the lower-level failure (for example Aeron rejecting a value).
     */
    public TransportConfigException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
