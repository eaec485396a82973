package io.canopus.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import io.aeron.CommonContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Helpers for tests that run real media drivers in this JVM, on loopback only. */
final class TestSupport
{
    static final String LOOPBACK = "127.0.0.1";

    private TestSupport()
    {
    }

    /** @return a UDP port that was free on 127.0.0.1 a moment ago. */
    static int freePort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(LOOPBACK)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return {@code 127.0.0.1:<free port>}. */
    static String freeEndpoint()
    {
        return LOOPBACK + ":" + freePort();
    }

    /** @return a fresh Aeron directory path for one test (under Aeron's default parent, i.e. /dev/shm). */
    static String uniqueDir(final String name)
    {
        return CommonContext.getAeronDirectoryName() + "-canopus-test-" + name + "-" + UUID.randomUUID();
    }

    /** @return a host context on a fresh directory, deleted on start and shutdown. */
    static AeronHost.Context hostContext(final String name)
    {
        return new AeronHost.Context()
            .aeronDirectoryName(uniqueDir(name))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
    }

    /** @return a multicast group on loopback with a free port. */
    static MulticastGroup loopbackGroup(final int lastOctet)
    {
        return MulticastGroup.of("239.255.77." + lastOctet, freePort(), LOOPBACK);
    }

    /**
     * Runs the work suppliers until the condition holds, idling briefly when nothing was done.
     *
     * @throws AssertionError naming {@code what} on timeout.
     */
    static void pumpUntil(final String what, final long timeoutMs, final BooleanSupplier condition, final IntSupplier... work)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            if (pumpOnce(work) == 0)
            {
                LockSupport.parkNanos(50_000);
            }
        }
    }

    /** Runs the work suppliers for a while regardless, to let stray or duplicate frames show up. */
    static void pumpFor(final long durationMs, final IntSupplier... work)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        while (System.nanoTime() - deadline < 0)
        {
            if (pumpOnce(work) == 0)
            {
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private static int pumpOnce(final IntSupplier... work)
    {
        int done = 0;
        for (final IntSupplier w : work)
        {
            done += w.getAsInt();
        }
        return done;
    }

    /** @return a buffer holding the bytes. */
    static UnsafeBuffer buffer(final byte[] bytes)
    {
        return new UnsafeBuffer(bytes);
    }

    /** @return a buffer holding the UTF-8 text. */
    static UnsafeBuffer text(final String text)
    {
        return new UnsafeBuffer(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Collects copies of the frames a transport delivers. */
    static final class Collector implements FrameHandler
    {
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> sources = new ArrayList<>();

        @Override
        public void onFrame(final int source, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            frames.add(copy);
            sources.add(source);
        }

        int count()
        {
            return frames.size();
        }

        List<String> texts()
        {
            final List<String> texts = new ArrayList<>();
            for (final byte[] frame : frames)
            {
                texts.add(new String(frame, java.nio.charset.StandardCharsets.UTF_8));
            }
            return texts;
        }

        void clear()
        {
            frames.clear();
            sources.clear();
        }
    }
}
