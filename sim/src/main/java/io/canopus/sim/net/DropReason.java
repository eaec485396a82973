package io.canopus.sim.net;

/** Why the simulated network dropped a copy; each copy that is not delivered is dropped for exactly one. */
public enum DropReason
{
    /** Random loss: background, a loss burst, or a link's own loss probability. */
    LOSS,
    /** A partition, an isolated endpoint or a blocked one-way link. */
    PARTITION,
    /** The receiving node was down when it was sent, or crashed while it flew. */
    NODE_DOWN,
    /** No active path led from sender to receiver (a described network; see {@link PathModel}). */
    NO_PATH
}
