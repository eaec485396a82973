package io.canopus.transport;

/**
 * How a process gets its Aeron media driver. The choice trades CPU for latency: on a small host the
 * driver should not own threads that spin, on a big host dedicated threads give the lowest latency.
 */
public enum MediaDriverMode
{
    /**
     * Default. An embedded driver with no threads of its own: its conductor, sender and receiver run
     * inside {@link AeronHost#doWork()}, called from the node's duty cycle, and so does the Aeron
     * client conductor. Nothing spins on another thread, which suits small hosts and in-process
     * clusters; the cost is that the duty cycle must call {@code doWork()} regularly (at least every
     * few milliseconds, and well within the driver timeout) and from one thread only.
     */
    EMBEDDED_INVOKER,

    /** An embedded driver whose conductor, sender and receiver share one thread of their own. */
    EMBEDDED_SHARED,

    /** An embedded driver with a dedicated thread each for conductor, sender and receiver. */
    EMBEDDED_DEDICATED,

    /**
     * No embedded driver: connect to a driver already running (another process, or launched by
     * whoever embeds the engine) that uses the configured Aeron directory.
     */
    EXTERNAL
}
