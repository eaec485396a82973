package io.canopus.journal;

/**
 * Running totals of one {@link ChronicleJournal} since it was opened. The journal updates them from the
 * thread that owns it; another thread reading them (for metrics) may see slightly stale values.
 */
public final class JournalCounters
{
    long appends;
    long bytesAppended;
    long syncs;
    long reads;
    long metadataWrites;

    JournalCounters()
    {
    }

    /** @return records appended. */
    public long appends()
    {
        return appends;
    }

    /** @return payload bytes appended (record headers not counted). */
    public long bytesAppended()
    {
        return bytesAppended;
    }

    /** @return syncs of the queue file (msync) performed for the sync policy, on close and after a truncation. */
    public long syncs()
    {
        return syncs;
    }

    /** @return records read by {@link ChronicleJournal#read} (reads of positions not held not counted). */
    public long reads()
    {
        return reads;
    }

    /** @return metadata writes, each forced to disk. */
    public long metadataWrites()
    {
        return metadataWrites;
    }

    @Override
    public String toString()
    {
        return "JournalCounters{appends=" + appends + ", bytesAppended=" + bytesAppended + ", syncs=" + syncs +
            ", reads=" + reads + ", metadataWrites=" + metadataWrites + '}';
    }
}
