package io.canopus.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.rollcycles.SparseRollCycles;

import java.io.File;
import java.util.Objects;

/**
 * Settings of a {@link ChronicleJournal}: fluent setters and getters, checked by
 * {@link ChronicleJournal#open(JournalContext)}.
 */
public final class JournalContext
{
    /** Default {@link #maxRecordLength()}: 4 MiB. */
    public static final int DEFAULT_MAX_RECORD_LENGTH = 4 * 1024 * 1024;

    /**
     * The largest {@link #maxRecordLength()} accepted: 64 MiB. Chronicle maps its files in blocks of at
     * least four times the largest excerpt, so this bounds the address space one journal maps at once.
     */
    public static final int MAX_RECORD_LENGTH_LIMIT = 64 * 1024 * 1024;

    /**
     * Default {@link #rollCycle()}: Chronicle's {@code SMALL_DAILY}, one file per day holding up to
     * 2^29 (536 million) excerpts, with an index entry every 8 excerpts, so a random read scans at most
     * 7 excerpt headers after the index lookup. At 500 committed cycles a second a day is 43 million
     * excerpts. Measured on the read benchmark it serves a scattered recent position 2 to 3 times
     * faster than {@code DAILY} (an entry every 64), and appends cost the same.
     */
    public static final RollCycle DEFAULT_ROLL_CYCLE = SparseRollCycles.SMALL_DAILY;

    private File directory;
    private SyncPolicy syncPolicy = SyncPolicy.NONE;
    private int maxRecordLength = DEFAULT_MAX_RECORD_LENGTH;
    private RollCycle rollCycle = DEFAULT_ROLL_CYCLE;
    private TimeProvider timeProvider;
    private long minBlockSize;

    /**
     * @param directory the directory holding the journal's Chronicle Queue files and its metadata file
     *                  (required; created when missing). One journal per directory.
     * @return this
     */
    public JournalContext directory(final File directory)
    {
        this.directory = directory;
        return this;
    }

    /** @return the journal directory, or null when not set. */
    public File directory()
    {
        return directory;
    }

    /**
     * @param syncPolicy when appended records are forced to disk (default {@link SyncPolicy#NONE}).
     * @return this
     */
    public JournalContext syncPolicy(final SyncPolicy syncPolicy)
    {
        this.syncPolicy = Objects.requireNonNull(syncPolicy, "syncPolicy");
        return this;
    }

    /** @return the sync policy. */
    public SyncPolicy syncPolicy()
    {
        return syncPolicy;
    }

    /**
     * @param maxRecordLength the largest record {@link ChronicleJournal#append} accepts, in bytes,
     *                        1 to {@link #MAX_RECORD_LENGTH_LIMIT} (default 4 MiB).
     * @return this
     */
    public JournalContext maxRecordLength(final int maxRecordLength)
    {
        this.maxRecordLength = maxRecordLength;
        return this;
    }

    /** @return the largest record accepted, in bytes. */
    public int maxRecordLength()
    {
        return maxRecordLength;
    }

    /**
     * @param rollCycle how often Chronicle starts a new file and how densely it indexes it (default
     *                  {@link #DEFAULT_ROLL_CYCLE}). It applies when the journal is created: an existing
     *                  journal keeps the roll cycle it was created with (Chronicle reads it from its
     *                  metadata and logs a warning when this setting differs).
     * @return this
     */
    public JournalContext rollCycle(final RollCycle rollCycle)
    {
        this.rollCycle = Objects.requireNonNull(rollCycle, "rollCycle");
        return this;
    }

    /** @return the Chronicle roll cycle. */
    public RollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * Tests only: the clock Chronicle uses to pick the roll cycle of each append, so that a test can
     * force a roll without waiting. Null (the default) is the system clock.
     */
    JournalContext timeProvider(final TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        return this;
    }

    TimeProvider timeProvider()
    {
        return timeProvider;
    }

    /**
     * Tests only: the smallest Chronicle block (memory-mapped chunk) size to use, so that a test can
     * cross chunk boundaries with little data. 0 (the default) is 64 MiB. The journal raises it to at
     * least four times the largest record (Chronicle keeps an excerpt within a quarter block).
     */
    JournalContext minBlockSize(final long minBlockSize)
    {
        this.minBlockSize = minBlockSize;
        return this;
    }

    long minBlockSize()
    {
        return minBlockSize;
    }

    /** @throws IllegalArgumentException naming the setting and its bounds when one is out of them. */
    void validate()
    {
        if (directory == null)
        {
            throw new IllegalArgumentException("JournalContext.directory is required (the journal's directory)");
        }
        if (maxRecordLength < 1 || maxRecordLength > MAX_RECORD_LENGTH_LIMIT)
        {
            throw new IllegalArgumentException("JournalContext.maxRecordLength must be 1.." + MAX_RECORD_LENGTH_LIMIT +
                " bytes, got " + maxRecordLength);
        }
    }

    @Override
    public String toString()
    {
        return "JournalContext{directory=" + directory + ", syncPolicy=" + syncPolicy + ", maxRecordLength=" +
            maxRecordLength + ", rollCycle=" + rollCycle + '}';
    }
}
