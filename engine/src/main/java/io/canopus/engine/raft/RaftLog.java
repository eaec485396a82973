package io.canopus.engine.raft;

import io.canopus.codecs.RaftEntryKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * A Raft node's log in memory: entries 1..{@link #lastIndex()}, each with its term, kind, client session,
 * sequence and command bytes. What survives a crash is the journal ({@link RaftJournal}); this is rebuilt from it
 * on start. Arrays grow by doubling up to {@code maxEntries}: there is no snapshotting yet, so the log only grows.
 * <p>
 * Not thread-safe; owned by its node.
 */
final class RaftLog
{
    private static final int INITIAL_CAPACITY = 1024;

    private final int maxEntries;
    private long[] terms = new long[INITIAL_CAPACITY];
    private byte[] kinds = new byte[INITIAL_CAPACITY];
    private long[] sessions = new long[INITIAL_CAPACITY];
    private long[] sequences = new long[INITIAL_CAPACITY];
    private int[] commandOffsets = new int[INITIAL_CAPACITY];
    private int[] commandLengths = new int[INITIAL_CAPACITY];
    private final ExpandableArrayBuffer commands = new ExpandableArrayBuffer(64 * 1024);
    private int commandsEnd;
    private int size;

    RaftLog(final int maxEntries)
    {
        this.maxEntries = maxEntries;
    }

    long lastIndex()
    {
        return size;
    }

    long lastTerm()
    {
        return size == 0 ? 0 : terms[size - 1];
    }

    boolean isFull()
    {
        return size >= maxEntries;
    }

    /** @return the term of {@code index}; 0 for index 0 (the empty prefix every log shares). */
    long term(final long index)
    {
        checkIndex(index);
        return index == 0 ? 0 : terms[(int)index - 1];
    }

    RaftEntryKind kind(final long index)
    {
        checkEntry(index);
        return RaftEntryKind.get(kinds[(int)index - 1]);
    }

    long sessionId(final long index)
    {
        checkEntry(index);
        return sessions[(int)index - 1];
    }

    long sequence(final long index)
    {
        checkEntry(index);
        return sequences[(int)index - 1];
    }

    int commandLength(final long index)
    {
        checkEntry(index);
        return commandLengths[(int)index - 1];
    }

    /** Points {@code view} at the command bytes of {@code index}; valid until the log next changes. */
    void wrapCommand(final long index, final UnsafeBuffer view)
    {
        checkEntry(index);
        final int i = (int)index - 1;
        if (commandLengths[i] == 0)
        {
            view.wrap(commands, 0, 0);
        }
        else
        {
            view.wrap(commands, commandOffsets[i], commandLengths[i]);
        }
    }

    /** Appends an entry after the last one; the caller has checked {@link #isFull()}. */
    long append(
        final long term, final RaftEntryKind kind, final long sessionId, final long sequence,
        final DirectBuffer command, final int offset, final int length)
    {
        if (size >= maxEntries)
        {
            throw new IllegalStateException("log full at " + size + " entries");
        }
        assert kind != RaftEntryKind.TRUNCATE && kind != RaftEntryKind.NULL_VAL : "not an entry kind: " + kind;
        assert term >= lastTerm() : "terms in a log never decrease: " + term + " after " + lastTerm();
        if (size == terms.length)
        {
            grow();
        }
        terms[size] = term;
        kinds[size] = (byte)kind.value();
        sessions[size] = sessionId;
        sequences[size] = sequence;
        commandOffsets[size] = commandsEnd;
        commandLengths[size] = length;
        if (length > 0)
        {
            commands.putBytes(commandsEnd, command, offset, length);
            commandsEnd += length;
        }
        size++;
        return size;
    }

    /** Removes every entry from {@code index} on (a conflicting suffix). */
    void truncateFrom(final long index)
    {
        if (index < 1 || index > size + 1L)
        {
            throw new IllegalArgumentException("truncate from " + index + " of a log of " + size);
        }
        size = (int)index - 1;
        commandsEnd = size == 0 ? 0 : commandOffsets[size - 1] + commandLengths[size - 1];
    }

    /** @return the first index of the run of entries with the term of {@code index}, for a conflict hint. */
    long firstIndexOfTermAt(final long index)
    {
        checkEntry(index);
        final long term = terms[(int)index - 1];
        long i = index;
        while (i > 1 && terms[(int)i - 2] == term)
        {
            i--;
        }
        return i;
    }

    /** @return the last index holding {@code term}, or 0 when the log has no entry of that term. */
    long lastIndexOfTerm(final long term)
    {
        for (long i = size; i >= 1; i--)
        {
            final long t = terms[(int)i - 1];
            if (t == term)
            {
                return i;
            }
            if (t < term)
            {
                return 0;
            }
        }
        return 0;
    }

    private void grow()
    {
        final int capacity = (int)Math.min(maxEntries, terms.length * 2L);
        terms = Arrays.copyOf(terms, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        sessions = Arrays.copyOf(sessions, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
        commandOffsets = Arrays.copyOf(commandOffsets, capacity);
        commandLengths = Arrays.copyOf(commandLengths, capacity);
    }

    private void checkIndex(final long index)
    {
        if (index < 0 || index > size)
        {
            throw new IndexOutOfBoundsException("index " + index + " of a log of " + size);
        }
    }

    private void checkEntry(final long index)
    {
        if (index < 1 || index > size)
        {
            throw new IndexOutOfBoundsException("entry " + index + " of a log of " + size);
        }
    }
}
