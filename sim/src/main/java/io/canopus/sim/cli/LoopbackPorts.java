package io.canopus.sim.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a run of UDP ports that nothing uses, for a generated loopback cluster (the demo and the system tests). */
public final class LoopbackPorts
{
    /** Lowest port tried: above the well-known and most registered service ports. */
    static final int LOW = 12_000;
    /**
     * One past the highest port used: the kernel's ephemeral range starts at 32768 by default, and
     * Aeron binds the send sockets of its publications there, so a node port chosen below it cannot
     * be taken by a peer's publication while the cluster starts.
     */
    static final int HIGH = 32_768;

    private LoopbackPorts()
    {
    }

    /**
     * @param count ports needed, consecutive.
     * @return the first of {@code count} consecutive ports that can be bound now (on every interface).
     * @throws IllegalStateException when 200 random tries found none.
     */
    public static int freeRun(final int count)
    {
        if (count < 1 || count > HIGH - LOW)
        {
            throw new IllegalArgumentException("cannot find " + count + " consecutive ports in " + LOW + ".." + (HIGH - 1));
        }
        for (int attempt = 0; attempt < 200; attempt++)
        {
            final int base = LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW - count + 1);
            if (allFree(base, count))
            {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free UDP ports found in " + LOW + ".." + (HIGH - 1));
    }

    private static boolean allFree(final int base, final int count)
    {
        for (int port = base; port < base + count; port++)
        {
            try (DatagramSocket socket = new DatagramSocket(null))
            {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
            }
            catch (final IOException ex)
            {
                return false;
            }
        }
        return true;
    }
}
