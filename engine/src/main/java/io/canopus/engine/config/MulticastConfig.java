package io.canopus.engine.config;

/**
 * The multicast group of one rack (round 1 of every cycle runs over it):
 * {@code {"group": "239.255.10.1", "port": 40100, "interface": "10.0.1.0/24"}}.
 *
 * @param group            a literal IPv4 multicast address (224.0.0.0/4) with an odd last octet below 255:
 *                         Aeron uses the next address up as the group's control address.
 * @param port             the UDP port of the group; required.
 * @param interfaceAddress the JSON field {@code interface}: the local interface to send and receive on, a
 *                         literal IPv4 address with an optional {@code /prefix} (Aeron's {@code interface=});
 *                         {@code null} (the default) lets the operating system choose.
 */
public record MulticastConfig(String group, int port, String interfaceAddress)
{
    /**
     * @return the group's data endpoint, {@code group:port}.
     */
    public Endpoint endpoint()
    {
        return new Endpoint(group, port);
    }
}
