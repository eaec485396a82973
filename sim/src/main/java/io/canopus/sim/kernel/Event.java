package io.canopus.sim.kernel;

/**
 * The one reusable view of the event being dispatched. {@link EventQueue#poll(Event)} copies the
 * earliest event's fields into it, so dispatching allocates nothing; a handler must not keep it past
 * its call.
 */
public final class Event
{
    /** Simulated time the event fires at. */
    public long timeNs;
    /** Insertion sequence: breaks ties between events of equal time in scheduling order. */
    public long sequence;
    /** Kind, as returned by {@link EventLoop#register(EventHandler)}. */
    public int type;
    /** Whom it is for (node, client, fault action...), meaning set by the registering component. */
    public int target;
    /** A component-defined integer argument. */
    public int intArg;
    /** A component-defined long argument (e.g. a cancellation token or a packed message slot). */
    public long longArg;

    @Override
    public String toString()
    {
        return "Event{t=" + timeNs + ", seq=" + sequence + ", type=" + type + ", target=" + target +
            ", int=" + intArg + ", long=" + longArg + '}';
    }
}
