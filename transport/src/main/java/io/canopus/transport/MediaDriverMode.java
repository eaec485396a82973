package io.canopus.transport;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a process gets its Aeron media driver. The choice trades CPU for latency: on a small host the
 * driver should not own threads that spin, on a big host dedicated threads give the lowest latency.
 */
public enum MediaDriverMode
{
    /**
     * Default. An embedded driver with no threads of its own: its conductor, sender and receiver run
     * inside {@link AeronHost#doWork()}, called from the node's duty cycle, and so does the Aeron
     * client conductor. Nothing spins on another thread, which suits small hosts and in-process
     * clusters; the cost is that the duty cycle must call {@code doWork()} regularly (at least every
     * few milliseconds, and well within the driver timeout) and from one thread only.
     */
    EMBEDDED_INVOKER("embedded-invoker"),

    /** An embedded driver whose conductor, sender and receiver share one thread of their own. */
    EMBEDDED_SHARED("embedded-shared"),

    /** An embedded driver with a dedicated thread each for conductor, sender and receiver. */
    EMBEDDED_DEDICATED("embedded-dedicated"),

    /**
     * No embedded driver: connect to a driver already running (another process, or launched by
     * whoever embeds the engine) that uses the configured Aeron directory.
     */
    EXTERNAL("external");

    private final String configName;

    MediaDriverMode(final String configName)
    {
        this.configName = configName;
    }

    /** @return how the mode is spelled in a cluster config file, e.g. {@code "embedded-invoker"}. */
    public String configName()
    {
        return configName;
    }

    /** @return true when the process runs the driver itself. */
    public boolean isEmbedded()
    {
        return this != EXTERNAL;
    }

    /** @return the accepted config spellings, quoted and comma separated, for error messages. */
    public static String accepted()
    {
        return Arrays.stream(values()).map(v -> '"' + v.configName + '"').collect(Collectors.joining(", "));
    }

    /**
     * @param name a config spelling.
     * @return the mode it names.
     * @throws IllegalArgumentException naming the accepted spellings.
     */
    public static MediaDriverMode fromConfigName(final String name)
    {
        for (final MediaDriverMode value : values())
        {
            if (value.configName.equals(name))
            {
                return value;
            }
        }
        throw new IllegalArgumentException('"' + name + "\" is not a driver mode; accepted: " + accepted());
    }
}
