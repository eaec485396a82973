package io.canopus.journal;

import java.io.File;

/**
 * The journal holds data it cannot trust anywhere but at its tail (a torn tail is truncated on open,
 * not reported with this): a record that fails its checksum and is followed by good ones, positions
 * that are not contiguous, a record whose stored position is not the one looked up, or a metadata file
 * that fails its checks. The message names the file and, for records, the Chronicle index and position.
 */
public final class JournalCorruptedException extends RuntimeException
{
    /** Value of {@link #index()} and {@link #position()} when not known or not relevant. */
    public static final long UNKNOWN = -1;

    private static final long serialVersionUID = 1L;

    private final File file;
    private final long index;
    private final long position;
    private final String problem;

    /**
     * @param problem  what is wrong, for a person.
     * @param file     the .cq4 or metadata file holding the bad data (null when not known).
     * @param index    the Chronicle index of the bad excerpt, or {@link #UNKNOWN}.
     * @param position the journal position concerned, or {@link #UNKNOWN}.
     */
    public JournalCorruptedException(final String problem, final File file, final long index, final long position)
    {
        this(problem, file, index, position, null);
    }

    /** As {@link #JournalCorruptedException(String, File, long, long)}, with the exception that revealed it. */
    public JournalCorruptedException(
        final String problem, final File file, final long index, final long position, final Throwable cause)
    {
        super(message(problem, file, index, position), cause);
        this.file = file;
        this.index = index;
        this.position = position;
        this.problem = problem;
    }

    private static String message(final String problem, final File file, final long index, final long position)
    {
        final StringBuilder sb = new StringBuilder("journal corrupted: ").append(problem);
        sb.append(" [file ").append(file == null ? "unknown" : file.getPath());
        if (index != UNKNOWN)
        {
            sb.append(", Chronicle index ").append(index).append(" (0x").append(Long.toHexString(index)).append(')');
        }
        if (position != UNKNOWN)
        {
            sb.append(", position ").append(position);
        }
        return sb.append(']').toString();
    }

    /** @return the .cq4 or metadata file holding the bad data, or null when not known. */
    public File file()
    {
        return file;
    }

    /** @return the Chronicle index of the bad excerpt, or {@link #UNKNOWN}. */
    public long index()
    {
        return index;
    }

    /** @return the journal position concerned, or {@link #UNKNOWN}. */
    public long position()
    {
        return position;
    }

    /** @return what is wrong, without the file, index and position. */
    public String problem()
    {
        return problem;
    }
}
