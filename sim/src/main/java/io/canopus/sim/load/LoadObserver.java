package io.canopus.sim.load;

/**
 * Watches an {@link OpenLoopLoad} run. Called on the thread that called
 * {@link OpenLoopLoad#run(LoadObserver...)}, never on a client thread, so an observer may print,
 * write files and read a runtime's counters.
 */
public interface LoadObserver
{
    /**
     * The schedule starts: operation 0 is intended at {@code startNs}.
     *
     * @param startNs      on the load's nano clock.
     * @param startEpochMs the same instant in epoch milliseconds.
     */
    default void onStart(final long startNs, final long startEpochMs)
    {
    }

    /** The warm-up is over: operations intended from now on are measured. */
    default void onMeasureStart(final long nowNs)
    {
    }

    /** The last operation was due: from now on clients only wait for answers. */
    default void onSendEnd(final long nowNs)
    {
    }

    /** One interval (normally a second) has passed. */
    default void onInterval(final LoadInterval interval)
    {
    }
}
