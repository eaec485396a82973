package io.canopus.transport;

import io.aeron.ChannelUri;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;

/**
 * Builds the Aeron channel strings of the transport, so that their layout is decided in one place:
 * <ul>
 *     <li>rack multicast publication: {@code aeron:udp?endpoint=<group>:<port>|interface=<iface>|fc=min}
 *     (plus {@code term-length} when set). {@code fc=min} makes the sender go at the pace of the
 *     slowest member, so no member silently falls behind and loses round-1 data;</li>
 *     <li>rack multicast subscription: the same without {@code fc} and term length, which only
 *     concern the sender;</li>
 *     <li>unicast: {@code aeron:udp?endpoint=<host>:<port>} (publications may add {@code term-length});</li>
 *     <li>IPC: {@code aeron:ipc} (publications may add {@code term-length}).</li>
 * </ul>
 * Called when transports are built, never on the hot path (the builders allocate).
 */
public final class Channels
{
    /** The IPC channel, for subscriptions and for publications that use the driver's IPC term length. */
    public static final String IPC = "aeron:ipc";

    /** Longest client response channel accepted from the network (Aeron's own limit is 4 KiB). */
    public static final int MAX_CLIENT_CHANNEL_LENGTH = 512;

    private Channels()
    {
    }

    /**
     * @param group      the rack's multicast group.
     * @param termLength term length of the publication, or 0 to use the driver's default.
     * @return the channel a rack member publishes on.
     */
    public static String rackPublication(final MulticastGroup group, final int termLength)
    {
        return rackPublication(group, termLength, 0);
    }

    /**
     * @param group        the rack's multicast group.
     * @param termLength   term length of the publication, or 0 to use the driver's default.
     * @param minReceivers if positive, {@code fc=min,g:/<minReceivers>}: the publication is connected
     *                     and sends only while that many receiving drivers report status.
     * @return the channel a rack member publishes on.
     */
    public static String rackPublication(final MulticastGroup group, final int termLength, final int minReceivers)
    {
        final ChannelUriStringBuilder builder = new ChannelUriStringBuilder()
            .media(CommonContext.UDP_MEDIA)
            .endpoint(group.endpoint())
            .networkInterface(group.networkInterface())
            .flowControl(minReceivers > 0 ? "min,g:/" + minReceivers : "min");
        return termLength(builder, termLength).build();
    }

    /**
     * @param group the rack's multicast group.
     * @return the channel a rack member subscribes to.
     */
    public static String rackSubscription(final MulticastGroup group)
    {
        return new ChannelUriStringBuilder()
            .media(CommonContext.UDP_MEDIA)
            .endpoint(group.endpoint())
            .networkInterface(group.networkInterface())
            .build();
    }

    /**
     * @param endpoint {@code host:port}.
     * @return a unicast channel to (for a publication) or at (for a subscription) that endpoint.
     */
    public static String unicast(final String endpoint)
    {
        return unicast(endpoint, 0);
    }

    /**
     * @param endpoint   {@code host:port}.
     * @param termLength term length of a publication on it, or 0 for the driver's default.
     * @return the unicast channel.
     */
    public static String unicast(final String endpoint, final int termLength)
    {
        final ChannelUriStringBuilder builder = new ChannelUriStringBuilder()
            .media(CommonContext.UDP_MEDIA)
            .endpoint(endpoint);
        return termLength(builder, termLength).build();
    }

    /**
     * @param termLength term length of an IPC publication, or 0 for the driver's IPC default.
     * @return the IPC channel.
     */
    public static String ipc(final int termLength)
    {
        return termLength > 0 ? termLength(new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA), termLength)
            .build() : IPC;
    }

    /**
     * @param host a host or IPv4 literal.
     * @param port a port.
     * @return {@code host:port}.
     */
    public static String endpoint(final String host, final int port)
    {
        return host + ":" + port;
    }

    /**
     * Checks a configured endpoint.
     *
     * @param fieldName how the error message names the setting, e.g. {@code node 3 unicast endpoint}.
     * @param endpoint  the value, which must be {@code host:port} with port 1..65535.
     * @return {@code endpoint}.
     * @throws TransportConfigException naming the field, the value and the problem.
     */
    public static String requireEndpoint(final String fieldName, final String endpoint)
    {
        final String problem = Addresses.endpointProblem(endpoint);
        if (null != problem)
        {
            throw new TransportConfigException(fieldName + " " + endpoint + ": " + problem);
        }
        return endpoint;
    }

    /**
     * Turns a response channel announced by a client (untrusted text from the network) into the
     * channel the node publishes its responses on. Only the plain forms that
     * {@link ClientTransport#responseChannel()} produces are accepted, {@code aeron:udp?endpoint=host:port}
     * and {@code aeron:ipc}, and the publication channel is rebuilt from the endpoint alone: any other
     * parameter (a huge {@code term-length}, a {@code session-id}, a control address, a spy prefix) is
     * refused rather than passed to the media driver, where it could cost memory or hijack a stream.
     *
     * @param channel    what the client announced.
     * @param termLength term length of the node's response publication, or 0 for the driver's default.
     * @return the response publication channel, or null if {@code channel} is not acceptable.
     */
    public static String clientResponsePublication(final String channel, final int termLength)
    {
        if (null == channel || channel.isEmpty() || channel.length() > MAX_CLIENT_CHANNEL_LENGTH)
        {
            return null;
        }
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
        if (!uri.prefix().isEmpty())
        {
            return null;
        }
        final int[] parameters = new int[1];
        uri.forEachParameter((key, value) -> parameters[0]++);
        if (uri.isIpc())
        {
            return 0 == parameters[0] ? ipc(termLength) : null;
        }
        if (uri.isUdp())
        {
            final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
            if (1 != parameters[0] || null == endpoint || null != Addresses.endpointProblem(endpoint))
            {
                return null;
            }
            return unicast(endpoint, termLength);
        }
        return null;
    }

    private static ChannelUriStringBuilder termLength(final ChannelUriStringBuilder builder, final int termLength)
    {
        return termLength > 0 ? builder.termLength(termLength) : builder;
    }
}
