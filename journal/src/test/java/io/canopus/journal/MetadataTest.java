package io.canopus.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;

import static io.canopus.journal.JournalTestSupport.appendRange;
import static io.canopus.journal.JournalTestSupport.context;
import static io.canopus.journal.JournalTestSupport.expected;
import static io.canopus.journal.JournalTestSupport.flipByte;
import static io.canopus.journal.JournalTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataTest
{
    @TempDir
    File dir;

    private File metadataFile()
    {
        return new File(dir, MetadataFile.FILE_NAME);
    }

    @Test
    void metadataSurvivesReopenAndIsIndependentOfRecords()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.readMetadata(1, -7)).isEqualTo(-7);
            for (int key = 0; key < 20; key++)
            {
                journal.writeMetadata(key, key * 1_000_000_007L);
            }
            journal.writeMetadata(3, Long.MIN_VALUE);
            journal.writeMetadata(-9, Long.MAX_VALUE);
            appendRange(journal, 1, 3);
            assertThat(journal.counters().metadataWrites()).isEqualTo(22);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            for (int key = 0; key < 20; key++)
            {
                assertThat(journal.readMetadata(key, 0)).isEqualTo(key == 3 ? Long.MIN_VALUE : key * 1_000_000_007L);
            }
            assertThat(journal.readMetadata(-9, 0)).isEqualTo(Long.MAX_VALUE);
            assertThat(journal.readMetadata(20, 5)).isEqualTo(5);
            assertThat(journal.lastPosition()).isEqualTo(3);
            assertThat(read(journal, 3)).isEqualTo(expected(3));
            journal.writeMetadata(3, 4);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.readMetadata(3, 0)).isEqualTo(4);
        }
    }

    @Test
    void aLeftoverTemporaryFileFromACrashedWriteIsIgnored() throws IOException
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            journal.writeMetadata(1, 11);
        }
        final File tmp = new File(dir, MetadataFile.TMP_NAME);
        Files.write(tmp.toPath(), new byte[] {1, 2, 3});
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.readMetadata(1, 0)).isEqualTo(11);
            assertThat(tmp).doesNotExist();
        }
    }

    @Test
    void corruptedSlotIsNamed() throws IOException
    {
        writeTwoKeys();
        flipByte(metadataFile(), 16 + 16 + 9); // inside the second slot's value
        assertCorrupted("slot 1 (key 2) checksum mismatch");
        // The failed open released the directory: the next attempt reports the same.
        assertCorrupted("slot 1 (key 2) checksum mismatch");
    }

    @Test
    void corruptedHeaderIsNamed() throws IOException
    {
        writeTwoKeys();
        flipByte(metadataFile(), 8); // slot count
        assertCorrupted("header checksum mismatch");
    }

    @Test
    void foreignFileIsNamed() throws IOException
    {
        writeTwoKeys();
        flipByte(metadataFile(), 0);
        assertCorrupted("bad magic");
    }

    @Test
    void truncatedFileIsNamed() throws IOException
    {
        writeTwoKeys();
        try (RandomAccessFile raf = new RandomAccessFile(metadataFile(), "rw"))
        {
            raf.setLength(raf.length() - 3);
        }
        assertCorrupted("45 bytes long but its header announces 2 slots");
        try (RandomAccessFile raf = new RandomAccessFile(metadataFile(), "rw"))
        {
            raf.setLength(5);
        }
        assertCorrupted("shorter than its 16-byte header");
    }

    private void writeTwoKeys()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            journal.writeMetadata(1, 100);
            journal.writeMetadata(2, 200);
        }
        assertThat(metadataFile()).hasSize(16 + 2 * 16);
    }

    private void assertCorrupted(final String problem)
    {
        assertThatThrownBy(() -> ChronicleJournal.open(context(dir)))
            .isInstanceOfSatisfying(JournalCorruptedException.class, ex ->
                assertThat(ex.file()).isEqualTo(metadataFile()))
            .hasMessageContaining(metadataFile().getPath())
            .hasMessageContaining(problem);
    }
}
