package io.canopus.perf.bench;

import io.canopus.sim.load.LoadClientFactory;

/**
 * A running system under benchmark: something the open-loop rig's clients can be opened against.
 * Started once per message size and reused by every probe of that size, then closed.
 */
public interface BenchSystem extends AutoCloseable
{
    /** @return the name in tables and plots, e.g. {@code canopus-1x3}. */
    String name();

    /** @return threads, threading mode and idle strategies, one sentence, for the report's settings. */
    String threading();

    /** @return opens the load clients, one per rig thread. */
    LoadClientFactory clients();

    /** @return committed writes so far as the system counts them (for CPU per write), or -1 when it does not count. */
    long committedWrites();

    /** Stops the system and deletes what it wrote. */
    @Override
    void close();
}
