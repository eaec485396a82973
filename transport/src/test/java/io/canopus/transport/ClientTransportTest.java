package io.canopus.transport;

import java.util.function.IntSupplier;

import io.aeron.ChannelUri;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.canopus.transport.TestSupport.pumpUntil;
import static io.canopus.transport.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clients over IPC and UDP against real nodes on one embedded invoker driver. */
@Timeout(60)
class ClientTransportTest
{
    private static final long SECOND = 1_000_000_000L;

    private AeronHost host;
    private NodeTransport node;
    private NodeTransport otherNode;
    private ClientTransport client;
    private final TestSupport.Collector nodeReceived = new TestSupport.Collector();
    private final TestSupport.Collector otherReceived = new TestSupport.Collector();
    private final TestSupport.Collector clientReceived = new TestSupport.Collector();

    @BeforeEach
    void setUp()
    {
        host = AeronHost.launch(TestSupport.hostContext("clients"));
        final MulticastGroup group = TestSupport.loopbackGroup(11);
        final String endpoint0 = TestSupport.freeEndpoint();
        final String endpoint1 = TestSupport.freeEndpoint();
        node = NodeTransport.open(host, new NodeTransport.Context()
            .nodeId(0).rackGroup(group).rackSize(2).unicastEndpoint(endpoint0).peer(1, endpoint1)
            .clientEndpoint(TestSupport.freeEndpoint())
            .maxClientFrameLength(200 * 1024)
            .maxClients(2)
            .clientIdleTimeoutNs(SECOND));
        otherNode = NodeTransport.open(host, new NodeTransport.Context()
            .nodeId(1).rackGroup(group).rackSize(2).unicastEndpoint(endpoint1).peer(0, endpoint0)
            .clientEndpoint(TestSupport.freeEndpoint()));
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(client, node, otherNode, host);
    }

    private IntSupplier[] work()
    {
        return new IntSupplier[]{
            host::doWork,
            () -> node.poll(nodeReceived, 64) + node.retryPending(),
            () -> otherNode.poll(otherReceived, 64) + otherNode.retryPending(),
            () -> client.poll(clientReceived, 64) + client.retryPending(),
        };
    }

    @Test
    void requestAndResponseOverIpc()
    {
        client = ClientTransport.open(host, new ClientTransport.Context()
            .ingressIpcStreamId(node.context().clientIpcStreamId()));
        assertThat(client.responseChannel()).isEqualTo("aeron:ipc");
        assertThat(client.responseStreamId()).isGreaterThanOrEqualTo(StreamIds.IPC_RESPONSE_BASE);

        roundTrip(42L);
    }

    @Test
    void requestAndResponseOverUdp()
    {
        client = ClientTransport.open(host, new ClientTransport.Context()
            .ingressEndpoint(node.context().clientEndpoint()));
        final ChannelUri response = ChannelUri.parse(client.responseChannel());
        assertThat(response.isUdp()).isTrue();
        assertThat(response.get("endpoint")).startsWith("127.0.0.1:").doesNotEndWith(":0");
        assertThat(client.responseStreamId()).isEqualTo(StreamIds.CLIENT_RESPONSE);

        roundTrip(43L);
    }

