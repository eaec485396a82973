package io.canopus.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.io.Closeable;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.ExcerptContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.Wires;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal of one node: each committed cycle appended once, at consecutive positions from 1, to a
 * Chronicle Queue, with a checksum per record, a sync policy and crash recovery on open; plus a few
 * durable metadata values in a separate file.
 *
 * <h2>Records</h2>
 * Each append is one Chronicle data excerpt: a 20-byte header (magic {@code "REC1"}, payload length,
 * position, CRC32C of those three fields and the payload), then the payload bytes (opaque here: the
 * engine's SBE frames). Chronicle's own 4-byte excerpt header in front stays 0 until the excerpt is
 * written whole, so a reader never sees half an excerpt as a complete one.
 *
 * <h2>Torn tail and truncation</h2>
 * Chronicle files cannot be cut, so truncation is an append: a <em>truncation marker</em> excerpt
 * (magic {@code "TRN1"}, the position the journal resumes at, the Chronicle index of the first void
 * excerpt, a CRC32C). The scan on open reads every excerpt in index order. Bad excerpts (failed
 * checksum, a length that does not match the excerpt, unknown magic) are held pending: if good records
 * follow them, the journal is corrupt before its tail and {@link #open} throws
 * {@link JournalCorruptedException}; if a marker covering them follows, they were truncated by an
 * earlier open and are skipped; if nothing follows (or only an incomplete excerpt left by a crash
 * mid-append), they are the torn tail: this open appends a marker covering them, logs a warning and
 * reports it, and the next append reuses the first lost position. Chronicle itself overwrites an
 * incomplete excerpt with the next excerpt it writes, here the marker. Because the marker is appended
 * after the bad excerpts, every later scan meets the same excerpts in the same order and reaches the
 * same result. Positions must be contiguous across good records; a gap or repeat is corruption. So is
 * a damaged Chronicle excerpt header, which stops Chronicle's tailer short of excerpts it holds: a
 * crash cannot leave one, and appending behind it would put every new record out of reach.
 *
 * <h2>Random access</h2>
 * A {@link PositionIndex} maps positions to Chronicle indexes with one entry per roll cycle or
 * truncation (not per record), and one reused tailer moves to the index (or just reads on, when
 * reads are sequential). Reads verify the record's position and checksum.
 *
 * <h2>Sync</h2>
 * The queue uses Chronicle's {@link SyncMode#SYNC} for the sync policies that sync, and
 * {@link ExcerptAppender#sync()} (an {@code msync(MS_SYNC)} of the mapped pages written since the last
 * sync) after each append ({@link SyncPolicy#CYCLE}) or from {@link #doWork(long)} ({@link
 * SyncPolicy#period(long)}). Under {@link SyncPolicy#NONE} the mapping is left to the page cache.
 *
 * <h2>Threads</h2>
 * Not thread-safe: one thread at a time, typically the node's duty-cycle agent. It may be opened on
 * one thread and used on another (Chronicle's single-thread checks are disabled for that reason).
 * One journal per directory: a lock file keeps a second one, in this process or another, out. The
 * exception is {@link #frontierFile()} and {@link #frontierOffset()}, published for a {@link
 * JournalPretoucher} on another thread.
 */
public final class ChronicleJournal implements AutoCloseable
{
    /** The lock file keeping a second journal out of the directory while this one is open. */
    static final String LOCK_FILE_NAME = "canopus-journal.lock";

    static final int RECORD_MAGIC = 0x3143_4552; // "REC1" as little-endian ASCII
    static final int MARKER_MAGIC = 0x314E_5254; // "TRN1"

    static final int MAGIC_OFFSET = 0;
    static final int LENGTH_OFFSET = 4;
    static final int POSITION_OFFSET = 8;
    static final int CHECKSUM_OFFSET = 16;
    /** Bytes of the record header in front of the payload. */
    static final int HEADER_LENGTH = 20;

    static final int MARKER_RESUME_OFFSET = 8;
    static final int MARKER_FIRST_VOID_OFFSET = 16;
    static final int MARKER_CHECKSUM_OFFSET = 24;
    static final int MARKER_LENGTH = 28;

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleJournal.class);
    private static final long NONE = JournalCorruptedException.UNKNOWN;
    private static final long DEFAULT_BLOCK_SIZE = 64L << 20;

    private final File directory;
    private final SyncPolicy syncPolicy;
    private final long syncPeriodNs;
    private final int maxRecordLength;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final MetadataFile metadata;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExcerptTailer readTailer;
    private final PositionIndex positions = new PositionIndex();
    private final Crc32cChecksum checksum = new Crc32cChecksum();
    private final PointerBytesStore sourcePointer = BytesStore.nativePointer();
    private final UnsafeBuffer mappedView = new UnsafeBuffer(0, 0);
    private final JournalCounters counters = new JournalCounters();
    private final RecoveryReport recovery;

    /** Offset in {@link #frontierFile} just past the last excerpt written: read by a {@link JournalPretoucher}. */
    private final AtomicLong frontierOffset = new AtomicLong();
    private volatile File frontierFile;

    private long lastPosition;
    private long unsyncedAppends;
    private long lastSyncNs;
    private boolean syncClockStarted;
    private boolean closed;

    private ChronicleJournal(final JournalContext context)
    {
        context.validate();
        directory = context.directory().getAbsoluteFile();
        syncPolicy = context.syncPolicy();
        syncPeriodNs = syncPolicy.periodMs() * 1_000_000L;
        maxRecordLength = context.maxRecordLength();
        prepareDirectory(directory);

        FileChannel lockChannel = null;
        FileLock lock = null;
        SingleChronicleQueue queue = null;
        try
        {
            lockChannel = FileChannel.open(new File(directory, LOCK_FILE_NAME).toPath(),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockDirectory(lockChannel, directory);
            metadata = MetadataFile.open(directory.toPath());

            final long minBlockSize = context.minBlockSize() > 0 ? context.minBlockSize() : DEFAULT_BLOCK_SIZE;
            final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(context.rollCycle())
                .blockSize(blockSizeFor(maxRecordLength, minBlockSize))
                .syncMode(syncPolicy.isNone() ? SyncMode.NONE : SyncMode.SYNC);
            if (context.timeProvider() != null)
            {
                builder.timeProvider(context.timeProvider());
            }
            queue = builder.build();
            releaseStaleWriteLock(queue, builder);

            appender = queue.createAppender();
            readTailer = queue.createTailer();
            this.queue = queue;
            this.lockChannel = lockChannel;
            this.lock = lock;
            recovery = recover();
            // The owning agent usually runs on another thread than the one that opened the journal.
            appender.singleThreadedCheckDisabled(true);
            readTailer.singleThreadedCheckDisabled(true);
        }
        catch (final IOException ex)
        {
            closeQuietly(queue, lock, lockChannel);
            throw new UncheckedIOException("cannot open journal in " + directory, ex);
        }
        catch (final RuntimeException | Error ex)
        {
            closeQuietly(queue, lock, lockChannel);
            throw ex;
        }
    }

    /**
     * Opens (creating when needed) the journal in {@code context.directory()} and recovers it: scans
     * every record, checks checksums and contiguity, truncates a torn tail (see the class comment).
     *
     * @return the open journal; {@link #recovery()} says what the scan found.
     * @throws JournalCorruptedException when a bad record is followed by good ones, positions are not
     *                                   contiguous, or the metadata file fails its checks.
     * @throws IllegalArgumentException  when a setting is out of bounds or the directory is a file or
     *                                   cannot be created or written.
     * @throws IllegalStateException     when another journal holds the directory.
     */
    public static ChronicleJournal open(final JournalContext context)
    {
        return new ChronicleJournal(context);
    }

    /** @return the highest appended position, 0 when the journal is empty. */
    public long lastPosition()
    {
        return lastPosition;
    }

    /**
     * The roll-cycle file the last excerpt went to, for a {@link JournalPretoucher} on another thread.
     *
     * @return that file, or {@code null} before the first write of this journal instance.
     */
    public File frontierFile()
    {
        return frontierFile;
    }

    /**
     * Where the next excerpt goes, for a {@link JournalPretoucher} on another thread: the byte offset
     * in {@link #frontierFile()} just past the last excerpt written. Read it before the file: a roll
     * between the two reads then pairs an old offset with the new file, which only makes the
     * pretoucher touch pages early, never write anything.
     *
     * @return that offset, 0 before the first write of this journal instance.
     */
    public long frontierOffset()
    {
        return frontierOffset.get();
    }

    /** @return the lowest position held, 0 when the journal is empty. */
    public long firstPosition()
    {
        return positions.firstPosition();
    }

    /**
     * Appends the record of {@code position}: {@code length} bytes of {@code buffer} from {@code offset}.
     * Allocates nothing. Under {@link SyncPolicy#CYCLE} the record is on disk when this returns.
     *
     * @throws IllegalStateException     when {@code position} is not {@link #lastPosition()} + 1, or the
     *                                   journal is closed.
     * @throws IllegalArgumentException  when {@code length} is negative or above the context's
     *                                   {@link JournalContext#maxRecordLength()}.
     * @throws IndexOutOfBoundsException when the range is outside {@code buffer}.
     */
    public void append(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        checkOpen();
        if (position != lastPosition + 1)
        {
            throw new IllegalStateException("cannot append position " + position + " to journal " + directory +
                ": it ends at position " + lastPosition + ", so the next append must be position " + (lastPosition + 1));
        }
        if (length < 0 || length > maxRecordLength)
        {
            throw new IllegalArgumentException("record of " + length + " bytes at position " + position +
                " is outside 0.." + maxRecordLength + " bytes (JournalContext.maxRecordLength) for journal " + directory);
        }
        buffer.boundsCheck(offset, length);

        final int crc = checksum.record(RECORD_MAGIC, length, position, buffer, offset);
        final long index;
        final DocumentContext dc = appender.writingDocument();
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeInt(RECORD_MAGIC).writeInt(length).writeLong(position).writeInt(crc);
            final long payloadStart = bytes.writePosition();
            final byte[] array = buffer.byteArray();
            if (array != null)
            {
                bytes.write(payloadStart, array, buffer.wrapAdjustment() + offset, length);
            }
            else
            {
                sourcePointer.set(buffer.addressOffset() + offset, length);
                bytes.write(payloadStart, sourcePointer, 0, length);
            }
            bytes.writeSkip(length);
            index = dc.index();
            publishFrontier(bytes);
        }
        catch (final RuntimeException | Error ex)
        {
            dc.rollbackOnClose();
            dc.close();
            throw ex;
        }
        dc.close();

        positions.add(position, index);
        lastPosition = position;
        counters.appends++;
        counters.bytesAppended += length;
        unsyncedAppends++;
        if (syncPolicy.isEveryAppend())
        {
            sync();
        }
    }

    /**
     * Copies the record of {@code position} into {@code dst} at {@code dstOffset} (expanding {@code dst}
     * when it is expandable) after checking its position and checksum. Allocates nothing.
     *
     * @return the record's length, or -1 when the journal does not hold {@code position}.
     * @throws JournalCorruptedException when the stored record is not the one expected or fails its
     *                                   checksum (naming the .cq4 file, the index and the position).
     * @throws IllegalArgumentException  when {@code dst} is too small and cannot expand.
     */
    public int read(final long position, final MutableDirectBuffer dst, final int dstOffset)
    {
        checkOpen();
        final long index = positions.indexOf(position);
        if (index < 0)
        {
            return -1;
        }
        if (readTailer.index() != index && !readTailer.moveToIndex(index))
        {
            throw new JournalCorruptedException("Chronicle has no excerpt at the index of this position",
                readTailer.currentFile(), index, position);
        }
        try (DocumentContext dc = readTailer.readingDocument())
        {
            if (!dc.isPresent() || dc.index() != index)
            {
                throw new JournalCorruptedException("Chronicle returned " + (dc.isPresent() ?
                    "the excerpt at index " + dc.index() : "no excerpt") + " for the index of this position",
                    readTailer.currentFile(), index, position);
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            final long size = bytes.readRemaining();
            final int length = size >= HEADER_LENGTH ? bytes.readInt(start + LENGTH_OFFSET) : -1;
            if (size < HEADER_LENGTH || bytes.readInt(start + MAGIC_OFFSET) != RECORD_MAGIC ||
                length != size - HEADER_LENGTH || bytes.readLong(start + POSITION_OFFSET) != position)
            {
                throw new JournalCorruptedException("the excerpt is not the record of this position (" +
                    describeHeader(bytes, start, size) + ")", readTailer.currentFile(), index, position);
            }
            final int capacity = dst.capacity();
            if (dstOffset < 0 || (!dst.isExpandable() && (long)dstOffset + length > capacity))
            {
                throw new IllegalArgumentException("record at position " + position + " has " + length +
                    " bytes but the destination buffer holds " + Math.max(0, capacity - dstOffset) + " from offset " +
                    dstOffset);
            }
            if (length > 0)
            {
                mappedView.wrap(bytes.addressForRead(start + HEADER_LENGTH, length), length);
                dst.putBytes(dstOffset, mappedView, 0, length);
            }
            final int storedCrc = bytes.readInt(start + CHECKSUM_OFFSET);
            if (checksum.record(RECORD_MAGIC, length, position, dst, dstOffset) != storedCrc)
            {
                throw new JournalCorruptedException("record checksum mismatch on read", readTailer.currentFile(),
                    index, position);
            }
            counters.reads++;
            return length;
        }
    }

    /** @return the metadata value stored under {@code key}, or {@code defaultValue} when never stored. */
    public long readMetadata(final int key, final long defaultValue)
    {
        checkOpen();
        return metadata.read(key, defaultValue);
    }

    /**
     * Stores {@code value} under {@code key}, forced to disk before returning under every sync policy
     * (metadata writes are rare: incarnation bumps, view changes). Allocates.
     *
     * @throws UncheckedIOException when the metadata file cannot be written; the old value stays.
     */
    public void writeMetadata(final int key, final long value)
    {
        checkOpen();
        metadata.write(key, value);
        counters.metadataWrites++;
    }

    /**
     * Runs the periodic sync policy: under {@link SyncPolicy#period(long)}, syncs when something was
     * appended since the last sync and at least the period has passed since it (the first call starts
     * the clock). Called once per duty cycle by the node's agent; cheap when there is nothing to do.
     *
     * @param nowNs the agent's clock, in nanoseconds (any origin, e.g. {@link System#nanoTime()}).
     * @return 1 when it synced, else 0.
     */
    public int doWork(final long nowNs)
    {
        if (syncPeriodNs == 0 || closed)
        {
            return 0;
        }
        if (!syncClockStarted)
        {
            syncClockStarted = true;
            lastSyncNs = nowNs;
            return 0;
        }
        if (unsyncedAppends > 0 && nowNs - lastSyncNs >= syncPeriodNs)
        {
            sync();
            lastSyncNs = nowNs;
            return 1;
        }
        return 0;
    }

    /** @return what {@link #open} found. */
    public RecoveryReport recovery()
    {
        return recovery;
    }

    /** @return this journal's counters (a live view, updated in place). */
    public JournalCounters counters()
    {
        return counters;
    }

    /** @return the journal directory. */
    public File directory()
    {
        return directory;
    }

    /** @return the sync policy in effect. */
    public SyncPolicy syncPolicy()
    {
        return syncPolicy;
    }

    /** Syncs what is not yet synced (unless the policy is {@link SyncPolicy#NONE}), then releases everything. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (!syncPolicy.isNone() && unsyncedAppends > 0)
            {
                sync();
            }
        }
        finally
        {
            closeQuietly(queue, lock, lockChannel);
        }
    }

    /** Tests: the Chronicle index holding {@code position}, or -1. */
    long chronicleIndexOf(final long position)
    {
        return positions.indexOf(position);
    }

    /** Tests: the highest Chronicle index Chronicle reports as msynced, or -1. */
    long lastIndexMSynced()
    {
        return queue.lastIndexMSynced();
    }

    /** Tests: how many runs the position map holds. */
    int positionRuns()
    {
        return positions.runs();
    }

    /** Tests: the .cq4 file holding {@code position}. */
    File fileOf(final long position)
    {
        locate(position);
        return readTailer.currentFile();
    }

    /** Tests: the offset in its .cq4 file of the record header (after Chronicle's 4-byte excerpt header). */
    long recordFileOffset(final long position)
    {
        return locate(position);
    }

    private long locate(final long position)
    {
        final long index = positions.indexOf(position);
        if (index < 0 || !readTailer.moveToIndex(index))
        {
            throw new IllegalArgumentException("position " + position + " not held");
        }
        try (DocumentContext dc = readTailer.readingDocument())
        {
            return dc.wire().bytes().readPosition();
        }
    }

    private void sync()
    {
        appender.sync();
        counters.syncs++;
        unsyncedAppends = 0;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
    }

    /** One excerpt as the scan classifies it. */
    private static final class Scanned
    {
        static final int RECORD = 1;
        static final int MARKER = 2;
        static final int BAD = 3;

        int kind;
        long position;
        long resumePosition;
        long firstVoidIndex;
        String problem;
    }

    private RecoveryReport recover()
    {
        final long startNs = System.nanoTime();
        final Scanned scanned = new Scanned();
        long records = 0;
        boolean anchored = false;
        long expected = 1;
        int markers = 0;
        long lastRecordIndex = NONE;
        File lastRecordFile = null;
        long badIndex = NONE;
        int badCount = 0;
        String badProblem = null;
        File badFile = null;
        long lastIndexSeen = NONE;
        boolean incompleteTail;
        File tailFile;

        try (ExcerptTailer scan = queue.createTailer())
        {
            scan.toStart();
            while (true)
            {
                final DocumentContext dc;
                try
                {
                    dc = scan.readingDocument();
                }
                catch (final RuntimeException | AssertionError ex)
                {
                    throw new JournalCorruptedException("Chronicle cannot read the excerpt after index " + lastIndexSeen +
                        ": " + ex, scan.currentFile(), lastIndexSeen == NONE ? NONE : lastIndexSeen + 1,
                        anchored ? expected : NONE, ex);
                }
                try (dc)
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final long index = dc.index();
                    lastIndexSeen = index;
                    classify(dc.wire().bytes(), scanned);
                    if (scanned.kind == Scanned.RECORD)
                    {
                        if (badCount > 0)
                        {
                            throw new JournalCorruptedException("an excerpt before the tail fails its checks (" + badProblem +
                                ") and good records follow it", badFile, badIndex, anchored ? expected : NONE);
                        }
                        if (anchored ? scanned.position != expected : scanned.position < 1)
                        {
                            throw new JournalCorruptedException("record holds position " + scanned.position + " where " +
                                (anchored ? "position " + expected : "a position >= 1") +
                                " was expected (positions must be contiguous)", scan.currentFile(), index, scanned.position);
                        }
                        positions.add(scanned.position, index);
                        anchored = true;
                        expected = scanned.position + 1;
                        records++;
                        lastRecordIndex = index;
                        lastRecordFile = scan.currentFile();
                    }
                    else if (scanned.kind == Scanned.MARKER)
                    {
                        if (anchored && scanned.resumePosition != expected)
                        {
                            throw new JournalCorruptedException("truncation marker resumes at position " +
                                scanned.resumePosition + " but the records before it end at position " + (expected - 1),
                                scan.currentFile(), index, scanned.resumePosition);
                        }
                        if (badCount > 0 && (scanned.firstVoidIndex == NONE || badIndex < scanned.firstVoidIndex))
                        {
                            throw new JournalCorruptedException("an excerpt fails its checks (" + badProblem +
                                ") and the truncation marker after it does not cover it", badFile, badIndex,
                                anchored ? expected : NONE);
                        }
                        if (lastRecordIndex != NONE && scanned.firstVoidIndex != NONE &&
                            lastRecordIndex >= scanned.firstVoidIndex)
                        {
                            throw new JournalCorruptedException("truncation marker voids excerpts from index " +
                                scanned.firstVoidIndex + " but a good record is at index " + lastRecordIndex,
                                scan.currentFile(), index, scanned.resumePosition);
                        }
                        badCount = 0;
                        badIndex = NONE;
                        markers++;
                        if (!anchored)
                        {
                            anchored = true;
                            expected = scanned.resumePosition;
                        }
                    }
                    else
                    {
                        if (badCount == 0)
                        {
                            badIndex = index;
                            badProblem = scanned.problem;
                            badFile = scan.currentFile();
                        }
                        badCount++;
                    }
                }
            }
            incompleteTail = inspectWhereTheScanStopped(scan, lastIndexSeen, anchored ? expected : NONE);
            tailFile = scan.currentFile();
        }

        lastPosition = anchored ? expected - 1 : 0;
        final boolean torn = badCount > 0 || incompleteTail;
        if (torn)
        {
            final int truncated = badCount + (incompleteTail ? 1 : 0);
            final String problem = badCount > 0 ?
                badProblem + (incompleteTail ? ", then an incomplete excerpt" : "") :
                "incomplete excerpt left by a crash mid-append";
            final File file = badCount > 0 ? badFile : tailFile;
            final RecoveryReport report = new RecoveryReport(directory, records, positions.firstPosition(), lastPosition,
                true, truncated, badIndex, problem, file, markers, System.nanoTime() - startNs);
            writeMarker(lastPosition + 1, badIndex);
            LOG.warn("Torn journal tail truncated: {}", report);
            return report;
        }
        final RecoveryReport report = new RecoveryReport(directory, records, positions.firstPosition(), lastPosition,
            false, 0, NONE, null, lastRecordFile, markers, System.nanoTime() - startNs);
        LOG.debug("Journal recovered: {}", report);
        return report;
    }

    private void classify(final Bytes<?> bytes, final Scanned out)
    {
        final long start = bytes.readPosition();
        final long size = bytes.readRemaining();
        out.problem = null;
        if (size < 4)
        {
            out.kind = Scanned.BAD;
            out.problem = "excerpt of " + size + " bytes is too short to hold a record";
            return;
        }
        final int magic = bytes.readInt(start + MAGIC_OFFSET);
        if (magic == RECORD_MAGIC && size >= HEADER_LENGTH)
        {
            final int length = bytes.readInt(start + LENGTH_OFFSET);
            final long position = bytes.readLong(start + POSITION_OFFSET);
            if (length != size - HEADER_LENGTH)
            {
                out.kind = Scanned.BAD;
                out.problem = "length field says " + length + " bytes but the excerpt holds " + (size - HEADER_LENGTH);
                return;
            }
            if (length > 0)
            {
                mappedView.wrap(bytes.addressForRead(start + HEADER_LENGTH, length), length);
            }
            else
            {
                mappedView.wrap(0, 0);
            }
            if (checksum.record(RECORD_MAGIC, length, position, mappedView, 0) != bytes.readInt(start + CHECKSUM_OFFSET))
            {
                out.kind = Scanned.BAD;
                out.problem = "checksum mismatch";
                return;
            }
            out.kind = Scanned.RECORD;
            out.position = position;
            return;
        }
        if (magic == MARKER_MAGIC && size == MARKER_LENGTH)
        {
            final long resume = bytes.readLong(start + MARKER_RESUME_OFFSET);
            final long firstVoid = bytes.readLong(start + MARKER_FIRST_VOID_OFFSET);
            if (checksum.marker(MARKER_MAGIC, resume, firstVoid) == bytes.readInt(start + MARKER_CHECKSUM_OFFSET))
            {
                out.kind = Scanned.MARKER;
                out.resumePosition = resume;
                out.firstVoidIndex = firstVoid;
                return;
            }
            out.kind = Scanned.BAD;
            out.problem = "truncation marker checksum mismatch";
            return;
        }
        out.kind = Scanned.BAD;
        out.problem = "header garbage (" + describeHeader(bytes, start, size) + ")";
    }

    /**
     * Checks where the scan stopped, after its last excerpt, and says whether a writer died there in
     * the middle of an excerpt.
     * <p>
     * Chronicle (this version) leaves an excerpt's 4-byte header at 0 until the excerpt is complete,
     * then sets it to the length, and only then moves its store's write position (the offset of the
     * last complete excerpt) to it. A writer killed mid-excerpt therefore leaves, after the last
     * complete excerpt, a zero header followed by what it wrote: here a record or marker, which starts
     * with its magic (older Chronicle paths mark the header "not complete" instead). Chronicle's
     * tailer sees the end of the data there and its appender overwrites that excerpt with the next
     * one, so the record is lost either way; finding it lets the recovery report and truncate it.
     * <p>
     * A stop at or before the store's write position is different: Chronicle holds a complete excerpt
     * there or later that its tailer cannot reach, because an excerpt header was damaged. Appending
     * would put everything new behind that damage, out of reach, so this is corruption.
     *
     * @return true when an incomplete excerpt follows the scan's last excerpt.
     * @throws JournalCorruptedException when Chronicle holds excerpts the scan could not reach.
     */
    private boolean inspectWhereTheScanStopped(final ExcerptTailer scan, final long lastIndexSeen, final long nextPosition)
    {
        if (!(scan instanceof ExcerptContext))
        {
            return false;
        }
        final Wire wire = ((ExcerptContext)scan).wire();
        if (wire == null)
        {
            return false;
        }
        final Bytes<?> bytes = wire.bytes();
        final long stop = bytes.readPosition();
        if (stop < 0 || stop + 8 > bytes.capacity())
        {
            return false;
        }
        final int header = bytes.readVolatileInt(stop);
        if (header == Wires.END_OF_DATA)
        {
            return false; // a rolled cycle's end-of-file marker
        }
        final SingleChronicleQueueStore store = queue.storeForCycle(scan.cycle(), queue.epoch(), false, null);
        if (store != null)
        {
            try
            {
                final long lastComplete = store.writePosition();
                if (lastComplete >= stop)
                {
                    throw new JournalCorruptedException("Chronicle's last complete excerpt starts at file offset " +
                        lastComplete + " but its tailer stops at offset " + stop + " (header 0x" +
                        Integer.toHexString(header) + "): an excerpt header is damaged and the excerpts from there on " +
                        "cannot be read", scan.currentFile(), lastIndexSeen == NONE ? NONE : lastIndexSeen + 1, nextPosition);
                }
            }
            finally
            {
                queue.closeStore(store);
            }
        }
        if (header == 0)
        {
            final int magic = bytes.readVolatileInt(stop + 4);
            return magic == RECORD_MAGIC || magic == MARKER_MAGIC;
        }
        return (header & Wires.NOT_COMPLETE) != 0;
    }

    private void writeMarker(final long resumePosition, final long firstVoidIndex)
    {
        final int crc = checksum.marker(MARKER_MAGIC, resumePosition, firstVoidIndex);
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeInt(MARKER_MAGIC).writeInt(0).writeLong(resumePosition).writeLong(firstVoidIndex).writeInt(crc);
            publishFrontier(bytes);
        }
        if (!syncPolicy.isNone())
        {
            sync();
        }
    }

    /**
     * Positions of Chronicle's mapped bytes are offsets in the roll-cycle file. A volatile write only
     * when the file changes (a roll); the offset is an ordered store, so an append costs no fence.
     */
    private void publishFrontier(final Bytes<?> bytes)
    {
        final File file = appender.currentFile();
        if (file != frontierFile)
        {
            frontierFile = file;
        }
        frontierOffset.lazySet(bytes.writePosition());
    }

    private static String describeHeader(final Bytes<?> bytes, final long start, final long size)
    {
        final StringBuilder sb = new StringBuilder("excerpt of ").append(size).append(" bytes");
        if (size >= 4)
        {
            sb.append(", magic 0x").append(Integer.toHexString(bytes.readInt(start + MAGIC_OFFSET)));
        }
        if (size >= HEADER_LENGTH)
        {
            sb.append(", length ").append(bytes.readInt(start + LENGTH_OFFSET))
                .append(", position ").append(bytes.readLong(start + POSITION_OFFSET));
        }
        return sb.toString();
    }

    private static long blockSizeFor(final int maxRecordLength, final long minBlockSize)
    {
        // Chronicle keeps an excerpt within one mapping: at most the overlap, a quarter of the block.
        final long needed = 4L * (maxRecordLength + HEADER_LENGTH + 64);
        long blockSize = minBlockSize;
        while (blockSize < needed)
        {
            blockSize <<= 1;
        }
        return blockSize;
    }

    private static void prepareDirectory(final File directory)
    {
        if (directory.exists() && !directory.isDirectory())
        {
            throw new IllegalArgumentException("journal directory " + directory + " is a file, not a directory");
        }
        if (!directory.exists() && !directory.mkdirs() && !directory.isDirectory())
        {
            throw new IllegalArgumentException("cannot create journal directory " + directory);
        }
        if (!Files.isWritable(directory.toPath()))
        {
            throw new IllegalArgumentException("journal directory " + directory + " is not writable");
        }
    }

    private static FileLock lockDirectory(final FileChannel channel, final File directory) throws IOException
    {
        final FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            throw new IllegalStateException("journal directory " + directory + " is already open in this process", ex);
        }
        if (lock == null)
        {
            throw new IllegalStateException("journal directory " + directory + " is already open in another process" +
                " (it holds the lock on " + LOCK_FILE_NAME + ")");
        }
        return lock;
    }

    /**
     * A writer killed mid-append leaves Chronicle's write lock held by its dead process id; Chronicle
     * would wait for its full timeout (15 s and more by default) before taking it over. This journal's
     * own lock file proves no other writer is alive, so a lock held by a dead process is released now.
     */
    private static void releaseStaleWriteLock(final SingleChronicleQueue queue, final SingleChronicleQueueBuilder builder)
    {
        try (TableStoreWriteLock writeLock = new TableStoreWriteLock(queue.metaStore(), builder.pauserSupplier(),
            builder.timeoutMS()))
        {
            writeLock.forceUnlockIfProcessIsDead();
        }
    }

    private static void closeQuietly(final SingleChronicleQueue queue, final FileLock lock, final FileChannel channel)
    {
        Closeable.closeQuietly(queue);
        try
        {
            if (lock != null && lock.isValid())
            {
                lock.release();
            }
        }
        catch (final IOException ignore)
        {
            // Closing the channel releases it anyway.
        }
        try
        {
            if (channel != null)
            {
                channel.close();
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot close the journal lock file", ex);
        }
    }
}
