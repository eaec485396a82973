package io.canopus.transport;

import java.io.File;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.canopus.transport.TestSupport.pumpUntil;
import static io.canopus.transport.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The driver modes other than the default invoker: an external driver, and embedded driver threads. */
@Timeout(60)
class DriverModesTest
{
    @Test
    void externalModeUsesADriverLaunchedByTheTest()
    {
        final String dir = TestSupport.uniqueDir("external");
        MediaDriver driver = null;
        AeronHost host = null;
        NodeTransport a = null;
        NodeTransport b = null;
        try
        {
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                .publicationTermBufferLength(256 * 1024)
                .ipcTermBufferLength(64 * 1024)
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            host = AeronHost.launch(new AeronHost.Context().mode(MediaDriverMode.EXTERNAL).aeronDirectoryName(dir));
            assertThat(host.doWork()).isZero();
            assertThat(host.context().dirDeleteOnShutdown()).isFalse();

            final MulticastGroup group = TestSupport.loopbackGroup(13);
            final String endpointA = TestSupport.freeEndpoint();
            final String endpointB = TestSupport.freeEndpoint();
            a = NodeTransport.open(host, new NodeTransport.Context()
                .nodeId(0).rackGroup(group).rackSize(2).unicastEndpoint(endpointA).peer(1, endpointB));
            b = NodeTransport.open(host, new NodeTransport.Context()
                .nodeId(1).rackGroup(group).rackSize(2).unicastEndpoint(endpointB).peer(0, endpointA));
            exchange(host, a, b);
        }
        finally
        {
            CloseHelper.closeAll(a, b, host, driver);
        }
        // The host did not own the directory; the driver deleted it.
        assertThat(new File(dir)).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = MediaDriverMode.class, names = { "EMBEDDED_SHARED", "EMBEDDED_DEDICATED" })
    void embeddedDriverThreads(final MediaDriverMode mode)
    {
        AeronHost host = null;
        NodeTransport a = null;
        NodeTransport b = null;
        try
        {
            host = AeronHost.launch(TestSupport.hostContext(mode.name().toLowerCase())
                .mode(mode)
                .idleStrategy(() -> new SleepingMillisIdleStrategy(1)));
            assertThat(host.doWork()).isZero();
            final MulticastGroup group = TestSupport.loopbackGroup(15);
            final String endpointA = TestSupport.freeEndpoint();
            final String endpointB = TestSupport.freeEndpoint();
            a = NodeTransport.open(host, new NodeTransport.Context()
                .nodeId(0).rackGroup(group).rackSize(2).unicastEndpoint(endpointA).peer(1, endpointB));
            b = NodeTransport.open(host, new NodeTransport.Context()
                .nodeId(1).rackGroup(group).rackSize(2).unicastEndpoint(endpointB).peer(0, endpointA));
            exchange(host, a, b);
        }
        finally
        {
            CloseHelper.closeAll(a, b, host);
        }
    }

    private static void exchange(final AeronHost host, final NodeTransport a, final NodeTransport b)
    {
        final TestSupport.Collector receivedA = new TestSupport.Collector();
        final TestSupport.Collector receivedB = new TestSupport.Collector();
        pumpUntil("connected", 10_000,
            () -> a.nodeConnected(1) && b.nodeConnected(0) && a.rackReachable() && b.rackReachable(),
            host::doWork);

        final UnsafeBuffer unicast = text("unicast a -> b");
        final UnsafeBuffer multicast = text("multicast from b");
        // With driver threads the publication limit can lag the connection: QUEUED is fine too.
        assertThat(a.sendToNode(1, unicast, 0, unicast.capacity())).isPositive();
        assertThat(b.sendToRack(multicast, 0, multicast.capacity())).isPositive();
        pumpUntil("frames arrive", 5_000, () -> receivedA.count() == 1 && receivedB.count() == 1,
            host::doWork, () -> a.poll(receivedA, 10) + a.retryPending(), () -> b.poll(receivedB, 10) + b.retryPending());
        assertThat(receivedB.texts()).containsExactly("unicast a -> b");
        assertThat(receivedA.texts()).containsExactly("multicast from b");
    }
}
