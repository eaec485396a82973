package io.canopus.sim.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** A fresh directory per run, {@code <parent>/<yyyyMMdd-HHmmss>}, for its {@code .hlog} files. */
final class RunDirectory
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunDirectory()
    {
    }

    /**
     * @return {@code <parent>/<yyyyMMdd-HHmmss>}, created with its parents; {@code -2}, {@code -3}...
     * are appended when a run of the same second has it already.
     * @throws IOException when it cannot be created.
     */
    static Path create(final Path parent) throws IOException
    {
        Files.createDirectories(parent);
        final String stamp = STAMP.format(LocalDateTime.now());
        for (int n = 1; ; n++)
        {
            final Path dir = parent.resolve(n == 1 ? stamp : stamp + '-' + n);
            try
            {
                return Files.createDirectory(dir);
            }
            catch (final FileAlreadyExistsException ex)
            {
                // a run of the same second: try the next suffix
            }
        }
    }
}
