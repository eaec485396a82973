package io.canopus.transport;

import io.aeron.ChannelUri;
import io.aeron.Publication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ChannelsTest
{
    private final MulticastGroup group = MulticastGroup.of("239.255.77.1", 40456, "127.0.0.1");

    @Test
    void rackPublicationUsesMinFlowControlOnTheGroupAndInterface()
    {
        final ChannelUri uri = ChannelUri.parse(Channels.rackPublication(group, 0));
        assertThat(uri.isUdp()).isTrue();
        assertThat(uri.get("endpoint")).isEqualTo("239.255.77.1:40456");
        assertThat(uri.get("interface")).isEqualTo("127.0.0.1");
        assertThat(uri.get("fc")).isEqualTo("min");
        assertThat(uri.get("term-length")).isNull();

        final ChannelUri sized = ChannelUri.parse(Channels.rackPublication(group, 64 * 1024, 2));
        assertThat(sized.get("term-length")).isEqualTo("64k");
        assertThat(sized.get("fc")).isEqualTo("min,g:/2");
    }

    @Test
    void rackSubscriptionHasNoSenderSettings()
    {
        assertThat(Channels.rackSubscription(group))
            .isEqualTo("aeron:udp?endpoint=239.255.77.1:40456|interface=127.0.0.1");
    }

    @Test
    void unicastAndIpc()
    {
        assertThat(Channels.unicast("10.0.0.7:40001")).isEqualTo("aeron:udp?endpoint=10.0.0.7:40001");
        assertThat(ChannelUri.parse(Channels.unicast("10.0.0.7:40001", 128 * 1024)).get("term-length"))
            .isEqualTo("128k");
        assertThat(Channels.ipc(0)).isEqualTo("aeron:ipc");
        assertThat(Channels.ipc(64 * 1024)).isEqualTo("aeron:ipc?term-length=64k");
        assertThat(Channels.endpoint("127.0.0.1", 9)).isEqualTo("127.0.0.1:9");
    }

    @Test
    void clientResponseChannelsAreRebuiltFromTheEndpointOnly()
    {
        assertThat(Channels.clientResponsePublication("aeron:udp?endpoint=10.1.2.3:40000", 64 * 1024))
            .isEqualTo("aeron:udp?endpoint=10.1.2.3:40000|term-length=64k");
        assertThat(Channels.clientResponsePublication("aeron:udp?endpoint=client-7.example:40000", 0))
            .isEqualTo("aeron:udp?endpoint=client-7.example:40000");
        assertThat(Channels.clientResponsePublication("aeron:ipc", 64 * 1024))
            .isEqualTo("aeron:ipc?term-length=64k");
    }

    @Test
    void clientResponseChannelsThatAreNotPlainUdpOrIpcAreRefused()
    {
        for (final String bad : new String[]{
            null, "", "garbage", "aeron:tcp?endpoint=1.2.3.4:5", "aeron:udp", "aeron:udp?endpoint=1.2.3.4",
            "aeron:udp?endpoint=1.2.3.4:0", "aeron:udp?endpoint=1.2.3.4:70000", "aeron:udp?endpoint=:40000",
            "aeron:udp?endpoint=1.2.3.4:40000|term-length=1g", "aeron:udp?endpoint=1.2.3.4:40000|session-id=5",
            "aeron:udp?control=1.2.3.4:40000|control-mode=dynamic", "aeron-spy:aeron:udp?endpoint=1.2.3.4:40000",
            "aeron:ipc?term-length=1073741824", "aeron:udp?endpoint=bad host:40000", "x".repeat(10_000) })
        {
            assertThat(Channels.clientResponsePublication(bad, 0)).as(String.valueOf(bad)).isNull();
        }
    }

    @Test
    void endpointsAreCheckedBySyntax()
    {
        assertThat(Channels.requireEndpoint("node 1 unicast endpoint", "127.0.0.1:40000")).isEqualTo("127.0.0.1:40000");
        assertThat(Channels.requireEndpoint("x", "[::1]:40000")).isEqualTo("[::1]:40000");
        assertThat(Channels.requireEndpoint("x", "node-3.rack-1:40000")).isEqualTo("node-3.rack-1:40000");
        assertThatThrownBy(() -> Channels.requireEndpoint("node 1 unicast endpoint", "127.0.0.1"))
            .isInstanceOf(TransportConfigException.class)
            .hasMessage("node 1 unicast endpoint 127.0.0.1: must be host:port");
        assertThatThrownBy(() -> Channels.requireEndpoint("node 1 unicast endpoint", "127.0.0.1:0"))
            .hasMessage("node 1 unicast endpoint 127.0.0.1:0: port must be a number in 1..65535");
        assertThatThrownBy(() -> Channels.requireEndpoint("node 1 unicast endpoint", "1.2.3.999:40"))
            .hasMessageContaining("host '1.2.3.999' is not");
    }

    @Test
    void sendResultCodesMatchAeronPublicationResults()
    {
        assertThat((long)SendResult.NOT_CONNECTED).isEqualTo(Publication.NOT_CONNECTED);
        assertThat((long)SendResult.BACK_PRESSURED).isEqualTo(Publication.BACK_PRESSURED);
        assertThat((long)SendResult.ADMIN_ACTION).isEqualTo(Publication.ADMIN_ACTION);
        assertThat((long)SendResult.CLOSED).isEqualTo(Publication.CLOSED);
        assertThat((long)SendResult.MAX_POSITION_EXCEEDED).isEqualTo(Publication.MAX_POSITION_EXCEEDED);
        assertThat(SendResult.name(SendResult.QUEUE_FULL)).isEqualTo("QUEUE_FULL");
        assertThat(SendResult.isAccepted(SendResult.QUEUED)).isTrue();
        assertThat(SendResult.isAccepted(SendResult.NOT_CONNECTED)).isFalse();
    }
}
