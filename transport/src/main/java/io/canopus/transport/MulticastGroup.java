package io.canopus.transport;

import java.util.Objects;

/**
 * The UDP multicast group of one rack: group address, port, and the local interface to send and
 * join on. Every member of the rack multicasts its round-1 traffic to this group.
 * <p>
 * Validated when built, because a bad group otherwise fails late and obscurely inside the media
 * driver (or, worse, works on one host and not another): the address must be IPv4 multicast
 * (224.0.0.0/4) with an <em>odd</em> last octet, because Aeron sends data to the odd address and
 * control messages (status, NAKs) to the even address just above it; the port must be 1..65535; the
 * interface must be a literal IPv4 address, so no name lookup happens and the choice of NIC is
 * explicit.
 */
public final class MulticastGroup
{
    /** Field name used in messages when the caller gives none. */
    public static final String DEFAULT_FIELD_NAME = "multicast group";

    private final String address;
    private final int port;
    private final String networkInterface;

    private MulticastGroup(final String address, final int port, final String networkInterface)
    {
        this.address = address;
        this.port = port;
        this.networkInterface = networkInterface;
    }

    /**
     * Builds and validates a group, naming it {@value #DEFAULT_FIELD_NAME} in error messages.
     *
     * @param address          IPv4 multicast address with an odd last octet, e.g. {@code 239.255.77.1}.
     * @param port             UDP port, 1..65535.
     * @param networkInterface literal IPv4 address of the local interface, e.g. {@code 127.0.0.1}.
     * @return the group.
     * @throws TransportConfigException naming the bad value and the rule it breaks.
     */
    public static MulticastGroup of(final String address, final int port, final String networkInterface)
    {
        return of(address, port, networkInterface, DEFAULT_FIELD_NAME);
    }

    /**
     * Builds and validates a group; {@code fieldName} lets the configuration layer point at the
     * exact setting (e.g. {@code racks[1].multicast.group}). Port and interface problems are reported
     * as {@code "<fieldName> port <value>: ..."} and {@code "<fieldName> interface <value>: ..."}.
     *
     * @param address          IPv4 multicast address with an odd last octet.
     * @param port             UDP port, 1..65535.
     * @param networkInterface literal IPv4 address of the local interface.
     * @param fieldName        how error messages name this group.
     * @return the group.
     * @throws TransportConfigException naming the field, the bad value and the rule it breaks.
     */
    public static MulticastGroup of(
        final String address, final int port, final String networkInterface, final String fieldName)
    {
        final String field = null == fieldName || fieldName.isBlank() ? DEFAULT_FIELD_NAME : fieldName;
        final long ip = Addresses.parseIpv4(address);
        if (ip < 0)
        {
            throw new TransportConfigException(
                field + " " + address + ": not an IPv4 address (expected four decimal octets, e.g. 239.255.0.1)");
        }
        if ((ip >>> 28) != 0xE)
        {
            throw new TransportConfigException(
                field + " " + address + ": not a multicast address (must be in 224.0.0.0/4, i.e. 224.x.x.x to 239.x.x.x)");
        }
        if ((ip & 1) == 0)
        {
            throw new TransportConfigException(
                field + " " + address + ": last octet must be odd (Aeron reserves the even address for control)");
        }
        if (port < 1 || port > 65535)
        {
            throw new TransportConfigException(field + " port " + port + ": must be in 1..65535");
        }
        if (Addresses.parseIpv4(networkInterface) < 0)
        {
            throw new TransportConfigException(
                field + " interface " + networkInterface +
                ": must be a literal IPv4 address of a local interface (e.g. 127.0.0.1 or 10.0.0.5)");
        }
        return new MulticastGroup(address, port, networkInterface);
    }

    /** @return the group address, e.g. {@code 239.255.77.1}. */
    public String address()
    {
        return address;
    }

    /** @return the UDP port of the group. */
    public int port()
    {
        return port;
    }

    /** @return the literal IPv4 address of the local interface used to send and join. */
    public String networkInterface()
    {
        return networkInterface;
    }

    /** @return {@code address:port}, the Aeron endpoint of the group. */
    public String endpoint()
    {
        return address + ":" + port;
    }

    /** Two groups are equal when address, port and interface are. */
    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof MulticastGroup))
        {
            return false;
        }
        final MulticastGroup that = (MulticastGroup)o;
        return port == that.port && address.equals(that.address) && networkInterface.equals(that.networkInterface);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode()
    {
        return Objects.hash(address, port, networkInterface);
    }

    /** @return {@code address:port via interface}, for logs. */
    @Override
    public String toString()
    {
        return address + ":" + port + " via " + networkInterface;
    }
}
