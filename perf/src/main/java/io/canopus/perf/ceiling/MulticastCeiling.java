package io.canopus.perf.ceiling;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.canopus.transport.AeronHost;
import io.canopus.transport.Channels;
import io.canopus.transport.MediaDriverMode;
import io.canopus.transport.MulticastGroup;
import org.agrona.CloseHelper;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The transport ceiling: how many messages of one size raw Aeron UDP multicast carries on this
 * machine's loopback from one publisher to a rack's subscribers, with the channel settings a
 * Canopus rack uses ({@link Channels#rackPublication}, flow control {@code fc=min}, the same term
 * length). A benchmark divides committed payload bytes/s by this figure, so it must be the most the
 * transport carries here, not a convenient low number: the media driver gets a thread of its own
 * ({@link MediaDriverMode#EMBEDDED_SHARED}) and the publisher and every subscriber share the calling
 * thread, which offers a burst, then polls each subscription, and so on. That is both cores of a
 * 2-core machine, the same budget the Canopus run gets (its nodes' thread and the client's).
 * <p>
 * The subscriptions share one media driver, so the kernel delivers each datagram once to the
 * driver and the driver's image is read by every subscription: the figure is what one rack member's
 * process can publish to its rack, not what N separate machines would each receive.
 * <p>
 * A message counts when the slowest subscription has it: the rate is the slowest subscription's
 * messages over the measured window, after a warm-up. Aeron is reliable (back pressure, not loss),
 * so a subscriber that falls behind slows the publisher rather than losing messages.
 */
public final class MulticastCeiling
{
    /** Messages offered per turn before the subscriptions are polled: natural batching, bounded. */
    static final int BURST = 64;
    /** Fragments read per subscription per turn. */
    static final int FRAGMENT_LIMIT = 256;
    /** How long the publication may take to see its subscribers. */
    static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int STREAM_ID = 1001;

    private final Context ctx;
    private final NanoClock clock = new SystemNanoClock();

    /** What one size measured. */
    public record Result(int sizeBytes, int subscribers, double messagesPerSec, double bytesPerSec, double measuredSeconds,
        long backPressured)
    {
    }

    /** @param ctx settings; validated here. */
    public MulticastCeiling(final Context ctx)
    {
        this.ctx = Objects.requireNonNull(ctx, "ctx").conclude();
    }

    /**
     * Measures one message size.
     *
     * @param sizeBytes payload bytes of each message, 1..the term length / 8.
     * @throws IllegalStateException if the subscribers do not connect within 10 s.
     */
    public Result measure(final int sizeBytes)
    {
        if (sizeBytes < 1 || sizeBytes > ctx.termLength / 8)
        {
            throw new IllegalArgumentException("sizeBytes must be 1.." + ctx.termLength / 8 + ", was " + sizeBytes);
        }
        final AeronHost host = AeronHost.launch(new AeronHost.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName)
            .mode(MediaDriverMode.EMBEDDED_SHARED)
            .termLength(ctx.termLength)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        Publication publication = null;
        final Subscription[] subscriptions = new Subscription[ctx.subscribers];
        try
        {
            final MulticastGroup group = MulticastGroup.of(ctx.groupAddress, ctx.port, "127.0.0.1");
            for (int i = 0; i < subscriptions.length; i++)
            {
                subscriptions[i] = host.aeron().addSubscription(Channels.rackSubscription(group), STREAM_ID);
            }
            publication = host.aeron().addPublication(Channels.rackPublication(group, ctx.termLength), STREAM_ID);
            awaitConnected(publication, subscriptions);
            return run(publication, subscriptions, sizeBytes);
        }
        finally
        {
            CloseHelper.quietClose(publication);
            CloseHelper.quietCloseAll(subscriptions);
            host.close();
        }
    }

    private void awaitConnected(final Publication publication, final Subscription[] subscriptions)
    {
        final long deadlineNs = clock.nanoTime() + CONNECT_TIMEOUT_NS;
        while (!publication.isConnected() || !allHaveImages(subscriptions))
        {
            if (clock.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("multicast ceiling: the subscribers of " + publication.channel() +
                    " did not connect within 10 s (can 127.0.0.1 send to " + ctx.groupAddress + "?)");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static boolean allHaveImages(final Subscription[] subscriptions)
    {
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.imageCount() == 0)
            {
                return false;
            }
        }
        return true;
    }

    private Result run(final Publication publication, final Subscription[] subscriptions, final int sizeBytes)
    {
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(sizeBytes));
        final long[] received = new long[subscriptions.length];
        final FragmentHandler[] handlers = new FragmentHandler[subscriptions.length];
        for (int i = 0; i < handlers.length; i++)
        {
            final int index = i;
            handlers[i] = (buffer, offset, length, header) -> received[index]++;
        }
        final long startNs = clock.nanoTime();
        final long measureStartNs = startNs + ctx.warmupNs;
        final long endNs = measureStartNs + ctx.durationNs;
        long backPressured = 0;
        long slowestAtMeasureStart = -1;
        long nowNs = startNs;
        while (nowNs < endNs)
        {
            for (int i = 0; i < BURST; i++)
            {
                if (publication.offer(message, 0, sizeBytes) < 0)
                {
                    backPressured++;
                    break;
                }
            }
            for (int i = 0; i < subscriptions.length; i++)
            {
                subscriptions[i].poll(handlers[i], FRAGMENT_LIMIT);
            }
            nowNs = clock.nanoTime();
            if (slowestAtMeasureStart < 0 && nowNs >= measureStartNs)
            {
                slowestAtMeasureStart = min(received);
            }
        }
        final double seconds = (nowNs - measureStartNs) / 1e9;
        final double perSec = (min(received) - slowestAtMeasureStart) / seconds;
        return new Result(sizeBytes, subscriptions.length, perSec, perSec * sizeBytes, seconds, backPressured);
    }

    private static long min(final long[] values)
    {
        long min = Long.MAX_VALUE;
        for (final long value : values)
        {
            min = Math.min(min, value);
        }
        return min;
    }

    /** Settings of a {@link MulticastCeiling}, fluent as Aeron's contexts. */
    public static final class Context
    {
        private String aeronDirectoryName;
        private int subscribers = 2;
        private int termLength = AeronHost.Context.DEFAULT_TERM_LENGTH;
        private long warmupNs = TimeUnit.MILLISECONDS.toNanos(500);
        private long durationNs = TimeUnit.SECONDS.toNanos(2);
        private String groupAddress = "239.255.91.1";
        private int port = 40_457;

        /** The Aeron directory of the run's driver (required; made and deleted by the run). */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /** Subscriptions: a rack's members other than the publisher; default 2 (a rack of 3). */
        public Context subscribers(final int subscribers)
        {
            this.subscribers = subscribers;
            return this;
        }

        /** Term length of the publication, as the nodes' (default 1 MiB). */
        public Context termLength(final int termLength)
        {
            this.termLength = termLength;
            return this;
        }

        /** Time sent before measuring; default 500 ms. */
        public Context warmupNs(final long warmupNs)
        {
            this.warmupNs = warmupNs;
            return this;
        }

        /** Measured time; default 2 s. */
        public Context durationNs(final long durationNs)
        {
            this.durationNs = durationNs;
            return this;
        }

        /** Multicast group: an odd last octet, so that Aeron's control address (data + 1) differs; default 239.255.91.1. */
        public Context groupAddress(final String groupAddress)
        {
            this.groupAddress = groupAddress;
            return this;
        }

        /** UDP port of the group; default 40457. */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        Context conclude()
        {
            Objects.requireNonNull(aeronDirectoryName, "aeronDirectoryName");
            if (subscribers < 1 || subscribers > 64)
            {
                throw new IllegalArgumentException("subscribers must be 1..64, was " + subscribers);
            }
            if (warmupNs < 0 || durationNs <= 0 || durationNs > TimeUnit.MINUTES.toNanos(10))
            {
                throw new IllegalArgumentException("warm-up must be >= 0 and the measured time 0..10 min");
            }
            return this;
        }
    }
}
