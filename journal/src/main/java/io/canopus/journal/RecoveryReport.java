package io.canopus.journal;

import java.io.File;

/**
 * What {@link ChronicleJournal#open(JournalContext)} found when it scanned the journal.
 * <p>
 * A torn tail (the last excerpts fail their checks, or Chronicle holds an incomplete excerpt left by a
 * crash mid-append) is logically truncated: {@link #tornTailTruncated()} is true,
 * {@link #truncatedRecords()} says how many excerpts were dropped and {@link #file()} names the .cq4
 * file. Reopening afterwards finds the same records and reports the earlier truncation only in
 * {@link #truncationMarkers()}.
 */
public final class RecoveryReport
{
    private final File directory;
    private final long recordsFound;
    private final long firstPosition;
    private final long lastPosition;
    private final boolean tornTailTruncated;
    private final int truncatedRecords;
    private final long truncatedFromIndex;
    private final String truncationReason;
    private final File file;
    private final int truncationMarkers;
    private final long scanNanos;

    RecoveryReport(
        final File directory,
        final long recordsFound,
        final long firstPosition,
        final long lastPosition,
        final boolean tornTailTruncated,
        final int truncatedRecords,
        final long truncatedFromIndex,
        final String truncationReason,
        final File file,
        final int truncationMarkers,
        final long scanNanos)
    {
        this.directory = directory;
        this.recordsFound = recordsFound;
        this.firstPosition = firstPosition;
        this.lastPosition = lastPosition;
        this.tornTailTruncated = tornTailTruncated;
        this.truncatedRecords = truncatedRecords;
        this.truncatedFromIndex = truncatedFromIndex;
        this.truncationReason = truncationReason;
        this.file = file;
        this.truncationMarkers = truncationMarkers;
        this.scanNanos = scanNanos;
    }

    /** @return the journal directory. */
    public File directory()
    {
        return directory;
    }

    /** @return how many good records the scan found (after any truncation). */
    public long recordsFound()
    {
        return recordsFound;
    }

    /** @return the position of the first record held, 0 when empty. */
    public long firstPosition()
    {
        return firstPosition;
    }

    /** @return the position of the last record held, 0 when empty. */
    public long lastPosition()
    {
        return lastPosition;
    }

    /** @return true when this open found a torn tail and truncated it. */
    public boolean tornTailTruncated()
    {
        return tornTailTruncated;
    }

    /** @return how many excerpts this open truncated (0 unless {@link #tornTailTruncated()}). */
    public int truncatedRecords()
    {
        return truncatedRecords;
    }

    /**
     * @return the Chronicle index of the first excerpt truncated by this open, or
     * {@link JournalCorruptedException#UNKNOWN} when nothing was or when only an incomplete excerpt
     * (which has no index yet) was.
     */
    public long truncatedFromIndex()
    {
        return truncatedFromIndex;
    }

    /** @return why the tail was truncated (e.g. "checksum mismatch"), or null. */
    public String truncationReason()
    {
        return truncationReason;
    }

    /**
     * @return the .cq4 file of the truncated tail when {@link #tornTailTruncated()}, else the file holding
     * the last record, or null when the journal is empty.
     */
    public File file()
    {
        return file;
    }

    /** @return how many truncation markers, written by earlier opens, the scan honoured. */
    public int truncationMarkers()
    {
        return truncationMarkers;
    }

    /** @return how long the scan took, in nanoseconds. */
    public long scanNanos()
    {
        return scanNanos;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("journal ").append(directory).append(": ");
        if (recordsFound == 0)
        {
            sb.append("no records");
        }
        else
        {
            sb.append(recordsFound).append(recordsFound == 1 ? " record" : " records")
                .append(", positions ").append(firstPosition).append("..").append(lastPosition);
        }
        if (tornTailTruncated)
        {
            sb.append("; torn tail truncated: ").append(truncatedRecords)
                .append(truncatedRecords == 1 ? " excerpt" : " excerpts");
            if (truncatedFromIndex != JournalCorruptedException.UNKNOWN)
            {
                sb.append(" from Chronicle index ").append(truncatedFromIndex)
                    .append(" (0x").append(Long.toHexString(truncatedFromIndex)).append(')');
            }
            sb.append(" (").append(truncationReason).append(") in ").append(file)
                .append("; the next append is position ").append(lastPosition + 1);
        }
        else
        {
            sb.append("; no torn tail");
        }
        if (truncationMarkers > 0)
        {
            sb.append("; ").append(truncationMarkers).append(" earlier truncation")
                .append(truncationMarkers == 1 ? " marker" : " markers").append(" honoured");
        }
        sb.append("; scanned in ").append(scanNanos / 1_000_000).append(" ms");
        return sb.toString();
    }
}
