package io.canopus.engine.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a node's Aeron media driver runs. Written in a config file by its {@link #configName()}.
 */
public enum DriverMode
{
    /** {@code "embedded-invoker"}: an embedded driver driven from the node's own duty cycle (the default). */
    EMBEDDED_INVOKER("embedded-invoker"),
    /** {@code "embedded-shared"}: an embedded driver with one thread of its own for all its agents. */
    EMBEDDED_SHARED("embedded-shared"),
    /** {@code "embedded-dedicated"}: an embedded driver with a thread per agent (conductor, sender, receiver). */
    EMBEDDED_DEDICATED("embedded-dedicated"),
    /** {@code "external"}: a media driver already running on the host; requires {@code runtime.aeronDir}. */
    EXTERNAL("external");

    private final String configName;

    DriverMode(final String configName)
    {
        this.configName = configName;
    }

    /**
     * @return the spelling in a config file, e.g. {@code embedded-invoker}.
     */
    public String configName()
    {
        return configName;
    }

    /**
     * @return true for the three embedded modes, where the node starts its own driver.
     */
    public boolean isEmbedded()
    {
        return this != EXTERNAL;
    }

    /**
     * @return every accepted spelling, quoted and comma separated, for error messages.
     */
    public static String accepted()
    {
        return Arrays.stream(values()).map(v -> '"' + v.configName + '"').collect(Collectors.joining(", "));
    }

    /**
     * @param name a config-file spelling (case-sensitive).
     * @return the matching mode.
     * @throws IllegalArgumentException listing the accepted spellings.
     */
    public static DriverMode fromConfigName(final String name)
    {
        for (final DriverMode value : values())
        {
            if (value.configName.equals(name))
            {
                return value;
            }
        }
        throw new IllegalArgumentException('"' + name + "\" is not a driver mode; accepted: " + accepted());
    }
}
