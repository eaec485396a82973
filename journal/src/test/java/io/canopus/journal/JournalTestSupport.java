package io.canopus.journal;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;

/** Helpers shared by the journal tests: deterministic record contents and on-disk damage. */
final class JournalTestSupport
{
    private JournalTestSupport()
    {
    }

    /** @return the length of the record of {@code position} in the tests' deterministic pattern. */
    static int lengthOf(final long position)
    {
        return (int)((position * 37) % 700) + 1;
    }

    /** Fills {@code buffer} from 0 with the record of {@code position}; returns its length. */
    static int fill(final MutableDirectBuffer buffer, final long position)
    {
        final int length = lengthOf(position);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)(position * 31 + i * 7));
        }
        return length;
    }

    /** @return the expected bytes of the record of {@code position}. */
    static byte[] expected(final long position)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[lengthOf(position)]);
        fill(buffer, position);
        return buffer.byteArray();
    }

    static UnsafeBuffer directBuffer(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
    }

    /** Appends positions {@code from..to} with the deterministic pattern. */
    static void appendRange(final ChronicleJournal journal, final long from, final long to)
    {
        final UnsafeBuffer buffer = directBuffer(1024);
        for (long p = from; p <= to; p++)
        {
            journal.append(p, buffer, 0, fill(buffer, p));
        }
    }

    /** Reads {@code position} and returns its bytes, or null when not held. */
    static byte[] read(final ChronicleJournal journal, final long position)
    {
        final UnsafeBuffer dst = directBuffer(4096);
        final int length = journal.read(position, dst, 0);
        if (length < 0)
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        dst.getBytes(0, bytes);
        return bytes;
    }

    /** XORs the byte at {@code offset} of {@code file} with 0xFF. */
    static void flipByte(final File file, final long offset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }

    static JournalContext context(final File directory)
    {
        return new JournalContext().directory(directory);
    }
}
