package io.canopus.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * CRC32C of a journal record (its header fields, then its payload) over any Agrona buffer, without
 * allocating in steady state.
 * <p>
 * {@link CRC32C} is allocation-free (and intrinsified) for a {@code byte[]} and for a direct
 * {@link ByteBuffer} between its position and limit. So: an array-backed buffer is summed in place; a
 * buffer over a direct {@code ByteBuffer} through a duplicate of it, made once and reused while the
 * caller keeps passing the same {@code ByteBuffer} (the caller's own position and limit are never
 * touched); a buffer over raw memory (no array, no {@code ByteBuffer}) is copied through a small
 * direct scratch buffer. The header fields are serialised little-endian into a scratch array first, so
 * the checksum does not depend on how the excerpt stores them. Not thread-safe.
 */
final class Crc32cChecksum
{
    private static final int SCRATCH_BYTES = 16 * 1024;

    private final CRC32C crc = new CRC32C();
    private final byte[] header = new byte[32];
    private final UnsafeBuffer headerView = new UnsafeBuffer(header);
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
    private final UnsafeBuffer scratchView = new UnsafeBuffer(scratch);

    // Two cached duplicates: the append source and the read destination are usually different buffers.
    private ByteBuffer source0;
    private ByteBuffer duplicate0;
    private ByteBuffer source1;
    private ByteBuffer duplicate1;
    private boolean replaceFirst;

    /** @return the checksum of a record: its magic, length and position, then its payload. */
    int record(final int magic, final int length, final long position, final DirectBuffer payload, final int offset)
    {
        crc.reset();
        headerView.putInt(0, magic, ByteOrder.LITTLE_ENDIAN);
        headerView.putInt(4, length, ByteOrder.LITTLE_ENDIAN);
        headerView.putLong(8, position, ByteOrder.LITTLE_ENDIAN);
        crc.update(header, 0, 16);
        update(payload, offset, length);
        return (int)crc.getValue();
    }

    /** @return the checksum of a truncation marker's fields. */
    int marker(final int magic, final long resumePosition, final long firstVoidIndex)
    {
        crc.reset();
        headerView.putInt(0, magic, ByteOrder.LITTLE_ENDIAN);
        headerView.putInt(4, 0, ByteOrder.LITTLE_ENDIAN);
        headerView.putLong(8, resumePosition, ByteOrder.LITTLE_ENDIAN);
        headerView.putLong(16, firstVoidIndex, ByteOrder.LITTLE_ENDIAN);
        crc.update(header, 0, 24);
        return (int)crc.getValue();
    }

    private void update(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == 0)
        {
            return;
        }
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
            return;
        }
        final ByteBuffer byteBuffer = buffer.byteBuffer();
        if (byteBuffer != null && byteBuffer.isDirect())
        {
            final ByteBuffer view = duplicateOf(byteBuffer);
            final int start = buffer.wrapAdjustment() + offset;
            view.limit(start + length).position(start);
            crc.update(view);
            return;
        }
        // Raw memory: copy through the scratch buffer.
        int done = 0;
        while (done < length)
        {
            final int chunk = Math.min(SCRATCH_BYTES, length - done);
            scratchView.putBytes(0, buffer, offset + done, chunk);
            scratch.limit(chunk).position(0);
            crc.update(scratch);
            done += chunk;
        }
    }

    private ByteBuffer duplicateOf(final ByteBuffer byteBuffer)
    {
        if (byteBuffer == source0)
        {
            duplicate0.clear();
            return duplicate0;
        }
        if (byteBuffer == source1)
        {
            duplicate1.clear();
            return duplicate1;
        }
        // A buffer not seen recently: one allocation, then reused for as long as the caller keeps it.
        final ByteBuffer duplicate = byteBuffer.duplicate();
        if (replaceFirst)
        {
            source0 = byteBuffer;
            duplicate0 = duplicate;
        }
        else
        {
            source1 = byteBuffer;
            duplicate1 = duplicate;
        }
        replaceFirst = !replaceFirst;
        return duplicate;
    }
}
