package io.canopus.codecs.frame;

import java.lang.management.ManagementFactory;

/**
 * Measures heap allocation by the current thread, to hold the receive path to zero allocation.
 * Runs the action once to warm up (class loading, lazy initialisation), then measures a second run.
 */
final class Allocations
{
    /** Tolerance for the measuring itself; a per-call allocation over a million calls is megabytes. */
    static final long NOISE_BYTES = 4 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    static long bytesAllocatedBy(final Runnable action)
    {
        action.run();
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        action.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
