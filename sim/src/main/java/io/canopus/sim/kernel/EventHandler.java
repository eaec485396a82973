package io.canopus.sim.kernel;

/** Reacts to the events of one kind; called by the {@link EventLoop} on the simulation thread. */
@FunctionalInterface
public interface EventHandler
{
    /** @param event the event being dispatched; only valid during this call. */
    void onEvent(Event event);
}
