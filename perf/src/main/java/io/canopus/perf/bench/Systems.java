package io.canopus.perf.bench;

import io.canopus.engine.config.IdleStrategyType;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systems a benchmark can run, by name: {@code aeron-cluster} (3 members) and
 * {@code canopus-RxN} (R racks of N nodes, each 1..9).
 */
public final class Systems
{
    /** The name of the 3-member Aeron Cluster. */
    public static final String AERON_CLUSTER = "aeron-cluster";
    private static final Pattern CANOPUS = Pattern.compile("canopus-([1-9])x([1-9])");

    private Systems()
    {
    }

    /** @throws IllegalArgumentException when {@code name} is no system. */
    static void requireKnown(final String name)
    {
        if (!AERON_CLUSTER.equals(name) && !CANOPUS.matcher(name).matches())
        {
            throw new IllegalArgumentException("unknown system '" + name + "': use aeron-cluster or canopus-RxN (R, N in 1..9)");
        }
    }

    /** @return true for a Canopus system. */
    static boolean isCanopus(final String name)
    {
        return CANOPUS.matcher(name).matches();
    }

    /**
     * Starts a system.
     *
     * @param workDir where it may write (Aeron Cluster's directories); deleted by its close.
     */
    static BenchSystem launch(final String name, final Path workDir)
    {
        requireKnown(name);
        if (AERON_CLUSTER.equals(name))
        {
            return AeronClusterSystem.launch(workDir);
        }
        final Matcher matcher = CANOPUS.matcher(name);
        matcher.matches();
        return CanopusSystem.launch(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), IdleStrategyType.YIELD);
    }
}
