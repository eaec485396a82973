package io.canopus.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.canopus.journal.JournalTestSupport.appendRange;
import static io.canopus.journal.JournalTestSupport.context;
import static io.canopus.journal.JournalTestSupport.directBuffer;
import static io.canopus.journal.JournalTestSupport.expected;
import static io.canopus.journal.JournalTestSupport.fill;
import static io.canopus.journal.JournalTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChronicleJournalTest
{
    @TempDir
    File dir;

    @Test
    void emptyJournalHoldsNothing()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.lastPosition()).isZero();
            assertThat(journal.firstPosition()).isZero();
            assertThat(read(journal, 1)).isNull();
            assertThat(journal.recovery().recordsFound()).isZero();
            assertThat(journal.recovery().tornTailTruncated()).isFalse();
            assertThat(journal.recovery().toString()).contains("no records").contains(dir.getName());
        }
    }

    @Test
    void appendReadReopenRoundTrip()
    {
        final int count = 5_000;
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, 1, count);
            assertThat(journal.lastPosition()).isEqualTo(count);
            for (long p = 1; p <= count; p++)
            {
                assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
            }
            assertThat(journal.counters().appends()).isEqualTo(count);
            assertThat(journal.counters().reads()).isEqualTo(count);
            assertThat(journal.positionRuns()).isEqualTo(1);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            final RecoveryReport report = journal.recovery();
            assertThat(report.recordsFound()).isEqualTo(count);
            assertThat(report.firstPosition()).isEqualTo(1);
            assertThat(report.lastPosition()).isEqualTo(count);
            assertThat(report.tornTailTruncated()).isFalse();
            assertThat(report.file().getName()).endsWith(".cq4");
            assertThat(journal.lastPosition()).isEqualTo(count);
            // Random order, then backwards: the tailer must move, not only read on.
            for (long i = 0; i < count; i++)
            {
                final long p = 1 + (i * 7919) % count;
                assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
            }
            for (long p = count; p >= 1; p--)
            {
                assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
            }
            appendRange(journal, count + 1, count + 10);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.lastPosition()).isEqualTo(count + 10);
            assertThat(read(journal, count + 10)).isEqualTo(expected(count + 10));
            assertThat(read(journal, count + 11)).isNull();
            assertThat(read(journal, 0)).isNull();
            assertThat(read(journal, -5)).isNull();
        }
    }

    @Test
    void roundTripAcrossRolls() throws Exception
    {
        final SetTimeProvider clock = new SetTimeProvider("2024-03-01T10:00:00").advanceMillis(500);
        final JournalContext context = context(dir).rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(clock);
        final int perCycle = 300;
        final int cycles = 4;
        try (ChronicleJournal journal = ChronicleJournal.open(context))
        {
            for (int c = 0; c < cycles; c++)
            {
                appendRange(journal, 1L + c * perCycle, (long)(c + 1) * perCycle);
                clock.advanceMillis(1000);
            }
            // One run per roll cycle, not one entry per record.
            assertThat(journal.positionRuns()).isEqualTo(cycles);
            assertThat(journal.fileOf(1)).isNotEqualTo(journal.fileOf(perCycle + 1));
        }
        try (var files = Files.list(dir.toPath()))
        {
            assertThat(files.filter(f -> f.toString().endsWith(".cq4")).count()).isEqualTo(cycles);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context))
        {
            assertThat(journal.recovery().recordsFound()).isEqualTo((long)cycles * perCycle);
            assertThat(journal.positionRuns()).isEqualTo(cycles);
            for (long p = 1; p <= (long)cycles * perCycle; p++)
            {
                assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
            }
            // Reads across cycles in both directions.
            assertThat(read(journal, 1)).isEqualTo(expected(1));
            assertThat(read(journal, 1000)).isEqualTo(expected(1000));
            assertThat(read(journal, 301)).isEqualTo(expected(301));
            appendRange(journal, cycles * perCycle + 1, cycles * perCycle + 5);
            assertThat(read(journal, cycles * perCycle + 5)).isEqualTo(expected(cycles * perCycle + 5));
        }
    }

    @Test
    void everyKindOfAgronaBufferRoundTrips()
    {
        final byte[] payload = expected(42);
        final int length = payload.length;
        final ByteBuffer direct = ByteBuffer.allocateDirect(length + 16);
        final ByteBuffer heap = ByteBuffer.allocate(length + 16);
        final UnsafeBuffer raw = new UnsafeBuffer(direct); // used below through its raw address
        final MutableDirectBuffer[] sources = {
            new UnsafeBuffer(new byte[length + 16]),
            new UnsafeBuffer(direct),
            new UnsafeBuffer(heap),
            new UnsafeBuffer(raw.addressOffset(), length + 16),
            new ExpandableArrayBuffer(8),
        };
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            long position = 0;
            for (final MutableDirectBuffer source : sources)
            {
                source.putBytes(5, payload);
                journal.append(++position, source, 5, length);
            }
            for (long p = 1; p <= position; p++)
            {
                for (final MutableDirectBuffer dst : new MutableDirectBuffer[] {
                    new UnsafeBuffer(new byte[length + 3]),
                    new UnsafeBuffer(ByteBuffer.allocateDirect(length + 3)),
                    new UnsafeBuffer(ByteBuffer.allocate(length + 3)),
                    new UnsafeBuffer(ByteBuffer.allocateDirect(length + 3).slice(1, length + 2)),
                    new ExpandableArrayBuffer(1) })
                {
                    assertThat(journal.read(p, dst, 2)).isEqualTo(length);
                    final byte[] copy = new byte[length];
                    dst.getBytes(2, copy);
                    assertThat(copy).isEqualTo(payload);
                }
            }
        }
    }

    @Test
    void emptyAndMaximumRecords()
    {
        final int max = 64 * 1024;
        final UnsafeBuffer big = directBuffer(max);
        for (int i = 0; i < max; i++)
        {
            big.putByte(i, (byte)(i * 13));
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).maxRecordLength(max)))
        {
            journal.append(1, big, 0, 0);
            journal.append(2, big, 0, max);
            journal.append(3, big, 0, 0);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).maxRecordLength(max)))
        {
            final UnsafeBuffer dst = directBuffer(max);
            assertThat(journal.read(1, dst, 0)).isZero();
            assertThat(journal.read(2, dst, 0)).isEqualTo(max);
            assertThat(dst.compareTo(big)).isZero();
            assertThat(journal.read(3, dst, 0)).isZero();
        }
    }

    @Test
    void recordsCrossingChronicleChunkBoundariesRoundTrip()
    {
        // 256 KiB chunks and records up to 60 KiB: dozens of records straddle a chunk boundary.
        final int max = 60 * 1024;
        final JournalContext context = context(dir).maxRecordLength(max).minBlockSize(256 * 1024);
        final UnsafeBuffer buffer = directBuffer(max);
        final int count = 200;
        try (ChronicleJournal journal = ChronicleJournal.open(context))
        {
            for (long p = 1; p <= count; p++)
            {
                journal.append(p, buffer, 0, fillBig(buffer, p, max));
            }
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context))
        {
            assertThat(journal.recovery().recordsFound()).isEqualTo(count);
            final UnsafeBuffer expected = directBuffer(max);
            final UnsafeBuffer dst = new UnsafeBuffer(new byte[max]);
            for (long p = count; p >= 1; p--)
            {
                final int length = fillBig(expected, p, max);
                assertThat(journal.read(p, dst, 0)).isEqualTo(length);
                assertThat(new UnsafeBuffer(dst, 0, length).compareTo(new UnsafeBuffer(expected, 0, length)))
                    .as("position %d", p).isZero();
            }
        }
    }

    private static int fillBig(final UnsafeBuffer buffer, final long position, final int max)
    {
        final int length = (int)((position * 7_919) % max) + 1;
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)(position * 13 + i * 7 + (i >> 8)));
        }
        return length;
    }

    @Test
    void readsInterleavedWithAppendsAndRepeatedReadsSeeTheRightRecord()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            for (long p = 1; p <= 300; p++)
            {
                appendRange(journal, p, p);
                // The reused tailer sits right after the record it read last: the next append's
                // excerpt, then a repeat, then an older one.
                assertThat(read(journal, p)).isEqualTo(expected(p));
                assertThat(read(journal, p)).isEqualTo(expected(p));
                assertThat(read(journal, (p + 1) / 2)).isEqualTo(expected((p + 1) / 2));
            }
        }
    }

    @Test
    void appendAtTheWrongPositionNamesTheNextOne()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            final UnsafeBuffer buffer = directBuffer(64);
            assertThatThrownBy(() -> journal.append(2, buffer, 0, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("position 2")
                .hasMessageContaining("must be position 1");
            appendRange(journal, 1, 3);
            assertThatThrownBy(() -> journal.append(3, buffer, 0, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ends at position 3")
                .hasMessageContaining("must be position 4");
            assertThat(journal.lastPosition()).isEqualTo(3);
        }
    }

    @Test
    void recordTooLargeNamesTheLimit()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).maxRecordLength(1000)))
        {
            final UnsafeBuffer buffer = directBuffer(2000);
            assertThatThrownBy(() -> journal.append(1, buffer, 0, 1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1001 bytes")
                .hasMessageContaining("0..1000")
                .hasMessageContaining("maxRecordLength");
            assertThatThrownBy(() -> journal.append(1, buffer, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.append(1, buffer, 1500, 1000))
                .isInstanceOf(IndexOutOfBoundsException.class);
            journal.append(1, buffer, 0, 1000);
            assertThat(journal.lastPosition()).isEqualTo(1);
        }
    }

    @Test
    void badSettingsAndDirectoriesAreNamed() throws Exception
    {
        assertThatThrownBy(() -> ChronicleJournal.open(new JournalContext()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("directory is required");
        assertThatThrownBy(() -> ChronicleJournal.open(context(dir).maxRecordLength(0)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxRecordLength must be 1..67108864");
        final File file = new File(dir, "plain-file");
        Files.writeString(file.toPath(), "x");
        assertThatThrownBy(() -> ChronicleJournal.open(context(file)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(file.getPath())
            .hasMessageContaining("is a file");
        assertThatThrownBy(() -> ChronicleJournal.open(context(new File(file, "below"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cannot create journal directory");
    }

    @Test
    void readOnlyDirectoryIsNamed()
    {
        final File readOnly = new File(dir, "read-only");
        assertThat(readOnly.mkdir()).isTrue();
        assertThat(readOnly.setWritable(false, false)).isTrue();
        try
        {
            // Root may write anywhere: then there is nothing to check.
            Assumptions.assumeFalse(Files.isWritable(readOnly.toPath()), "running as root");
            assertThatThrownBy(() -> ChronicleJournal.open(context(readOnly)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(readOnly.getPath())
                .hasMessageContaining("not writable");
        }
        finally
        {
            readOnly.setWritable(true, false);
        }
    }

    @Test
    void oneJournalPerDirectory()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThatThrownBy(() -> ChronicleJournal.open(context(dir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.getPath())
                .hasMessageContaining("already open");
            appendRange(journal, 1, 2);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.lastPosition()).isEqualTo(2);
        }
    }

    @Test
    void destinationTooSmallIsNamed()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, 1, 1);
            final int length = expected(1).length;
            assertThatThrownBy(() -> journal.read(1, new UnsafeBuffer(new byte[length + 3]), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(length + " bytes");
        }
    }

    @Test
    void closedJournalRefusesUse()
    {
        final ChronicleJournal journal = ChronicleJournal.open(context(dir));
        journal.close();
        journal.close();
        assertThatThrownBy(() -> appendRange(journal, 1, 1)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> read(journal, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(journal.doWork(System.nanoTime())).isZero();
    }

    @Test
    void openedOnOneThreadUsedOnAnother() throws Exception
    {
        final ExecutorService agent = Executors.newSingleThreadExecutor();
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, 1, 10);
            agent.submit(() ->
            {
                appendRange(journal, 11, 20);
                for (long p = 1; p <= 20; p++)
                {
                    assertThat(read(journal, p)).isEqualTo(expected(p));
                }
                journal.writeMetadata(1, 2);
                return null;
            }).get(10, TimeUnit.SECONDS);
            appendRange(journal, 21, 22);
            assertThat(read(journal, 22)).isEqualTo(expected(22));
        }
        finally
        {
            agent.shutdownNow();
        }
    }

    @Test
    void readingAPositionTwiceOrSequentiallyGivesTheSameBytes()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            appendRange(journal, 1, 200);
            final UnsafeBuffer dst = directBuffer(1024);
            for (int round = 0; round < 3; round++)
            {
                for (long p = 150; p <= 200; p++)
                {
                    final int length = journal.read(p, dst, 0);
                    final UnsafeBuffer expected = directBuffer(1024);
                    assertThat(length).isEqualTo(fill(expected, p));
                    assertThat(new UnsafeBuffer(dst, 0, length).compareTo(new UnsafeBuffer(expected, 0, length))).isZero();
                }
                assertThat(read(journal, 150)).isEqualTo(expected(150));
            }
        }
    }
}
