package io.canopus.engine.config;

import java.util.List;

/**
 * A cluster config that cannot be used: malformed JSON, a field of the wrong type or unknown, a
 * required field missing, or a value that fails validation. Every problem names the source (file
 * name), the JSON path of the field ({@code racks[1].nodes[0].port}), where known the line and
 * column in the source, what is wrong and what is accepted. The message is meant to be shown to
 * an operator as it is, one line per problem:
 * <pre>
 * cluster.json:14:23: racks[1].nodes[0].port: 70000 is out of range; accepted: a port 1..65535
 * </pre>
 * Parse and binding errors stop at the first problem; validation reports all it finds.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The path shown for a problem of the whole document (an empty {@link Problem#path()}). */
    public static final String ROOT = "(top level)";

    /**
     * One thing wrong with a config.
     *
     * @param path   the JSON path of the field, e.g. {@code racks[1].nodes[0].port}; empty for the whole document.
     * @param line   1-based line in the source, or -1 when unknown (a config built in memory).
     * @param column 1-based column in the source, or -1 when unknown.
     * @param reason what is wrong and what is accepted.
     */
    public record Problem(String path, int line, int column, String reason)
    {
        /**
         * @param source the source name to start the line with.
         * @return {@code source:line:column: path: reason}, leaving out what is unknown.
         */
        public String describe(final String source)
        {
            final StringBuilder sb = new StringBuilder(source);
            if (line > 0)
            {
                sb.append(':').append(line);
                if (column > 0)
                {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ").append(path.isEmpty() ? ROOT : path).append(": ").append(reason);
            return sb.toString();
        }
    }

    /** The name of the config's source. */
    private final String source;
    /** Every problem found, never empty. */
    private final List<Problem> problems;

    /**
     * @param source   the file name (or other name) of the config.
     * @param problems at least one problem.
     * @param cause    the underlying parser or I/O exception, or null.
     */
    public ConfigException(final String source, final List<Problem> problems, final Throwable cause)
    {
        super(format(source, problems), cause);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /**
     * @param source   the file name (or other name) of the config.
     * @param problems at least one problem.
     */
    public ConfigException(final String source, final List<Problem> problems)
    {
        this(source, problems, null);
    }

    /**
     * @return the name of the config's source, e.g. its file name.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return every problem found, in the order of the document where possible; never empty.
     */
    public List<Problem> problems()
    {
        return problems;
    }

    /**
     * @return the JSON path of the first problem (empty for the whole document).
     */
    public String path()
    {
        return problems.get(0).path();
    }

    /**
     * @return the line of the first problem, or -1.
     */
    public int line()
    {
        return problems.get(0).line();
    }

    /**
     * @return the column of the first problem, or -1.
     */
    public int column()
    {
        return problems.get(0).column();
    }

    /**
     * @return the reason of the first problem.
     */
    public String reason()
    {
        return problems.get(0).reason();
    }

    private static String format(final String source, final List<Problem> problems)
    {
        if (problems.isEmpty())
        {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1)
        {
            return problems.get(0).describe(source);
        }
        final StringBuilder sb = new StringBuilder(source).append(": ").append(problems.size()).append(" problems");
        for (final Problem problem : problems)
        {
            sb.append(System.lineSeparator()).append("  ").append(problem.describe(source));
        }
        return sb.toString();
    }
}
