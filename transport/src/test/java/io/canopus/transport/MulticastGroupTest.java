package io.canopus.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class MulticastGroupTest
{
    @Test
    void acceptsAnOddMulticastGroupOnALiteralInterface()
    {
        final MulticastGroup group = MulticastGroup.of("239.255.77.1", 40123, "127.0.0.1");
        assertThat(group.address()).isEqualTo("239.255.77.1");
        assertThat(group.port()).isEqualTo(40123);
        assertThat(group.networkInterface()).isEqualTo("127.0.0.1");
        assertThat(group.endpoint()).isEqualTo("239.255.77.1:40123");
        assertThat(group).isEqualTo(MulticastGroup.of("239.255.77.1", 40123, "127.0.0.1"));
        assertThat(MulticastGroup.of("224.0.0.1", 1, "10.0.0.5").port()).isEqualTo(1);
        assertThat(MulticastGroup.of("239.255.255.255", 65535, "0.0.0.0").port()).isEqualTo(65535);
    }

    @Test
    void evenLastOctetIsRefusedNamingTheField()
    {
        assertThatThrownBy(() -> MulticastGroup.of("239.255.0.2", 40000, "127.0.0.1", "rack 2 multicast group"))
            .isInstanceOf(TransportConfigException.class)
            .hasMessage("rack 2 multicast group 239.255.0.2: last octet must be odd " +
                "(Aeron reserves the even address for control)");
        assertThatThrownBy(() -> MulticastGroup.of("239.255.0.2", 40000, "127.0.0.1", "racks[1].multicast.group"))
            .hasMessageStartingWith("racks[1].multicast.group 239.255.0.2: last octet must be odd");
        assertThatThrownBy(() -> MulticastGroup.of("239.255.0.2", 40000, "127.0.0.1"))
            .hasMessageStartingWith("multicast group 239.255.0.2: last octet must be odd");
    }

    @Test
    void unicastAndMalformedAddressesAreRefused()
    {
        assertThatThrownBy(() -> MulticastGroup.of("10.0.0.1", 40000, "127.0.0.1", "racks[0].multicast.group"))
            .isInstanceOf(TransportConfigException.class)
            .hasMessage("racks[0].multicast.group 10.0.0.1: not a multicast address " +
                "(must be in 224.0.0.0/4, i.e. 224.x.x.x to 239.x.x.x)");
        assertThatThrownBy(() -> MulticastGroup.of("240.0.0.1", 40000, "127.0.0.1"))
            .hasMessageContaining("240.0.0.1: not a multicast address");
        for (final String bad : new String[]{ "239.255.1", "239.255.1.1.1", "239.255.01.1", "239.256.0.1", "", "group",
            "239.255.0.1 ", "239..0.1", null })
        {
            assertThatThrownBy(() -> MulticastGroup.of(bad, 40000, "127.0.0.1"))
                .isInstanceOf(TransportConfigException.class)
                .hasMessage("multicast group " + bad + ": not an IPv4 address (expected four decimal octets, e.g. 239.255.0.1)");
        }
    }

    @Test
    void portOutsideOneTo65535IsRefused()
    {
        assertThatThrownBy(() -> MulticastGroup.of("239.255.0.1", 0, "127.0.0.1", "racks[1].multicast.group"))
            .isInstanceOf(TransportConfigException.class)
            .hasMessage("racks[1].multicast.group port 0: must be in 1..65535");
        assertThatThrownBy(() -> MulticastGroup.of("239.255.0.1", 65536, "127.0.0.1"))
            .hasMessage("multicast group port 65536: must be in 1..65535");
        assertThatThrownBy(() -> MulticastGroup.of("239.255.0.1", -5, "127.0.0.1"))
            .hasMessage("multicast group port -5: must be in 1..65535");
    }

    @Test
    void interfaceMustBeALiteralIpv4Address()
    {
        for (final String bad : new String[]{ "eth0", "localhost", "300.1.1.1", "::1", "", null })
        {
            assertThatThrownBy(() -> MulticastGroup.of("239.255.0.1", 40000, bad, "racks[1].multicast.group"))
                .isInstanceOf(TransportConfigException.class)
                .hasMessage("racks[1].multicast.group interface " + bad +
                    ": must be a literal IPv4 address of a local interface (e.g. 127.0.0.1 or 10.0.0.5)");
        }
    }
}