    private void roundTrip(final long clientId)
    {
        final UnsafeBuffer request = text("PUT k=v (session " + clientId + ")");
        // Sent at once, or queued until the request publication connects: either way not lost.
        assertThat(client.send(request, 0, request.capacity())).isPositive();
        pumpUntil("the node gets the request", 5_000, () -> nodeReceived.count() == 1, work());
        assertThat(nodeReceived.texts()).containsExactly("PUT k=v (session " + clientId + ")");
        assertThat(nodeReceived.sources).containsExactly(FrameHandler.CLIENT);
        assertThat(client.connected()).isTrue();

        assertThat(node.connectClient(clientId, client.responseChannel(), client.responseStreamId(), 0))
            .isEqualTo(NodeTransport.CLIENT_ADDED);
        assertThat(node.connectClient(clientId, client.responseChannel(), client.responseStreamId(), 1))
            .isEqualTo(NodeTransport.CLIENT_REFRESHED);
        final UnsafeBuffer response = text("OK (session " + clientId + ")");
        // The response publication is still being created: the frame waits for it.
        assertThat(node.sendToClient(clientId, response, 0, response.capacity())).isPositive();
        pumpUntil("the client gets the response", 5_000, () -> clientReceived.count() == 1, work());
        assertThat(clientReceived.texts()).containsExactly("OK (session " + clientId + ")");
        assertThat(clientReceived.sources).containsExactly(FrameHandler.NODE);
        assertThat(node.clientConnected(clientId)).isTrue();

        final UnsafeBuffer second = text("second response");
        assertThat(node.sendToClient(clientId, second, 0, second.capacity())).isEqualTo(SendResult.SENT);
        pumpUntil("second response", 5_000, () -> clientReceived.count() == 2, work());

        node.disconnectClient(clientId);
        assertThat(node.hasClient(clientId)).isFalse();
        assertThat(node.sendToClient(clientId, second, 0, second.capacity())).isEqualTo(SendResult.UNKNOWN_DESTINATION);
        assertThat(node.counters().clientsAdded()).isEqualTo(1);
        assertThat(node.counters().clientsRefreshed()).isEqualTo(1);
        assertThat(node.counters().clientsDisconnected()).isEqualTo(1);
    }

    @Test
    void largeResponsesAreReassembledByTheClient()
    {
        client = ClientTransport.open(host, new ClientTransport.Context()
            .ingressEndpoint(node.context().clientEndpoint()));
        assertThat(node.connectClient(9, client.responseChannel(), client.responseStreamId(), 0))
            .isEqualTo(NodeTransport.CLIENT_ADDED);
        // Client response terms are 64 KiB: 8 KiB messages, so this goes as several chunks.
        final byte[] large = new byte[200 * 1024];
        new java.util.Random(5).nextBytes(large);
        assertThat(node.sendToClient(9, new UnsafeBuffer(large), 0, large.length)).isPositive();
        pumpUntil("large response", 10_000, () -> clientReceived.count() == 1, work());
        assertThat(clientReceived.frames.get(0)).isEqualTo(large);

        final byte[] tooLarge = new byte[200 * 1024 + 1];
        assertThat(node.sendToClient(9, new UnsafeBuffer(tooLarge), 0, tooLarge.length)).isEqualTo(SendResult.TOO_LARGE);
    }

    @Test
    void requestsOverTheClientFrameLimitAreDroppedAndCounted()
    {
        // Node 1 keeps the default 64 KiB limit for client frames; this client may send more.
        client = ClientTransport.open(host, new ClientTransport.Context()
            .ingressEndpoint(otherNode.context().clientEndpoint()));
        final byte[] oversized = new byte[100 * 1024];
        final UnsafeBuffer small = text("small request");
        assertThat(client.send(new UnsafeBuffer(oversized), 0, oversized.length)).isPositive();
        assertThat(client.send(small, 0, small.capacity())).isPositive();
        pumpUntil("the small request arrives", 5_000, () -> otherReceived.count() == 1, work());
        assertThat(otherReceived.texts()).containsExactly("small request");
        assertThat(otherNode.counters().oversizedFrames()).isEqualTo(1);
    }

    @Test
    void invalidResponseChannelsAreRefusedAndCounted()
    {
        final String[] bad = {
            "not a channel", "aeron:tcp?endpoint=127.0.0.1:5000", "aeron:udp?endpoint=127.0.0.1",
            "aeron:udp?endpoint=127.0.0.1:5000|term-length=1g", "aeron:ipc?session-id=7", null };
        for (final String channel : bad)
        {
            assertThat(node.connectClient(1, channel, 5, 0)).as(String.valueOf(channel)).isEqualTo(SendResult.INVALID_CHANNEL);
        }
        assertThat(node.counters().invalidChannel()).isEqualTo(bad.length);
        assertThat(node.counters().outcomes(TransportCounters.CLIENT, SendResult.INVALID_CHANNEL)).isEqualTo(bad.length);
        assertThat(node.hasClient(1)).isFalse();
        assertThat(node.clientCount()).isZero();
    }

