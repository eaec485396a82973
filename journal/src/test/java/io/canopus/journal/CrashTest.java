package io.canopus.journal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.canopus.journal.JournalTestSupport.appendRange;
import static io.canopus.journal.JournalTestSupport.context;
import static io.canopus.journal.JournalTestSupport.expected;
import static io.canopus.journal.JournalTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real process crash: a child JVM appends and is killed with SIGKILL (destroyForcibly); the parent
 * then opens the journal and checks that everything the child reported as appended is there, intact.
 * Under {@link SyncPolicy#NONE} this is exactly the promise: the page cache outlives the process.
 */
class CrashTest
{
    private static final long WAIT_MS = 20_000;

    @TempDir
    File tmp;

    private File dir;

    @BeforeEach
    void journalDirectory()
    {
        // The journal gets its own directory; the child's stdout and stderr files sit next to it.
        dir = new File(tmp, "journal");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyPositionAChildPrintedBeforeBeingKilledIsThere() throws Exception
    {
        final Child child = startChild("stream", dir.getPath());
        child.await(lines -> lines.size() >= 3_000, this::childErrors);
        child.kill();
        final List<Long> positions = positionsPrinted(child.lines());
        assertThat(positions).hasSizeGreaterThanOrEqualTo(3_000);

        final long startNs = System.nanoTime();
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            final long openMs = (System.nanoTime() - startNs) / 1_000_000;
            assertThat(openMs).as("open after a crash must not wait out Chronicle's lock timeout").isLessThan(5_000);
            final long lastPrinted = positions.get(positions.size() - 1);
            // The child may have appended one more record than it printed (killed before println),
            // and a record it was writing when killed is lost (reported as an incomplete excerpt).
            assertThat(journal.lastPosition()).as(journal.recovery().toString()).isBetween(lastPrinted, lastPrinted + 1);
            for (long p = 1; p <= journal.lastPosition(); p++)
            {
                assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
            }
            final long next = journal.lastPosition() + 1;
            appendRange(journal, next, next + 9);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat(journal.recovery().tornTailTruncated()).isFalse();
            assertThat(read(journal, journal.lastPosition())).isEqualTo(expected(journal.lastPosition()));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCrashInTheMiddleOfAnExcerptIsATornTail() throws Exception
    {
        final int count = 20;
        final Child child = startChild("torn", dir.getPath(), Integer.toString(count));
        child.await(lines -> lines.contains("TORN"), this::childErrors);
        child.kill();
        assertThat(positionsPrinted(child.lines().subList(0, count))).hasSize(count);

        final long startNs = System.nanoTime();
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            assertThat((System.nanoTime() - startNs) / 1_000_000).as("open time, ms").isLessThan(5_000);
            final RecoveryReport report = journal.recovery();
            assertThat(report.tornTailTruncated()).as(report.toString()).isTrue();
            assertThat(report.truncatedRecords()).isEqualTo(1);
            assertThat(report.truncationReason()).contains("incomplete excerpt");
            assertThat(report.file().getName()).endsWith(".cq4");
            assertThat(journal.lastPosition()).isEqualTo(count);
            for (long p = 1; p <= count; p++)
            {
                assertThat(read(journal, p)).as("position %d", p).isEqualTo(expected(p));
            }
            appendRange(journal, count + 1, count + 2);
        }
        for (int reopen = 0; reopen < 2; reopen++)
        {
            try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
            {
                assertThat(journal.recovery().tornTailTruncated()).isFalse();
                assertThat(journal.recovery().truncationMarkers()).isEqualTo(1);
                assertThat(journal.lastPosition()).isEqualTo(count + 2);
                assertThat(read(journal, count + 2)).isEqualTo(expected(count + 2));
            }
        }
    }

    /**
     * A running child JVM. Its stdout goes to a file rather than a pipe: whatever the child wrote
     * before SIGKILL is then in the file, with no reader thread racing the JDK's handling of a dead
     * process's pipe.
     */
    private record Child(Process process, File stdout)
    {
        List<String> lines() throws IOException
        {
            return Files.readAllLines(stdout.toPath(), StandardCharsets.UTF_8);
        }

        /** Kills the child with SIGKILL and waits until it is gone. */
        void kill() throws InterruptedException
        {
            process.destroyForcibly();
            assertThat(process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)).as("child gone").isTrue();
        }

        /** Waits until the child printed a line matching {@code done}. */
        void await(final Predicate<List<String>> done, final Supplier<String> errors) throws Exception
        {
            final long deadline = System.currentTimeMillis() + WAIT_MS;
            while (!done.test(lines()))
            {
                assertThat(process.isAlive()).as(() -> "child died early: " + errors.get()).isTrue();
                assertThat(System.currentTimeMillis()).as(() -> "child too slow: " + errors.get()).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    private Child startChild(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(projectJvmFlags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalCrashChild.class.getName());
        command.addAll(Arrays.asList(args));
        final File stdout = new File(tmp, "child.out");
        final Process child = new ProcessBuilder(command)
            .redirectOutput(stdout)
            .redirectError(new File(tmp, "child.err"))
            .start();
        return new Child(child, stdout);
    }

    private String childErrors()
    {
        try
        {
            return Files.readString(new File(tmp, "child.err").toPath());
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    private static List<Long> positionsPrinted(final List<String> printed)
    {
        final List<Long> positions = new ArrayList<>();
        for (final String line : printed)
        {
            positions.add(Long.parseLong(line.trim()));
        }
        for (int i = 0; i < positions.size(); i++)
        {
            assertThat(positions.get(i)).isEqualTo(i + 1L);
        }
        return positions;
    }

    /** The project's JVM flags, from the jvm.properties found walking up from the working directory. */
    private static List<String> projectJvmFlags() throws IOException
    {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("jvm.properties")))
        {
            dir = dir.getParent();
        }
        assertThat(dir).as("jvm.properties above " + System.getProperty("user.dir")).isNotNull();
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("jvm.properties")))
        {
            properties.load(reader);
        }
        final String flags = properties.getProperty("canopus.jvm.flags");
        assertThat(flags).as("canopus.jvm.flags in " + dir.resolve("jvm.properties")).isNotBlank();
        return Arrays.asList(flags.trim().split("\\s+"));
    }
}
