package io.canopus.sim.cli;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.JournalConfig;
import io.canopus.journal.ChronicleJournal;
import io.canopus.journal.JournalContext;
import io.canopus.journal.SyncPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code canopus node} refuses to start on a journal damaged before its tail, naming the file, exit 1. */
final class NodeCommandTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aJournalCorruptedInTheMiddleStopsTheNodeWithTheFileNamed() throws IOException
    {
        final ClusterConfig config = ClusterConfig.localCluster(1, 3, 21_000)
            .withJournal(new JournalConfig(dir.resolve("journal").toString(), SyncPolicy.NONE));
        final Path configFile = dir.resolve("cluster.json");
        config.write(configFile);

        final byte[] marker = new byte[64];
        java.util.Arrays.fill(marker, (byte)0x5A);
        try (ChronicleJournal journal = ChronicleJournal.open(new JournalContext().directory(config.journalDirectory(0).toFile())))
        {
            for (int position = 1; position <= 3; position++)
            {
                marker[0] = (byte)position;
                journal.append(position, new UnsafeBuffer(marker), 0, marker.length);
            }
        }
        corruptRecord(config.journalDirectory(0), (byte)2);

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = CanopusCli.execute(new PrintWriter(out), new PrintWriter(err),
            "node", "--config", configFile.toString(), "--id", "0");

        assertThat(status).as("stdout: %s%nstderr: %s", out, err).isEqualTo(CanopusCli.EXIT_VIOLATION);
        assertThat(err.toString()).contains("node 0 cannot start").contains(".cq4");
    }

    /** Flips a byte in the payload of the record whose payload starts with {@code first} then 0x5A bytes. */
    private static void corruptRecord(final Path journalDir, final byte first) throws IOException
    {
        final List<Path> queueFiles;
        try (Stream<Path> files = Files.list(journalDir))
        {
            queueFiles = files.filter(f -> f.toString().endsWith(".cq4")).toList();
        }
        assertThat(queueFiles).hasSize(1);
        final byte[] bytes = Files.readAllBytes(queueFiles.get(0));
        for (int i = 0; i + 64 <= bytes.length; i++)
        {
            if (bytes[i] == first && bytes[i + 1] == 0x5A && bytes[i + 63] == 0x5A)
            {
                bytes[i + 10] ^= 0x01;
                Files.write(queueFiles.get(0), bytes);
                return;
            }
        }
        throw new AssertionError("record " + first + " not found in " + queueFiles.get(0));
    }
}