    @Test
    void aFullClientTableEvictsTheLeastRecentlyUsedIdleClient()
    {
        assertThat(node.connectClient(1, "aeron:ipc", 9001, 0)).isEqualTo(NodeTransport.CLIENT_ADDED);
        assertThat(node.connectClient(2, "aeron:ipc", 9002, 0)).isEqualTo(NodeTransport.CLIENT_ADDED);

        // Full, and nobody idle for a second yet.
        assertThat(node.connectClient(3, "aeron:ipc", 9003, SECOND / 2)).isEqualTo(SendResult.QUEUE_FULL);
        assertThat(node.counters().outcomes(TransportCounters.CLIENT, SendResult.QUEUE_FULL)).isEqualTo(1);

        assertThat(node.touchClient(1, SECOND - 1)).isTrue();
        assertThat(node.connectClient(3, "aeron:ipc", 9003, SECOND + SECOND / 2)).isEqualTo(NodeTransport.CLIENT_ADDED);
        assertThat(node.counters().clientsEvicted()).isEqualTo(1);
        assertThat(node.hasClient(2)).isFalse();
        assertThat(node.hasClient(1)).isTrue();
        assertThat(node.hasClient(3)).isTrue();
        assertThat(node.clientCount()).isEqualTo(2);

        final UnsafeBuffer frame = text("late");
        assertThat(node.sendToClient(2, frame, 0, frame.capacity())).isEqualTo(SendResult.UNKNOWN_DESTINATION);
        assertThat(node.sendToClient(77, frame, 0, frame.capacity())).isEqualTo(SendResult.UNKNOWN_DESTINATION);

        // A known client moving to a new response stream keeps its slot.
        assertThat(node.connectClient(3, "aeron:ipc", 9004, 2 * SECOND)).isEqualTo(NodeTransport.CLIENT_REPLACED);
        assertThat(node.clientCount()).isEqualTo(2);
        pumpUntil("publications resolved", 5_000, () -> node.retryPending() == 0 && node.pendingFrames() == 0,
            host::doWork);
    }

    @Test
    void switchNodeMovesRequestsToAnotherNode()
    {
        client = ClientTransport.open(host, new ClientTransport.Context()
            .ingressEndpoint(node.context().clientEndpoint()));
        final UnsafeBuffer first = text("to node 0");
        assertThat(client.send(first, 0, first.capacity())).isPositive();
        pumpUntil("node 0 gets it", 5_000, () -> nodeReceived.count() == 1, work());

        client.switchNode(otherNode.context().clientEndpoint());
        assertThat(client.ingress()).isEqualTo("udp " + otherNode.context().clientEndpoint());
        final UnsafeBuffer second = text("to node 1");
        assertThat(client.send(second, 0, second.capacity())).isPositive();
        pumpUntil("node 1 gets it", 5_000, () -> otherReceived.count() == 1, work());
        assertThat(otherReceived.texts()).containsExactly("to node 1");
        assertThat(nodeReceived.count()).isEqualTo(1);

        // The same response channel serves the new node.
        assertThat(otherNode.connectClient(5, client.responseChannel(), client.responseStreamId(), 0))
            .isEqualTo(NodeTransport.CLIENT_ADDED);
        final UnsafeBuffer response = text("from node 1");
        assertThat(otherNode.sendToClient(5, response, 0, response.capacity())).isPositive();
        pumpUntil("response from node 1", 5_000, () -> clientReceived.count() == 1, work());
        assertThat(clientReceived.texts()).containsExactly("from node 1");
    }

    @Test
    void clientSettingsAreValidated()
    {
        assertThatThrownBy(() -> ClientTransport.open(host, new ClientTransport.Context()))
            .isInstanceOf(TransportConfigException.class)
            .hasMessageContaining("set exactly one of ingressEndpoint (UDP) and ingressIpcStreamId (IPC)");
        assertThatThrownBy(() -> ClientTransport.open(host, new ClientTransport.Context()
            .ingressEndpoint("127.0.0.1:1").responseHost("0.0.0.0")))
            .hasMessageStartingWith("client responseHost 0.0.0.0: must be a literal IPv4 address");
        assertThatThrownBy(() -> ClientTransport.open(host, new ClientTransport.Context().ingressEndpoint("nohost")))
            .hasMessage("client ingress endpoint nohost: must be host:port");
    }
}
