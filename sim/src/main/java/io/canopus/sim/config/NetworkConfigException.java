package io.canopus.sim.config;

/**
 * A file of our own network format that cannot be run: malformed JSON, a missing, mistyped, out-of-range or unknown
 * field, a link or event naming an unknown node. The message names the source, the JSON path and the reason, as
 * {@code source: $.links[3].latencyUs: reason}.
 */
public final class NetworkConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String jsonPath;

    public NetworkConfigException(final String source, final String jsonPath, final String reason)
    {
        this(source, jsonPath, reason, null);
    }

    public NetworkConfigException(final String source, final String jsonPath, final String reason, final Throwable cause)
    {
        super(source + ": " + jsonPath + ": " + reason, cause);
        this.jsonPath = jsonPath;
    }

    /** Where in the document the mistake is, as {@code $.links[2].between[0]}; {@code $} for the whole document. */
    public String jsonPath()
    {
        return jsonPath;
    }
}
