package io.canopus.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.canopus.journal.JournalPretoucher.PAGE_SIZE;
import static io.canopus.journal.JournalTestSupport.appendRange;
import static io.canopus.journal.JournalTestSupport.context;
import static io.canopus.journal.JournalTestSupport.directBuffer;
import static io.canopus.journal.JournalTestSupport.expected;
import static io.canopus.journal.JournalTestSupport.fill;
import static io.canopus.journal.JournalTestSupport.lengthOf;
import static io.canopus.journal.JournalTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pretoucher runs ahead of real Chronicle journals: which pages it touches, and that it changes no byte. */
class JournalPretoucherTest
{
    private static final long AHEAD = 256 * 1024;

    @TempDir
    File dir;

    @Test
    void theFrontierIsTheFileOffsetJustPastTheLastRecord() throws IOException
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.frontierFile()).as("before any write").isNull();
            long previous = 0;
            for (long position = 1; position <= 50; position++)
            {
                appendRange(journal, position, position);
                final long frontier = journal.frontierOffset();
                assertThat(frontier).isGreaterThan(previous);
                previous = frontier;
                // The record's header sits right behind its payload, which ends at the frontier.
                final int length = lengthOf(position);
                final ByteBuffer header = readFile(journal.frontierFile(), frontier - length - ChronicleJournal.HEADER_LENGTH, 16);
                assertThat(header.getInt(ChronicleJournal.MAGIC_OFFSET)).isEqualTo(ChronicleJournal.RECORD_MAGIC);
                assertThat(header.getInt(ChronicleJournal.LENGTH_OFFSET)).isEqualTo(length);
                assertThat(header.getLong(ChronicleJournal.POSITION_OFFSET)).isEqualTo(position);
            }
            assertThat(journal.frontierFile().getParentFile()).isEqualTo(dir.getAbsoluteFile());
            assertThat(journal.frontierFile().getName()).endsWith(".cq4");
        }
    }

    @Test
    void touchesThePagesAheadOfTheFrontierAndNoFurtherInBoundedSteps() throws IOException
    {
        // On tmpfs a page is in memory only once written, so mincore shows what was touched; on a disk
        // file system here, Chronicle's whole new file already showed as resident.
        final File shm = new File("/dev/shm");
        Assumptions.assumeTrue(shm.isDirectory() && shm.canWrite(), "needs /dev/shm (tmpfs)");
        final File shmDir = Files.createTempDirectory(shm.toPath(), "canopus-pretouch-test-").toFile();
        try (ChronicleJournal journal = ChronicleJournal.open(context(shmDir)))
        {
            appendRange(journal, 1, 100);
            final File file = journal.frontierFile();
            final long frontier = journal.frontierOffset();
            final long first = (frontier + PAGE_SIZE) & -PAGE_SIZE;
            final long end = (frontier + AHEAD) & -PAGE_SIZE;
            // Well past what Chronicle itself wrote, nothing is in memory yet.
            assertThat(resident(file, first + 16 * PAGE_SIZE, end)).as("pages ahead before pretouching").isFalse();
            final byte[] written = readFile(file, 0, (int)first).array();

            final JournalPretoucher pretoucher = new JournalPretoucher(List.of(journal),
                new JournalPretoucher.Context().aheadBytes(AHEAD).maxPagesPerWork(10));
            int calls = 0;
            int work;
            while ((work = pretoucher.doWork()) > 0)
            {
                assertThat(work).as("pages in one call").isLessThanOrEqualTo(10);
                calls++;
            }

            final long expectedPages = (end - first) / PAGE_SIZE;
            assertThat(pretoucher.pagesTouched()).isEqualTo(expectedPages);
            assertThat(calls).isEqualTo((int)((expectedPages + 9) / 10));
            assertThat(resident(file, first, end)).as("pages ahead after pretouching").isTrue();
            // Read only now: reading a hole can bring a zero page into memory by itself.
            final byte[] after = readFile(file, 0, (int)end).array();
            assertThat(Arrays.copyOf(after, (int)first)).as("what Chronicle wrote").isEqualTo(written);
            assertThat(Arrays.copyOfRange(after, (int)first, (int)end)).as("pages ahead").containsOnly((byte)0);
            assertThat(pretoucher.errors()).isZero();
            assertThat(pretoucher.remaps()).as("one window covers it").isEqualTo(1);

            // Nothing more until the appender moves on; then only the new pages.
            assertThat(pretoucher.doWork()).isZero();
            appendRange(journal, 101, 110);
            final long moved = (journal.frontierOffset() + AHEAD) & -PAGE_SIZE;
            int more = 0;
            while ((work = pretoucher.doWork()) > 0)
            {
                more += work;
            }
            assertThat(more).isEqualTo((int)((moved - end) / PAGE_SIZE));
            pretoucher.onClose();
        }
        finally
        {
            IoUtil.delete(shmDir, true);
        }
    }

    @Test
    @Timeout(60)
    void recordsWrittenWhileAnotherThreadPretouchesAreIntactAfterReopening() throws Exception
    {
        final int count = 20_000;
        final AtomicBoolean stop = new AtomicBoolean();
        final long touched;
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            final JournalPretoucher pretoucher = new JournalPretoucher(List.of(journal),
                new JournalPretoucher.Context().aheadBytes(AHEAD).maxPagesPerWork(4));
            final CompletableFuture<Long> touching = CompletableFuture.supplyAsync(() ->
            {
                while (!stop.get())
                {
                    if (pretoucher.doWork() == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                pretoucher.onClose();
                return pretoucher.pagesTouched();
            });
            final UnsafeBuffer buffer = directBuffer(1024);
            for (long position = 1; position <= count; position++)
            {
                journal.append(position, buffer, 0, fill(buffer, position));
            }
            stop.set(true);
            touched = touching.get(30, TimeUnit.SECONDS);
        }
        assertThat(touched).as("pages touched while appending").isPositive();

        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().recordsFound()).isEqualTo(count);
            assertThat(journal.recovery().tornTailTruncated()).isFalse();
            for (long position = 1; position <= count; position++)
            {
                assertThat(read(journal, position)).as("position %d", position).isEqualTo(expected(position));
            }
        }
    }

    @Test
    void followsTheJournalIntoTheNextRollCycleFile()
    {
        final SetTimeProvider clock = new SetTimeProvider("2024-03-01T10:00:00").advanceMillis(500);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(clock)))
        {
            final JournalPretoucher pretoucher = new JournalPretoucher(List.of(journal),
                new JournalPretoucher.Context().aheadBytes(AHEAD));
            appendRange(journal, 1, 10);
            final File first = journal.frontierFile();
            drain(pretoucher);
            final long afterFirst = pretoucher.pagesTouched();
            assertThat(afterFirst).isPositive();

            clock.advanceMillis(1000);
            appendRange(journal, 11, 20);
            assertThat(journal.frontierFile()).isNotEqualTo(first);
            drain(pretoucher);
            assertThat(pretoucher.pagesTouched()).as("pages of the second file").isGreaterThan(afterFirst);
            assertThat(pretoucher.errors()).isZero();
            pretoucher.onClose();
        }
    }

    @Test
    void settingsOutOfRangeAreRejected()
    {
        assertThatThrownBy(() -> new JournalPretoucher.Context().aheadBytes(100).validate())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aheadBytes");
        assertThatThrownBy(() -> new JournalPretoucher.Context().aheadBytes(JournalPretoucher.Context.MAX_AHEAD_BYTES + 1).validate())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aheadBytes");
        assertThatThrownBy(() -> new JournalPretoucher.Context().maxPagesPerWork(0).validate())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPagesPerWork");
        assertThatThrownBy(() -> new JournalPretoucher(List.of(), new JournalPretoucher.Context().maxPagesPerWork(-1)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static void drain(final JournalPretoucher pretoucher)
    {
        for (int i = 0; i < 10_000 && pretoucher.doWork() > 0; i++)
        {
            // bounded: AHEAD is 64 calls of 256 pages at most
        }
    }

    /** @return whether every page of {@code [from, to)} of {@code file} is in memory (mincore). */
    private static boolean resident(final File file, final long from, final long to) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ))
        {
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, from, to - from);
            return mapped.isLoaded();
        }
    }

    private static ByteBuffer readFile(final File file, final long offset, final int length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file, "r"))
        {
            final byte[] bytes = new byte[length];
            raf.seek(offset);
            raf.readFully(bytes);
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
