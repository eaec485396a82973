package io.canopus.engine.runtime;

import io.aeron.Aeron;
import io.canopus.engine.protocol.NodeCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.ToLongFunction;

/**
 * Publishes a node's counters as Aeron counters in the media driver's CnC file, every few
 * milliseconds from the node's own thread. Anything can read them while the node runs: the
 * embedding API through {@link #value(String)}, or Aeron's {@code AeronStat} tool from outside.
 * The core's {@link NodeCounters} are plain fields written by the agent thread only; this is the
 * one place they cross to other threads.
 */
public final class NodeCountersPublisher implements AutoCloseable
{
    /** Aeron counter type id of Canopus node counters (outside Aeron's own reserved range). */
    public static final int COUNTER_TYPE_ID = 7341;

    private static final String[] NAMES = {
        "messagesReceived", "framesRejected", "sendsFailed", "cyclesStarted", "cyclesCommitted", "writesCommitted",
        "writesDuplicate", "readsAnswered", "clientRejectedBusy", "proposalPulls", "stateFetches", "viewChangesDecided",
        "catchUpCycles", "restarts", "coldRestarts", "clientFramesRejected", "clientsRefused", "writesRefusedRackUnreachable",
    };
    private static final ToLongFunction<NodeCounters>[] CORE = coreReaders();

    private final AtomicCounter[] counters = new AtomicCounter[NAMES.length];

    @SuppressWarnings("unchecked")
    private static ToLongFunction<NodeCounters>[] coreReaders()
    {
        return new ToLongFunction[] {
            (ToLongFunction<NodeCounters>)c -> c.messagesReceived,
            (ToLongFunction<NodeCounters>)c -> c.framesRejected,
            (ToLongFunction<NodeCounters>)c -> c.sendsFailed,
            (ToLongFunction<NodeCounters>)c -> c.cyclesStarted,
            (ToLongFunction<NodeCounters>)c -> c.cyclesCommitted,
            (ToLongFunction<NodeCounters>)c -> c.writesCommitted,
            (ToLongFunction<NodeCounters>)c -> c.writesDuplicate,
            (ToLongFunction<NodeCounters>)c -> c.readsAnswered,
            (ToLongFunction<NodeCounters>)c -> c.clientRejectedBusy,
            (ToLongFunction<NodeCounters>)c -> c.proposalPulls,
            (ToLongFunction<NodeCounters>)c -> c.stateFetches,
            (ToLongFunction<NodeCounters>)c -> c.viewChangesDecided,
            (ToLongFunction<NodeCounters>)c -> c.catchUpCycles,
            (ToLongFunction<NodeCounters>)c -> c.restarts,
            (ToLongFunction<NodeCounters>)c -> c.coldRestarts,
        };
    }

    public NodeCountersPublisher(final Aeron aeron, final int nodeId)
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            counters[i] = aeron.addCounter(COUNTER_TYPE_ID, "canopus node " + nodeId + " " + NAMES[i]);
        }
    }

    void publish(final NodeCounters core, final NodeAgent agent)
    {
        int i = 0;
        for (; i < CORE.length; i++)
        {
            counters[i].setOrdered(CORE[i].applyAsLong(core));
        }
        counters[i++].setOrdered(agent.clientFramesRejected);
        counters[i++].setOrdered(agent.clientsRefused);
        counters[i].setOrdered(agent.writesRefusedRackUnreachable);
    }

    /** @return the last published value of the counter {@code name} (e.g. "cyclesCommitted"). */
    public long value(final String name)
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            if (NAMES[i].equals(name))
            {
                return counters[i].get();
            }
        }
        throw new IllegalArgumentException("no counter " + name + "; known: " + String.join(", ", NAMES));
    }

    /** @return the names of the published counters, in order. */
    public static String[] names()
    {
        return NAMES.clone();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(counters);
    }
}
