package io.canopus.sim.kernel;

import java.util.Arrays;

/**
 * The simulator's virtual clock and dispatcher. Components register a handler once and get an event
 * type back; they then schedule events of that type and the loop calls them in (time, sequence)
 * order, setting {@link #nowNs()} to each event's time first. Virtual time only moves when an event
 * fires, so a run is a pure function of its inputs and its seed, however fast the host machine is.
 * <p>
 * Not thread safe: one simulation, one thread.
 */
public final class EventLoop
{
    private final EventQueue queue;
    private final Event event = new Event();
    private EventHandler[] handlers = new EventHandler[8];
    private int handlerCount;
    private long nowNs;
    private long eventsProcessed;

    public EventLoop()
    {
        this(new EventQueue());
    }

    public EventLoop(final EventQueue queue)
    {
        this.queue = queue;
    }

    /**
     * Registers the handler of a new kind of event.
     *
     * @return the event type to pass to {@link #schedule}.
     */
    public int register(final EventHandler handler)
    {
        if (handlerCount == handlers.length)
        {
            handlers = Arrays.copyOf(handlers, handlerCount << 1);
        }
        handlers[handlerCount] = handler;
        return handlerCount++;
    }

    /** @return the current simulated time: the time of the event being dispatched. */
    public long nowNs()
    {
        return nowNs;
    }

    /** @return the number of events dispatched so far. */
    public long eventsProcessed()
    {
        return eventsProcessed;
    }

    /** @return the number of events waiting. */
    public int pending()
    {
        return queue.size();
    }

    /**
     * Schedules an event at {@code timeNs}; a time in the past is clamped to now, so causality holds
     * even for a careless caller.
     */
    public void schedule(final long timeNs, final int type, final int target, final int intArg, final long longArg)
    {
        if (type < 0 || type >= handlerCount)
        {
            throw new IllegalArgumentException("unregistered event type " + type);
        }
        queue.schedule(Math.max(timeNs, nowNs), type, target, intArg, longArg);
    }

    /**
     * Dispatches the earliest event alone, if there is one (what {@link #runUntil} does per event;
     * benchmarks use it to measure one event at a time).
     *
     * @return false when no event was queued.
     */
    public boolean step()
    {
        if (queue.size() == 0)
        {
            return false;
        }
        final Event e = event;
        queue.poll(e);
        nowNs = e.timeNs;
        eventsProcessed++;
        handlers[e.type].onEvent(e);
        return true;
    }

    /**
     * Dispatches events in order while the earliest is at or before {@code endNs}, then sets the clock
     * to {@code endNs}. Later events stay queued.
     *
     * @return the number of events dispatched by this call.
     */
    public long runUntil(final long endNs)
    {
        final long before = eventsProcessed;
        final Event e = event;
        while (queue.peekTimeNs() <= endNs)
        {
            queue.poll(e);
            nowNs = e.timeNs;
            eventsProcessed++;
            handlers[e.type].onEvent(e);
        }
        if (endNs > nowNs)
        {
            nowNs = endNs;
        }
        return eventsProcessed - before;
    }
}
