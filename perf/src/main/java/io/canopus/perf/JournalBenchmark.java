package io.canopus.perf;

import io.canopus.journal.ChronicleJournal;
import io.canopus.journal.JournalContext;
import io.canopus.journal.SyncPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The journal's hot paths on a real Chronicle Queue: append one committed cycle's record, and read a
 * recent one back (what a node does to serve a lagging peer).
 *
 * <p>Why: every committed cycle is appended once, on the node's duty-cycle thread, so its cost and
 * any allocation land on every cycle. With {@code -prof gc} the {@code gc.alloc.rate.norm} of both
 * benchmarks must be ~0 B/op: records go straight from the caller's buffer into the mapped file
 * (checksum included), reads straight from the mapping into the caller's buffer.
 *
 * <p>Sync policy {@code none}: this measures the CPU path, not the disk (an msync per append would
 * measure the device). Two record sizes: 288 bytes (a one-write cycle) and 4 KiB (a busy cycle). A
 * 4 KiB append lands on a fresh page of the mapped file every time, so it pays a page fault (kernel
 * time, invisible to a Java profiler) that 288-byte appends share fourteen ways.
 * Each iteration starts a fresh journal (in {@code java.io.tmpdir}, or the directory named by
 * {@code -Dcanopus.bench.dir=...}) holding {@value #PREFILL} records and deletes it afterwards, so a
 * run does not fill the disk. {@code readRecent} reads the last {@value #WINDOW} positions in a
 * scattered order, so the reused tailer has to move to each index rather than just read on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalBenchmark
{
    /** Records in the journal before each iteration. */
    public static final int PREFILL = 10_000;

    /** How far back from the end {@link #readRecent()} reads. */
    public static final int WINDOW = 1024;

    /** Bytes per record. */
    @Param({"288", "4096"})
    public int recordBytes;

    private UnsafeBuffer record;
    private UnsafeBuffer readBuffer;
    private Path directory;
    private ChronicleJournal journal;
    private long position;
    private long reads;

    @Setup(Level.Trial)
    public void allocate()
    {
        // Direct buffers, as Aeron hands them out.
        record = new UnsafeBuffer(ByteBuffer.allocateDirect(recordBytes));
        readBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(recordBytes));
        for (int i = 0; i < recordBytes; i++)
        {
            record.putByte(i, (byte)(i * 31 + 7));
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException
    {
        final File parent = new File(System.getProperty("canopus.bench.dir", System.getProperty("java.io.tmpdir")));
        directory = Files.createTempDirectory(parent.toPath(), "journal-bench-");
        journal = ChronicleJournal.open(new JournalContext().directory(directory.toFile()).syncPolicy(SyncPolicy.NONE));
        for (position = 1; position <= PREFILL; position++)
        {
            journal.append(position, record, 0, recordBytes);
        }
        position = journal.lastPosition();
    }

    @TearDown(Level.Iteration)
    public void close()
    {
        journal.close();
        try (Stream<Path> files = Files.walk(directory))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Appends the next position. */
    @Benchmark
    public long append()
    {
        journal.append(++position, record, 0, recordBytes);
        return position;
    }

    /** Reads one of the last {@value #WINDOW} positions, scattered (checks position and checksum). */
    @Benchmark
    public int readRecent()
    {
        final long back = (++reads * 7919) & (WINDOW - 1);
        return journal.read(position - back, readBuffer, 0);
    }
}
