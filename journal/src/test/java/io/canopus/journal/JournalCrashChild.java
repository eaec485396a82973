package io.canopus.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.PrintStream;

/**
 * The child JVM of {@link CrashTest}, killed with SIGKILL by its parent.
 * <ul>
 *     <li>{@code stream DIR}: appends positions from the journal's end on, printing each one after its
 *     append returned, until killed.</li>
 *     <li>{@code torn DIR N}: appends N positions, closes the journal, then starts one more Chronicle
 *     excerpt and writes half of it, prints {@code TORN} and waits to be killed: the crash lands
 *     mid-excerpt, holding Chronicle's write lock.</li>
 * </ul>
 */
public final class JournalCrashChild
{
    private JournalCrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = System.out;
        final File dir = new File(args[1]);
        final UnsafeBuffer buffer = JournalTestSupport.directBuffer(1024);
        if (args[0].equals("stream"))
        {
            try (ChronicleJournal journal = ChronicleJournal.open(JournalTestSupport.context(dir)))
            {
                for (long p = journal.lastPosition() + 1; p < 10_000_000; p++)
                {
                    journal.append(p, buffer, 0, JournalTestSupport.fill(buffer, p));
                    out.println(p);
                    out.flush();
                }
            }
            return;
        }
        final long count = Long.parseLong(args[2]);
        try (ChronicleJournal journal = ChronicleJournal.open(JournalTestSupport.context(dir)))
        {
            for (long p = 1; p <= count; p++)
            {
                journal.append(p, buffer, 0, JournalTestSupport.fill(buffer, p));
                out.println(p);
            }
        }
        final SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(JournalContext.DEFAULT_ROLL_CYCLE).build();
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().writeInt(ChronicleJournal.RECORD_MAGIC).writeInt(500).writeLong(count + 1);
        out.println("TORN");
        out.flush();
        Thread.sleep(120_000);
        System.exit(3); // never reached in the test: the parent kills this process first
    }
}
