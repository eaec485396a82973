package io.canopus.sim.check;

/**
 * The identity of one client write: the client's session and the write's sequence number in it. Clients
 * retry a write under the same identity, which is what lets the state machine skip duplicates and the
 * {@link ExactlyOnceChecker} count applications.
 */
public record WriteId(long sessionId, long sequence)
{
    @Override
    public String toString()
    {
        return "s" + sessionId + "#" + sequence;
    }
}
