package io.canopus.engine.runtime;

import io.canopus.engine.protocol.DurableLog;
import io.canopus.journal.ChronicleJournal;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The protocol core's {@link DurableLog} on a node's Chronicle Queue journal. The journal module
 * knows nothing of the protocol, so the two meet here.
 */
public final class JournalDurableLog implements DurableLog
{
    private final ChronicleJournal journal;

    public JournalDurableLog(final ChronicleJournal journal)
    {
        this.journal = journal;
    }

    @Override
    public long lastPosition()
    {
        return journal.lastPosition();
    }

    @Override
    public void append(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        journal.append(position, buffer, offset, length);
    }

    @Override
    public int read(final long position, final MutableDirectBuffer dst, final int dstOffset)
    {
        return journal.read(position, dst, dstOffset);
    }

    @Override
    public long readMetadata(final int key, final long defaultValue)
    {
        return journal.readMetadata(key, defaultValue);
    }

    @Override
    public void writeMetadata(final int key, final long value)
    {
        journal.writeMetadata(key, value);
    }
}
