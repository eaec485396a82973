package io.canopus.engine.config;

import io.canopus.journal.JournalPretoucher;
import io.canopus.journal.SyncPolicy;
import java.nio.file.Path;

/**
 * The {@code journal} object of a cluster config:
 * {@code {"directory": "journal", "sync": "none", "pretouchAheadKiB": 4096}}. Every field is optional.
 *
 * @param directory        the parent of every node's journal directory ({@code <directory>/node-<id>}); a relative
 *                         path is relative to the working directory of the process that runs the node. Default
 *                         {@value #DEFAULT_DIRECTORY}.
 * @param sync             when the journal is forced to the device; default {@code none}.
 * @param pretouchAheadKiB how far ahead of each journal's appender a thread of the process faults in pages, KiB,
 *                         so the duty cycle does not take the page faults of a growing journal file; 0 for no such
 *                         thread (on a host with no core to spare for it: it costs CPU of its own). Default
 *                         {@value #DEFAULT_PRETOUCH_AHEAD_KIB}, at most {@value #MAX_PRETOUCH_AHEAD_KIB}.
 */
public record JournalConfig(String directory, SyncPolicy sync, int pretouchAheadKiB)
{
    /** Default of {@code journal.directory}. */
    public static final String DEFAULT_DIRECTORY = "journal";
    /** Default of {@code journal.pretouchAheadKiB}: 4 MiB, 40 ms of appends at 100 MB/s. */
    public static final int DEFAULT_PRETOUCH_AHEAD_KIB = (int)(JournalPretoucher.Context.DEFAULT_AHEAD_BYTES / 1024);
    /** Largest {@code journal.pretouchAheadKiB}: the pretoucher's mapping window. */
    public static final int MAX_PRETOUCH_AHEAD_KIB = (int)(JournalPretoucher.Context.MAX_AHEAD_BYTES / 1024);

    /** A journal config with the default pretouch distance. */
    public JournalConfig(final String directory, final SyncPolicy sync)
    {
        this(directory, sync, DEFAULT_PRETOUCH_AHEAD_KIB);
    }

    /**
     * @return {@code {"directory": "journal", "sync": "none", "pretouchAheadKiB": 4096}}.
     */
    public static JournalConfig defaults()
    {
        return new JournalConfig(DEFAULT_DIRECTORY, SyncPolicy.NONE, DEFAULT_PRETOUCH_AHEAD_KIB);
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
