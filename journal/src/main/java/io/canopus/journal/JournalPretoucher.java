package io.canopus.journal;

import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Faults in the pages of journals' files just ahead of where their appenders write, on a thread of
 * its own, so the appending duty cycle does not take the page faults of a growing memory-mapped file.
 * <p>
 * Why: a Chronicle journal appends into a mapped file, and the first write to each page traps into
 * the kernel, which allocates and zeroes a page (on disk file systems it also allocates blocks). On
 * the 2-core VM of our benchmarks that is 2.5-3.6 us per 4 KiB page, and a node committing 100 MB/s
 * of cycles across three journals spent 12-40% of its duty-cycle thread there. A page already in
 * the page cache costs the appender only the trap that maps it, about 1 us here.
 * <p>
 * How: for each journal it maps the roll-cycle file through a mapping of its own (windows of
 * {@value #MAP_WINDOW_BYTES} bytes, never past the file's current size, so it never grows the file)
 * and touches each page from the one after {@link ChronicleJournal#frontierOffset()} up to {@link
 * Context#aheadBytes()} ahead, with a compare-and-set of 0 to 0: it never changes a byte, even if
 * the appender reaches the same word at the same moment. Chronicle sizes its files a block (64 MiB
 * by default) at a time, so there is file ahead to touch. At most {@link Context#maxPagesPerWork()}
 * pages per {@link #doWork()}, so one call stays short; run it with a sleeping idle strategy, so it
 * never spins.
 * <p>
 * Not thread-safe with respect to itself (one agent thread); the journals it reads are published
 * with ordered stores. Close it (stop its runner) before closing the journals, so it does not hold
 * mappings of files a closed journal would have released.
 */
public final class JournalPretoucher implements Agent
{
    /** Bytes touched per page; on hosts with larger pages some touches are redundant, none is missed. */
    public static final int PAGE_SIZE = 4096;
    /** Bytes this agent maps of a journal file at once (it remaps as the appender moves on). */
    public static final long MAP_WINDOW_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(JournalPretoucher.class);

    private final Target[] targets;
    private final long aheadBytes;
    private final int maxPagesPerWork;
    private long pagesTouched;
    private long remaps;
    private long errors;

    /**
     * @param journals the journals to run ahead of; the list is copied.
     * @param context  how far ahead and how much per call.
     */
    public JournalPretoucher(final List<ChronicleJournal> journals, final Context context)
    {
        context.validate();
        aheadBytes = context.aheadBytes();
        maxPagesPerWork = context.maxPagesPerWork();
        targets = new Target[journals.size()];
        for (int i = 0; i < targets.length; i++)
        {
            targets[i] = new Target(journals.get(i));
        }
    }

    @Override
    public int doWork()
    {
        int work = 0;
        for (final Target target : targets)
        {
            if (work >= maxPagesPerWork)
            {
                break;
            }
            work += target.touch(maxPagesPerWork - work);
        }
        pagesTouched += work;
        return work;
    }

    @Override
    public void onClose()
    {
        for (final Target target : targets)
        {
            target.release();
        }
    }

    @Override
    public String roleName()
    {
        return "journal-pretoucher";
    }

    /** @return pages touched so far (read it on the agent's thread or after it stopped). */
    public long pagesTouched()
    {
        return pagesTouched;
    }

    /** @return times a window of a journal file was mapped. */
    public long remaps()
    {
        return remaps;
    }

    /** @return files that could not be opened or mapped (each logged once; their pages are left to the appender). */
    public long errors()
    {
        return errors;
    }

    /** One journal and this agent's view of its current file. */
    private final class Target
    {
        private final ChronicleJournal journal;
        private final UnsafeBuffer window = new UnsafeBuffer(0, 0);
        private File file;
        private FileChannel channel;
        private MappedByteBuffer mapped;
        private long mapStart;
        private long mapEnd;
        /** Every page below this offset of {@link #file} has been touched (or was behind the appender). */
        private long touchedTo;
        private boolean failed;

        Target(final ChronicleJournal journal)
        {
            this.journal = journal;
        }

        int touch(final int budget)
        {
            final long frontier = journal.frontierOffset();
            final File current = journal.frontierFile();
            if (current == null)
            {
                return 0;
            }
            if (current != file)
            {
                switchTo(current);
            }
            if (failed)
            {
                return 0;
            }
            final long from = Math.max(touchedTo, alignUp(frontier + 1));
            final long wanted = alignDown(frontier + aheadBytes);
            if (from >= wanted)
            {
                return 0;
            }
            try
            {
                final long to = Math.min(wanted, alignDown(channel.size()));
                int pages = 0;
                for (long page = from; page < to && pages < budget; page += PAGE_SIZE)
                {
                    if (page < mapStart || page >= mapEnd)
                    {
                        map(page);
                    }
                    window.compareAndSetInt((int)(page - mapStart), 0, 0);
                    touchedTo = page + PAGE_SIZE;
                    pages++;
                }
                return pages;
            }
            catch (final IOException | RuntimeException ex)
            {
                fail("cannot pretouch", ex);
                return 0;
            }
        }

        private void map(final long page) throws IOException
        {
            unmap();
            final long length = Math.min(MAP_WINDOW_BYTES, alignDown(channel.size()) - page);
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, page, length);
            window.wrap(mapped);
            mapStart = page;
            mapEnd = page + length;
            remaps++;
        }

        private void switchTo(final File current)
        {
            release();
            file = current;
            touchedTo = 0;
            failed = false;
            try
            {
                channel = FileChannel.open(current.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            catch (final IOException | RuntimeException ex)
            {
                fail("cannot open", ex);
            }
        }

        private void fail(final String what, final Exception ex)
        {
            errors++;
            LOG.warn("journal pretoucher: {} {} ({}); the appender takes its own page faults in this file", what, file, ex.toString());
            final File failedFile = file;
            release();
            file = failedFile; // not retried: the next roll-cycle file gets a fresh try
            failed = true;
        }

        private void unmap()
        {
            if (mapped != null)
            {
                window.wrap(0, 0);
                IoUtil.unmap(mapped);
                mapped = null;
                mapStart = 0;
                mapEnd = 0;
            }
        }

        /** Lets go of the file; the next {@link #touch} opens the journal's current file again. */
        void release()
        {
            unmap();
            CloseHelper.quietClose(channel);
            channel = null;
            file = null;
        }
    }

    private static long alignUp(final long offset)
    {
        return (offset + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    private static long alignDown(final long offset)
    {
        return offset & -PAGE_SIZE;
    }

    /** Settings of a {@link JournalPretoucher}. */
    public static final class Context
    {
        /** Default of {@link #aheadBytes()}: at 100 MB/s of appends, 40 ms of them. */
        public static final long DEFAULT_AHEAD_BYTES = 4L << 20;
        /** Default of {@link #maxPagesPerWork()}: 1 MiB, about 3 ms of page faults on a slow VM. */
        public static final int DEFAULT_MAX_PAGES_PER_WORK = 256;
        /** Largest {@link #aheadBytes()}: a window, so one mapping always covers what is touched next. */
        public static final long MAX_AHEAD_BYTES = MAP_WINDOW_BYTES;

        private long aheadBytes = DEFAULT_AHEAD_BYTES;
        private int maxPagesPerWork = DEFAULT_MAX_PAGES_PER_WORK;

        /** How far past each journal's frontier pages are touched, bytes (one page .. {@value #MAX_AHEAD_BYTES}). */
        public Context aheadBytes(final long aheadBytes)
        {
            this.aheadBytes = aheadBytes;
            return this;
        }

        public long aheadBytes()
        {
            return aheadBytes;
        }

        /** Pages touched per {@link JournalPretoucher#doWork()} at most, over all journals (at least 1). */
        public Context maxPagesPerWork(final int maxPagesPerWork)
        {
            this.maxPagesPerWork = maxPagesPerWork;
            return this;
        }

        public int maxPagesPerWork()
        {
            return maxPagesPerWork;
        }

        /**
         * @return this context.
         * @throws IllegalArgumentException when a setting is out of its range (the message names it).
         */
        public Context validate()
        {
            if (aheadBytes < PAGE_SIZE || aheadBytes > MAX_AHEAD_BYTES)
            {
                throw new IllegalArgumentException("journal pretouch aheadBytes must be " + PAGE_SIZE + ".." + MAX_AHEAD_BYTES +
                    ", was " + aheadBytes);
            }
            if (maxPagesPerWork < 1)
            {
                throw new IllegalArgumentException("journal pretouch maxPagesPerWork must be at least 1, was " + maxPagesPerWork);
            }
            return this;
        }
    }
}
