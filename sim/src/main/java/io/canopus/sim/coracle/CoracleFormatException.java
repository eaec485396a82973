package io.canopus.sim.coracle;

/**
 * A Coracle configuration that cannot be read: malformed JSON, a missing or mistyped field, an unknown node type,
 * a link naming an unknown node, events out of time order. The message names the source, the JSON path and the reason,
 * as {@code source: $.network.links[3].end: reason}.
 */
public final class CoracleFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String jsonPath;

    public CoracleFormatException(final String source, final String jsonPath, final String reason)
    {
        this(source, jsonPath, reason, null);
    }

    public CoracleFormatException(final String source, final String jsonPath, final String reason, final Throwable cause)
    {
        super(source + ": " + jsonPath + ": " + reason, cause);
        this.source = source;
        this.jsonPath = jsonPath;
    }

    /** The name of the file or string the configuration came from. */
    public String source()
    {
        return source;
    }

    /** Where in the document the mistake is, as {@code $.network.nodes[2].type}; {@code $} for the whole document. */
    public String jsonPath()
    {
        return jsonPath;
    }
}
