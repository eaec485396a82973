package io.canopus.sim.check;

import static io.canopus.sim.check.KvOperation.ABSENT;
import static io.canopus.sim.check.KvOperation.PENDING;

/** Terse constructors for hand-written histories: client id doubles as session id. */
final class Ops
{
    static final long KEY = 1;

    private Ops()
    {
    }

    static KvOperation get(final int client, final long read, final long invoke, final long complete)
    {
        return get(client, KEY, read, invoke, complete);
    }

    static KvOperation get(final int client, final long key, final long read, final long invoke, final long complete)
    {
        return new KvOperation(client, client, 0, KvOperation.Type.GET, key, read, ABSENT, true, invoke, complete);
    }

    static KvOperation put(final int client, final long value, final long invoke, final long complete)
    {
        return put(client, KEY, value, invoke, complete);
    }

    static KvOperation put(final int client, final long key, final long value, final long invoke, final long complete)
    {
        return new KvOperation(
            client, client, value, KvOperation.Type.PUT, key, value, ABSENT, true, invoke, complete);
    }

    static KvOperation cas(
        final int client, final long expected, final long value, final boolean ok,
        final long invoke, final long complete)
    {
        return new KvOperation(client, client, value, KvOperation.Type.CAS, KEY, value, expected, ok, invoke, complete);
    }

    static KvOperation pendingPut(final int client, final long value, final long invoke)
    {
        return put(client, value, invoke, PENDING);
    }

    static KvOperation pendingCas(final int client, final long expected, final long value, final long invoke)
    {
        return cas(client, expected, value, false, invoke, PENDING);
    }
}
