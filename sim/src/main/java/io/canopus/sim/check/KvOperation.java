package io.canopus.sim.check;

/**
 * One client operation on the key-value store, as a client saw it: invoked at {@code invokeNs},
 * answered at {@code completeNs} (or never, when {@link #completeNs} is {@link #PENDING}: it may or
 * may not have taken effect). Values are 64-bit; {@link #ABSENT} stands for "no value".
 *
 * @param clientId   the client (process) that issued it; one operation at a time per client.
 * @param sessionId  the client session.
 * @param sequence   the session's sequence number of a write (0 for reads).
 * @param type       GET, PUT or CAS.
 * @param key        the key.
 * @param value      PUT: the value written; CAS: the new value; GET: the value read (ABSENT if none).
 * @param expected   CAS: the value compared against (ABSENT: expects no value); otherwise unused.
 * @param ok         CAS: whether it swapped; PUT: true; GET: true.
 * @param invokeNs   simulated time of the first send.
 * @param completeNs simulated time the answer arrived, or PENDING.
 */
public record KvOperation(
    int clientId,
    long sessionId,
    long sequence,
    Type type,
    long key,
    long value,
    long expected,
    boolean ok,
    long invokeNs,
    long completeNs)
{
    public static final long PENDING = Long.MAX_VALUE;
    public static final long ABSENT = Long.MIN_VALUE;

    public enum Type
    {
        GET, PUT, CAS
    }

    public boolean isPending()
    {
        return completeNs == PENDING;
    }
}
