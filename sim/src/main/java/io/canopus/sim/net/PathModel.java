package io.canopus.sim.net;

/**
 * How long one copy of a message takes from one endpoint to another over a described network, for
 * networks that are more than "inside a rack" and "between racks": Coracle's graphs of servers,
 * clients and hubs, and our own format with per-link latency distributions, bandwidth and queues.
 * <p>
 * When a {@link NetworkModel} has a path model, the model decides each copy's delay (replacing the
 * rack delays and jitter of {@link NetworkSettings}); partitions, crashes, pauses and the settings'
 * background loss, duplication and reordering still apply on top. Called once per copy at send time,
 * in send order, so a model may keep queue state (a link busy until some time) and draw from its own
 * random stream deterministically.
 */
public interface PathModel
{
    /** Returned when no active path leads from sender to receiver now: the copy is dropped and counted. */
    long NO_PATH = -1;
    /** Returned when a link on the path lost the copy (its loss probability): dropped and counted. */
    long LOST = -2;

    /**
     * @param fromEndpoint sender.
     * @param toEndpoint   receiver.
     * @param length       bytes of the message, for serialization delay.
     * @param nowNs        send time.
     * @return the delay until delivery in ns (at least 1), or {@link #NO_PATH} or {@link #LOST}.
     */
    long delayNs(int fromEndpoint, int toEndpoint, int length, long nowNs);

    /** @return true to deliver one extra copy of the message just routed (a link's duplication probability). */
    default boolean duplicateLast()
    {
        return false;
    }
}
