package io.canopus.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;

import static io.canopus.journal.JournalTestSupport.appendRange;
import static io.canopus.journal.JournalTestSupport.context;
import static io.canopus.journal.JournalTestSupport.expected;
import static io.canopus.journal.JournalTestSupport.flipByte;
import static io.canopus.journal.JournalTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Torn tails are truncated and reported; damage before the tail stops open(). */
class RecoveryTest
{
    private static final int COUNT = 50;

    @TempDir
    File dir;

    /** Where a record sits on disk, noted before closing the journal. */
    private record Location(File file, long recordOffset, long index)
    {
    }

    private Location writeAndLocate(final long damaged)
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, 1, COUNT);
            return new Location(journal.fileOf(damaged), journal.recordFileOffset(damaged),
                journal.chronicleIndexOf(damaged));
        }
    }

    @Test
    void tornPayloadOfTheLastRecordIsTruncatedAndTheNextAppendReusesItsPosition() throws IOException
    {
        final Location last = writeAndLocate(COUNT);
        flipByte(last.file(), last.recordOffset() + ChronicleJournal.HEADER_LENGTH + 3);

        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            final RecoveryReport report = journal.recovery();
            assertThat(report.tornTailTruncated()).isTrue();
            assertThat(report.truncatedRecords()).isEqualTo(1);
            assertThat(report.truncatedFromIndex()).isEqualTo(last.index());
            assertThat(report.truncationReason()).contains("checksum mismatch");
            assertThat(report.file()).isEqualTo(last.file());
            assertThat(report.recordsFound()).isEqualTo(COUNT - 1);
            assertThat(report.toString()).contains("torn tail truncated").contains(last.file().getName())
                .contains("next append is position " + COUNT);
            assertThat(journal.lastPosition()).isEqualTo(COUNT - 1);
            assertThat(read(journal, COUNT)).isNull();
            assertThat(read(journal, COUNT - 1)).isEqualTo(expected(COUNT - 1));
            appendRange(journal, COUNT, COUNT);
            assertThat(read(journal, COUNT)).isEqualTo(expected(COUNT));
        }
        for (int reopen = 0; reopen < 3; reopen++)
        {
            assertStableAfterTruncation(COUNT);
        }
    }

    @Test
    void reopeningAfterATruncationWithoutAppendingGivesTheSameResult() throws IOException
    {
        final Location last = writeAndLocate(COUNT);
        flipByte(last.file(), last.recordOffset() + ChronicleJournal.HEADER_LENGTH + 10);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().tornTailTruncated()).isTrue();
        }
        for (int reopen = 0; reopen < 3; reopen++)
        {
            assertStableAfterTruncation(COUNT - 1);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, COUNT, COUNT + 5);
        }
        assertStableAfterTruncation(COUNT + 5);
    }

    private void assertStableAfterTruncation(final long lastPosition)
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            final RecoveryReport report = journal.recovery();
            assertThat(report.tornTailTruncated()).as(report.toString()).isFalse();
            assertThat(report.truncationMarkers()).isEqualTo(1);
            assertThat(report.recordsFound()).isEqualTo(lastPosition);
            assertThat(journal.lastPosition()).isEqualTo(lastPosition);
            for (long p = 1; p <= lastPosition; p++)
            {
                assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
            }
            assertThat(report.toString()).contains("1 earlier truncation marker honoured");
        }
    }

    @Test
    void headerGarbageInTheLastRecordIsATornTail() throws IOException
    {
        final Location last = writeAndLocate(COUNT);
        flipByte(last.file(), last.recordOffset() + ChronicleJournal.MAGIC_OFFSET);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().tornTailTruncated()).isTrue();
            assertThat(journal.recovery().truncationReason()).contains("header garbage");
            assertThat(journal.lastPosition()).isEqualTo(COUNT - 1);
        }
    }

    @Test
    void recordLengthPastTheEndOfItsExcerptIsATornTail() throws IOException
    {
        final Location last = writeAndLocate(COUNT);
        writeInt(last.file(), last.recordOffset() + ChronicleJournal.LENGTH_OFFSET, 1 << 20);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().tornTailTruncated()).isTrue();
            assertThat(journal.recovery().truncationReason()).contains("length field says 1048576 bytes");
            assertThat(journal.lastPosition()).isEqualTo(COUNT - 1);
            appendRange(journal, COUNT, COUNT + 1);
        }
        assertStableAfterTruncation(COUNT + 1);
    }

    @Test
    void chronicleExcerptLengthPastTheEndOfTheRecordIsATornTail() throws IOException
    {
        final Location last = writeAndLocate(COUNT);
        // Chronicle's own 4-byte excerpt header sits just before the record: claim 64 more bytes.
        final long chronicleHeader = last.recordOffset() - 4;
        writeInt(last.file(), chronicleHeader, readInt(last.file(), chronicleHeader) + 64);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().tornTailTruncated()).isTrue();
            assertThat(journal.recovery().truncationReason()).contains("length field says");
            assertThat(journal.lastPosition()).isEqualTo(COUNT - 1);
            appendRange(journal, COUNT, COUNT + 1);
        }
        assertStableAfterTruncation(COUNT + 1);
    }

    @Test
    void severalBadExcerptsWithNothingGoodAfterThemAreOneTornTail() throws IOException
    {
        final Location last = writeAndLocate(COUNT);
        final Location before;
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            before = new Location(journal.fileOf(COUNT - 1), journal.recordFileOffset(COUNT - 1),
                journal.chronicleIndexOf(COUNT - 1));
        }
        flipByte(before.file(), before.recordOffset() + ChronicleJournal.HEADER_LENGTH);
        flipByte(last.file(), last.recordOffset() + ChronicleJournal.HEADER_LENGTH);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().truncatedRecords()).isEqualTo(2);
            assertThat(journal.recovery().truncatedFromIndex()).isEqualTo(before.index());
            assertThat(journal.lastPosition()).isEqualTo(COUNT - 2);
            appendRange(journal, COUNT - 1, COUNT);
        }
        assertStableAfterTruncation(COUNT);
    }

    @Test
    void onlyRecordTornLeavesAnEmptyJournalThatStartsAtOneAgain() throws IOException
    {
        final Location first;
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, 1, 1);
            first = new Location(journal.fileOf(1), journal.recordFileOffset(1), journal.chronicleIndexOf(1));
        }
        flipByte(first.file(), first.recordOffset() + ChronicleJournal.CHECKSUM_OFFSET);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().tornTailTruncated()).isTrue();
            assertThat(journal.lastPosition()).isZero();
            assertThat(journal.firstPosition()).isZero();
            appendRange(journal, 1, 3);
        }
        assertStableAfterTruncation(3);
    }

    @Test
    void anExcerptAWriterDiedInIsATornTail() throws IOException
    {
        simulatePartialExcerptAfter(writeAndLocate(COUNT), COUNT);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            final RecoveryReport report = journal.recovery();
            assertThat(report.tornTailTruncated()).as(report.toString()).isTrue();
            assertThat(report.truncatedRecords()).isEqualTo(1);
            assertThat(report.truncatedFromIndex()).isEqualTo(JournalCorruptedException.UNKNOWN);
            assertThat(report.truncationReason()).contains("incomplete excerpt");
            assertThat(journal.lastPosition()).isEqualTo(COUNT);
            appendRange(journal, COUNT + 1, COUNT + 2);
        }
        assertStableAfterTruncation(COUNT + 2);
    }

    @Test
    void aTornTailFoundAfterARollIsTruncatedInTheNewFile() throws IOException
    {
        final SetTimeProvider clock = new SetTimeProvider("2024-03-01T10:00:00").advanceMillis(500);
        final JournalContext context = context(dir).rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(clock);
        final Location last;
        try (ChronicleJournal journal = ChronicleJournal.open(context))
        {
            appendRange(journal, 1, 10);
            last = new Location(journal.fileOf(10), journal.recordFileOffset(10), journal.chronicleIndexOf(10));
        }
        flipByte(last.file(), last.recordOffset() + ChronicleJournal.HEADER_LENGTH + 2);
        clock.advanceMillis(1000); // the recovery's marker goes to the next cycle's file
        try (ChronicleJournal journal = ChronicleJournal.open(context))
        {
            assertThat(journal.recovery().tornTailTruncated()).isTrue();
            assertThat(journal.recovery().file()).isEqualTo(last.file());
            assertThat(journal.lastPosition()).isEqualTo(9);
            appendRange(journal, 10, 12);
            assertThat(journal.fileOf(10)).isNotEqualTo(last.file());
        }
        for (int reopen = 0; reopen < 2; reopen++)
        {
            try (ChronicleJournal journal = ChronicleJournal.open(context))
            {
                assertThat(journal.recovery().tornTailTruncated()).isFalse();
                assertThat(journal.recovery().truncationMarkers()).isEqualTo(1);
                assertThat(journal.lastPosition()).isEqualTo(12);
                for (long p = 1; p <= 12; p++)
                {
                    assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
                }
            }
        }
    }

    @Test
    void aDamagedChronicleHeaderBeforeTheTailIsCorruption() throws IOException
    {
        final long damaged = 20;
        final Location middle = writeAndLocate(damaged);
        // "Not complete" on an excerpt Chronicle completed long ago: its tailer stops there for good.
        final long chronicleHeader = middle.recordOffset() - 4;
        writeInt(middle.file(), chronicleHeader, readInt(middle.file(), chronicleHeader) | 0x8000_0000);
        assertThatThrownBy(() -> ChronicleJournal.open(context(dir)))
            .isInstanceOfSatisfying(JournalCorruptedException.class, ex ->
            {
                assertThat(ex.index()).isEqualTo(middle.index());
                assertThat(ex.position()).isEqualTo(damaged);
            })
            .hasMessageContaining(middle.file().getName())
            .hasMessageContaining("excerpt header is damaged");
    }

    @Test
    void aDamagedChronicleHeaderOnTheLastRecordIsCorruptionNotATornTail() throws IOException
    {
        // A crash cannot leave this (Chronicle completes a header before it records the excerpt as
        // its last), and appending behind it would put every new record out of the tailer's reach.
        final Location last = writeAndLocate(COUNT);
        writeInt(last.file(), last.recordOffset() - 4, 0);
        assertThatThrownBy(() -> ChronicleJournal.open(context(dir)))
            .isInstanceOf(JournalCorruptedException.class)
            .hasMessageContaining(last.file().getName())
            .hasMessageContaining(Long.toString(last.index()))
            .hasMessageContaining("excerpt header is damaged");
    }

    /**
     * Leaves the file as a writer killed while appending the record after {@code position} would:
     * the next excerpt's header still 0, the start of the record written behind it.
     */
    private void simulatePartialExcerptAfter(final Location last, final long position) throws IOException
    {
        final long end = last.recordOffset() + ChronicleJournal.HEADER_LENGTH + expected(position).length;
        final long nextHeader = (end + 3) & ~3L; // Chronicle aligns excerpt headers to 4 bytes
        assertThat(readInt(last.file(), nextHeader)).isZero();
        writeInt(last.file(), nextHeader + 4, ChronicleJournal.RECORD_MAGIC);
        writeInt(last.file(), nextHeader + 8, 700);
    }

    @Test
    void corruptMiddleRecordStopsOpenNamingTheFileAndIndex() throws IOException
    {
        final long damaged = COUNT / 2;
        final Location middle = writeAndLocate(damaged);
        flipByte(middle.file(), middle.recordOffset() + ChronicleJournal.HEADER_LENGTH + 1);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            // Same verdict every time, and a failed open leaves the directory unlocked.
            assertThatThrownBy(() -> ChronicleJournal.open(context(dir)))
                .isInstanceOfSatisfying(JournalCorruptedException.class, ex ->
                {
                    assertThat(ex.file()).isEqualTo(middle.file());
                    assertThat(ex.index()).isEqualTo(middle.index());
                    assertThat(ex.position()).isEqualTo(damaged);
                })
                .hasMessageContaining(middle.file().getName())
                .hasMessageContaining(Long.toString(middle.index()))
                .hasMessageContaining("position " + damaged)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("good records follow");
        }
    }

    @Test
    void corruptMiddleRecordFoundByReadIsNamedToo() throws IOException
    {
        final long damaged = 10;
        final Location middle = writeAndLocate(damaged);
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            // Damage under an open journal (the mapping sees the file): reads check every record.
            flipByte(middle.file(), middle.recordOffset() + ChronicleJournal.HEADER_LENGTH + 1);
            assertThatThrownBy(() -> read(journal, damaged))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(middle.file().getName())
                .hasMessageContaining(Long.toString(middle.index()))
                .hasMessageContaining("position " + damaged);
            assertThat(read(journal, damaged + 1)).isEqualTo(expected(damaged + 1));
        }
    }

    @Test
    void positionsThatAreNotContiguousStopOpen()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, 1, 5);
        }
        // A well-formed record for position 7 right after 5, written behind the journal's back.
        final Crc32cChecksum checksum = new Crc32cChecksum();
        final UnsafeBuffer payload = new UnsafeBuffer(expected(7));
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(JournalContext.DEFAULT_ROLL_CYCLE).build();
            ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().writeInt(ChronicleJournal.RECORD_MAGIC).writeInt(payload.capacity()).writeLong(7)
                    .writeInt(checksum.record(ChronicleJournal.RECORD_MAGIC, payload.capacity(), 7, payload, 0))
                    .write(payload.byteArray());
            }
        }
        assertThatThrownBy(() -> ChronicleJournal.open(context(dir)))
            .isInstanceOf(JournalCorruptedException.class)
            .hasMessageContaining("position 7 where position 6 was expected")
            .hasMessageContaining(".cq4");
    }

    private static void writeInt(final File file, final long offset, final int value) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.seek(offset);
            raf.writeInt(Integer.reverseBytes(value)); // little-endian, as Chronicle stores it
        }
    }

    private static int readInt(final File file, final long offset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file, "r"))
        {
            raf.seek(offset);
            return Integer.reverseBytes(raf.readInt());
        }
    }
}
