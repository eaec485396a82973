package io.canopus.engine.config;

import io.canopus.journal.SyncPolicy;
import java.nio.file.Path;

/**
 * The {@code journal} object of a cluster config: {@code {"directory": "journal", "sync": "none"}}.
 * Both fields are optional.
 *
 * @param directory the parent of every node's journal directory ({@code <directory>/node-<id>}); a relative
 *                  path is relative to the working directory of the process that runs the node. Default
 *                  {@value #DEFAULT_DIRECTORY}.
 * @param sync      when the journal is forced to the device; default {@code none}.
 */
public record JournalConfig(String directory, SyncPolicy sync)
{
    /** Default of {@code journal.directory}. */
    public static final String DEFAULT_DIRECTORY = "journal";

    /**
     * @return {@code {"directory": "journal", "sync": "none"}}.
     */
    public static JournalConfig defaults()
    {
        return new JournalConfig(DEFAULT_DIRECTORY, SyncPolicy.NONE);
    }

    /**
     * @param nodeId a node id.
     * @return {@code <directory>/node-<nodeId>}, the directory of that node's journal.
     */
    public Path nodeDirectory(final int nodeId)
    {
        return Path.of(directory).resolve("node-" + nodeId);
    }
}
