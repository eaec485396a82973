package io.canopus.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The journal's metadata: a few int keys with long values (incarnation, view, ...), in their own
 * small file next to the queue files, {@value #FILE_NAME}.
 * <p>
 * Layout, little-endian: a 16-byte header (magic, version, slot count, CRC32C of those three ints)
 * then one 16-byte slot per key (key, CRC32C of key and value, value). Every write rewrites the whole
 * file by atomic replace: write {@value #TMP_NAME}, force it, rename it over the old file, force the
 * directory. A crash at any point leaves the old file or the new one, never a mix, so a file failing
 * its checks was damaged after it was written and is reported as a {@link JournalCorruptedException}
 * naming it. A leftover temporary file is from a write that never returned; it is deleted on open.
 * Writes are rare (incarnation bumps, view changes), so they may allocate.
 */
final class MetadataFile
{
    static final String FILE_NAME = "canopus-journal.meta";
    static final String TMP_NAME = FILE_NAME + ".tmp";
    static final int MAX_KEYS = 256;

    private static final int MAGIC = 0x4154_454D; // "META" read as little-endian ASCII
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 16;
    private static final int SLOT_BYTES = 16;

    private final Path directory;
    private final Path file;
    private final Path tmp;
    private int[] keys = new int[8];
    private long[] values = new long[8];
    private int count;

    private MetadataFile(final Path directory)
    {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.tmp = directory.resolve(TMP_NAME);
    }

    /**
     * Loads the metadata of the journal in {@code directory} (none when the file does not exist).
     *
     * @throws JournalCorruptedException naming the file when it fails any check.
     */
    static MetadataFile open(final Path directory)
    {
        final MetadataFile metadata = new MetadataFile(directory);
        try
        {
            Files.deleteIfExists(metadata.tmp);
            final byte[] bytes;
            try
            {
                bytes = Files.readAllBytes(metadata.file);
            }
            catch (final NoSuchFileException ignore)
            {
                return metadata;
            }
            metadata.parse(bytes);
            return metadata;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal metadata file " + metadata.file, ex);
        }
    }

    /** @return the file holding the metadata. */
    File file()
    {
        return file.toFile();
    }

    long read(final int key, final long defaultValue)
    {
        final int i = find(key);
        return i < 0 ? defaultValue : values[i];
    }

    /**
     * Stores {@code value} under {@code key} and forces it to disk before returning.
     *
     * @throws IllegalStateException when {@value #MAX_KEYS} other keys are already stored.
     * @throws UncheckedIOException  when the file cannot be written (the old value stays in effect).
     */
    void write(final int key, final long value)
    {
        final int i = find(key);
        final int[] oldKeys = keys.clone();
        final long[] oldValues = values.clone();
        final int oldCount = count;
        if (i >= 0)
        {
            values[i] = value;
        }
        else
        {
            if (count == MAX_KEYS)
            {
                throw new IllegalStateException("journal metadata holds at most " + MAX_KEYS + " keys; cannot add key " +
                    key + " to " + file);
            }
            if (count == keys.length)
            {
                keys = Arrays.copyOf(keys, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            keys[count] = key;
            values[count] = value;
            count++;
        }
        try
        {
            store();
        }
        catch (final IOException | RuntimeException ex)
        {
            keys = oldKeys;
            values = oldValues;
            count = oldCount;
            if (ex instanceof IOException)
            {
                throw new UncheckedIOException("cannot write journal metadata file " + file, (IOException)ex);
            }
            throw (RuntimeException)ex;
        }
    }

    private int find(final int key)
    {
        for (int i = 0; i < count; i++)
        {
            if (keys[i] == key)
            {
                return i;
            }
        }
        return -1;
    }

    private void store() throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + count * SLOT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(VERSION).putInt(count).putInt(headerCrc(MAGIC, VERSION, count));
        for (int i = 0; i < count; i++)
        {
            buffer.putInt(keys[i]).putInt(slotCrc(keys[i], values[i])).putLong(values[i]);
        }
        buffer.flip();
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try
        {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            throw new IOException("the file system of " + directory + " cannot rename atomically", ex);
        }
        // The rename is durable only once the directory entry is.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
    }

    private void parse(final byte[] bytes)
    {
        if (bytes.length < HEADER_BYTES)
        {
            throw corrupted("it is " + bytes.length + " bytes long, shorter than its " + HEADER_BYTES + "-byte header");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = buffer.getInt();
        final int version = buffer.getInt();
        final int slots = buffer.getInt();
        final int crc = buffer.getInt();
        if (magic != MAGIC)
        {
            throw corrupted("bad magic 0x" + Integer.toHexString(magic) + " (expected 0x" + Integer.toHexString(MAGIC) + ")");
        }
        if (crc != headerCrc(magic, version, slots))
        {
            throw corrupted("header checksum mismatch");
        }
        if (version != VERSION)
        {
            throw corrupted("unknown version " + version + " (this build reads version " + VERSION + ")");
        }
        if (slots < 0 || slots > MAX_KEYS)
        {
            throw corrupted("slot count " + slots + " is outside 0.." + MAX_KEYS);
        }
        final long expectedLength = HEADER_BYTES + (long)slots * SLOT_BYTES;
        if (bytes.length != expectedLength)
        {
            throw corrupted("it is " + bytes.length + " bytes long but its header announces " + slots + " slots (" +
                expectedLength + " bytes)");
        }
        keys = new int[Math.max(8, slots)];
        values = new long[Math.max(8, slots)];
        for (int i = 0; i < slots; i++)
        {
            final int key = buffer.getInt();
            final int slotCrc = buffer.getInt();
            final long value = buffer.getLong();
            if (slotCrc != slotCrc(key, value))
            {
                throw corrupted("slot " + i + " (key " + key + ") checksum mismatch");
            }
            if (find(key) >= 0)
            {
                throw corrupted("key " + key + " is stored twice");
            }
            keys[count] = key;
            values[count] = value;
            count++;
        }
    }

    private JournalCorruptedException corrupted(final String problem)
    {
        return new JournalCorruptedException("metadata file unreadable: " + problem, file.toFile(),
            JournalCorruptedException.UNKNOWN, JournalCorruptedException.UNKNOWN);
    }

    private static int headerCrc(final int magic, final int version, final int slots)
    {
        final ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(magic).putInt(version).putInt(slots);
        final CRC32C crc = new CRC32C();
        crc.update(b.array());
        return (int)crc.getValue();
    }

    private static int slotCrc(final int key, final long value)
    {
        final ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(key).putLong(value);
        final CRC32C crc = new CRC32C();
        crc.update(b.array());
        return (int)crc.getValue();
    }
}
