package io.canopus.transport;

import java.io.File;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class AeronHostTest
{
    @Test
    void invokerModeStartsNoThreadAndDoesItsWorkInDoWork()
    {
        final Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        final AeronHost.Context context = TestSupport.hostContext("invoker");
        try (AeronHost host = AeronHost.launch(context))
        {
            final Set<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(name -> !name.contains("Cleaner") && !name.contains("Attach") && !name.contains("Signal"))
                .collect(Collectors.toSet());
            assertThat(started).isEmpty();
            assertThat(host.mode()).isEqualTo(MediaDriverMode.EMBEDDED_INVOKER);
            assertThat(new File(host.aeronDirectoryName(), "cnc.dat")).exists();

            // UDP data only moves if doWork runs the driver's sender and receiver.
            final String channel = Channels.unicast(TestSupport.freeEndpoint());
            try (Subscription subscription = host.aeron().addSubscription(channel, 1);
                Publication publication = host.aeron().addExclusivePublication(channel, 1))
            {
                TestSupport.pumpUntil("connected", 5_000, publication::isConnected, host::doWork);
                final UnsafeBuffer message = TestSupport.text("hello");
                assertThat(publication.offer(message)).isPositive();
                final int[] received = new int[1];
                TestSupport.pumpUntil("received", 5_000, () -> received[0] == 1,
                    host::doWork, () -> subscription.poll((b, o, l, h) -> received[0]++, 10));
            }
        }
        assertThat(new File(context.aeronDirectoryName())).doesNotExist();
    }

    @Test
    void defaultsFitASmallHost()
    {
        final AeronHost.Context context = new AeronHost.Context().conclude();
        assertThat(context.mode()).isEqualTo(MediaDriverMode.EMBEDDED_INVOKER);
        assertThat(context.termLength()).isEqualTo(1024 * 1024);
        assertThat(context.ipcTermLength()).isEqualTo(256 * 1024);
        assertThat(context.mtu()).isEqualTo(1408);
        assertThat(context.termBufferSparseFile()).isTrue();
        // An embedded driver without a configured directory gets a fresh one and cleans it up.
        assertThat(context.aeronDirectoryName()).isNotBlank();
        assertThat(context.dirDeleteOnStart()).isTrue();
        assertThat(context.dirDeleteOnShutdown()).isTrue();

        final AeronHost.Context named = new AeronHost.Context().aeronDirectoryName("/dev/shm/x").conclude();
        assertThat(named.dirDeleteOnShutdown()).isFalse();
    }

    @Test
    void termLengthsMustBePowersOfTwoFrom64KiBTo1GiB()
    {
        for (final int bad : new int[]{ 0, 32 * 1024, 100_000, 3 * 1024 * 1024, Integer.MIN_VALUE })
        {
            assertThatThrownBy(() -> new AeronHost.Context().termLength(bad).conclude())
                .isInstanceOf(TransportConfigException.class)
                .hasMessage("termLength " + bad + ": must be a power of two from 65536 (64 KiB) to 1073741824 (1 GiB)");
        }
        assertThatThrownBy(() -> new AeronHost.Context().ipcTermLength(1000).conclude())
            .hasMessageStartingWith("ipcTermLength 1000: must be a power of two");
        assertThat(new AeronHost.Context().termLength(64 * 1024).conclude().termLength()).isEqualTo(65536);
        assertThat(new AeronHost.Context().termLength(1 << 30).conclude().termLength()).isEqualTo(1 << 30);
    }

    @Test
    void mtuMustBeAMultipleOf32WithinUdpLimits()
    {
        assertThatThrownBy(() -> new AeronHost.Context().mtu(1500).conclude())
            .isInstanceOf(TransportConfigException.class)
            .hasMessage("mtu 1500: must be a multiple of 32 greater than 32 and at most 65504");
        assertThatThrownBy(() -> new AeronHost.Context().mtu(65536).conclude())
            .hasMessageStartingWith("mtu 65536:");
        assertThat(new AeronHost.Context().mtu(8192).conclude().mtu()).isEqualTo(8192);
    }
}
