package io.canopus.perf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarked systems keep their journals, archives and cluster logs: memory-backed
 * storage ({@code /dev/shm}) when the machine has it, else {@code java.io.tmpdir}.
 * <p>
 * Why: both systems run with no fsync (Canopus sync {@code none}, Aeron Cluster file sync 0), so
 * neither claims durability; on a disk-backed mmap the kernel's dirty-page writeback then stalls
 * whichever thread touches a page being written back, and the benchmark measures the disk's
 * writeback rather than the consensus engine. Measured on this machine: Canopus 1x3 p99 of 20-60 ms
 * with its journal under {@code /tmp} on a virtual disk, 0.4-0.8 ms on {@code /dev/shm}, same rates.
 * Both systems get the same storage, stated in the report's settings.
 */
final class ScratchDirs
{
    private static final Path SHM = Path.of("/dev/shm");

    private ScratchDirs()
    {
    }

    /** @return the parent of every scratch directory. */
    static Path root()
    {
        return Files.isDirectory(SHM) && Files.isWritable(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** @return a new, empty directory under {@link #root()}; its owner deletes it on close. */
    static Path create(final String prefix)
    {
        try
        {
            return Files.createTempDirectory(root(), prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a scratch directory under " + root(), ex);
        }
    }

    /** @return one phrase for the settings, e.g. {@code "journals on /dev/shm"}. */
    static String describe(final String what)
    {
        return what + " on " + root() + (root().equals(SHM) ? " (memory-backed)" : "");
    }
}
