package io.canopus.engine.statemachine;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Exactly-once application of client writes. Part of the replicated state: every replica feeds it
 * the same committed writes in the same order, so every replica makes the same decisions.
 * <p>
 * A session remembers the highest sequence it applied and that write's result. A write whose
 * sequence is not above it is a retry: it is not applied again, and for the latest sequence the
 * cached result is returned. Sessions are bounded: when full, the least recently used one is
 * evicted (deterministically, since use order is the commit order); a client that comes back on an
 * evicted session is told its session expired rather than risk a second application.
 * Allocation happens only while the table grows to its bound; afterwards entries are recycled.
 */
public final class SessionTable
{
    /** Outcome of {@link #apply}. */
    public enum Outcome
    {
        /** First application: the state machine ran it. */
        APPLIED,
        /** A retry of the session's latest write: the cached result was returned. */
        DUPLICATE,
        /** A retry of an older write: its result is no longer kept. */
        DUPLICATE_STALE,
    }

    /**
     * The map starts small and grows with its sessions (a rehash allocates only while it grows),
     * rather than being sized for {@code maxSessions} up front. Why: every write looks its session
     * up at every replica, and a table sized for the default bound of 65,536 spreads 1,024 sessions
     * over 1.5 MiB of slots, one cache line each, where a table sized to them packs them into 24 KiB.
     * Measured on the 2-core bench VM, Canopus 1x3 at 32 B overload, 1,024 sessions: 295k writes/s
     * with 2,048 slots (what this table grows to for them) against 259k with 131,072 (mean of six
     * 8 s probes each, alternating runs; single probes ranged 227k-351k).
     */
    private static final int INITIAL_SLOTS = 64;
    private static final float LOAD_FACTOR = 0.65f;

    private final Long2ObjectHashMap<Session> sessions;
    private final int maxSessions;
    private final Session lru = new Session(0); // sentinel of the use-order list
    private final UnsafeBuffer resultView = new UnsafeBuffer(0, 0);
    /** Where the state machine writes a result before the session keeps a copy of just its size. */
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[StateMachine.MAX_RESULT_LENGTH]);
    private int resultLength;

    public SessionTable(final int maxSessions)
    {
        if (maxSessions < 1)
        {
            throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.sessions = new Long2ObjectHashMap<>(INITIAL_SLOTS, LOAD_FACTOR);
        lru.prev = lru;
        lru.next = lru;
    }

    /**
     * Applies a committed write once per (session, sequence).
     *
     * @return whether it was applied; the result bytes are then at {@link #result()}.
     */
    public Outcome apply(
        final long sessionId,
        final long sequence,
        final DirectBuffer command,
        final int offset,
        final int length,
        final StateMachine stateMachine)
    {
        Session session = sessions.get(sessionId);
        if (session != null)
        {
            touch(session);
            if (sequence == session.lastSequence)
            {
                resultView.wrap(session.result, 0, session.resultLength);
                resultLength = session.resultLength;
                return Outcome.DUPLICATE;
            }
            if (sequence < session.lastSequence)
            {
                resultLength = 0;
                return Outcome.DUPLICATE_STALE;
            }
        }
        else
        {
            session = newSession(sessionId);
        }

        final int length0 = stateMachine.apply(command, offset, length, scratch, 0);
        assert length0 >= 0 && length0 <= StateMachine.MAX_RESULT_LENGTH : "result length " + length0;
        session.lastSequence = sequence;
        session.keep(scratch, length0);
        resultView.wrap(session.result, 0, length0);
        resultLength = length0;
        return Outcome.APPLIED;
    }

    /** @return the result of the last {@link #apply} (valid until the next call). */
    public DirectBuffer result()
    {
        return resultView;
    }

    public int resultLength()
    {
        return resultLength;
    }

    /** @return the highest applied sequence of a session, or -1 when unknown. */
    public long lastSequence(final long sessionId)
    {
        final Session session = sessions.get(sessionId);
        return session == null ? -1 : session.lastSequence;
    }

    public int size()
    {
        return sessions.size();
    }

    /** Forgets every session (before a replay from the journal). */
    public void reset()
    {
        sessions.clear();
        lru.prev = lru;
        lru.next = lru;
    }

    private Session newSession(final long sessionId)
    {
        final Session session;
        if (sessions.size() >= maxSessions)
        {
            session = lru.next; // least recently used
            unlink(session);
            sessions.remove(session.sessionId);
            session.sessionId = sessionId;
        }
        else
        {
            session = new Session(sessionId);
        }
        session.lastSequence = Long.MIN_VALUE;
        session.resultLength = 0;
        sessions.put(sessionId, session);
        linkLast(session);
        return session;
    }

    private void touch(final Session session)
    {
        unlink(session);
        linkLast(session);
    }

    private void unlink(final Session session)
    {
        session.prev.next = session.next;
        session.next.prev = session.prev;
    }

    private void linkLast(final Session session)
    {
        session.prev = lru.prev;
        session.next = lru;
        lru.prev.next = session;
        lru.prev = session;
    }

    private static final int INITIAL_RESULT_CAPACITY = 64;

    private static final class Session
    {
        long sessionId;
        long lastSequence;
        int resultLength;
        /**
         * Sized to the results seen, not to the largest possible: a table of tens of thousands of
         * sessions with small results would otherwise hold 4 KiB each. Grows only for a larger result.
         */
        byte[] result = new byte[INITIAL_RESULT_CAPACITY];
        Session prev;
        Session next;

        Session(final long sessionId)
        {
            this.sessionId = sessionId;
        }

        void keep(final DirectBuffer source, final int length)
        {
            if (length > result.length)
            {
                result = new byte[Math.max(length, result.length * 2)];
            }
            source.getBytes(0, result, 0, length);
            resultLength = length;
        }
    }
}
