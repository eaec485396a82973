package io.canopus.engine.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a node's duty-cycle agent waits when a duty cycle did no work (the runtime maps each onto an
 * Agrona {@code IdleStrategy}). Written in a config file by its {@link #configName()}.
 */
public enum IdleStrategyType
{
    /** {@code "busy-spin"}: spin on the core; lowest latency, burns a core per agent thread. */
    BUSY_SPIN("busy-spin"),
    /** {@code "yield"}: {@code Thread.yield()} between idle cycles. */
    YIELD("yield"),
    /** {@code "backoff"}: spin, then yield, then park with growing periods (the default). */
    BACKOFF("backoff"),
    /** {@code "sleeping"}: park for a fixed short period; cheapest on a shared machine. */
    SLEEPING("sleeping");

    private final String configName;

    IdleStrategyType(final String configName)
    {
        this.configName = configName;
    }

    /**
     * @return the spelling in a config file, e.g. {@code busy-spin}.
     */
    public String configName()
    {
        return configName;
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
     * @return the matching strategy.
     * @throws IllegalArgumentException listing the accepted spellings.
     */
    public static IdleStrategyType fromConfigName(final String name)
    {
        for (final IdleStrategyType value : values())
        {
            if (value.configName.equals(name))
            {
                return value;
            }
        }
        throw new IllegalArgumentException('"' + name + "\" is not an idle strategy; accepted: " + accepted());
    }
}
