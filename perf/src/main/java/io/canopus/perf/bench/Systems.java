package io.canopus.perf.bench;

import io.canopus.engine.config.IdleStrategyType;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systems a benchmark can run, by name: {@code aeron-cluster} (3 members, yield idle),
 * {@code aeron-cluster-backoff} (the same with backoff idle) and
 * {@code canopus-RxN} (R racks of N nodes, each 1..9).
 */
public final class Systems
{
    /** The name of the 3-member Aeron Cluster. */
    public static final String AERON_CLUSTER = "aeron-cluster";
    /** The same cluster with backoff idle agents (spin, yield, then park): 12 agents share 2 cores better. */
    public static final String AERON_CLUSTER_BACKOFF = "aeron-cluster-backoff";
    private static final Pattern CANOPUS = Pattern.compile("canopus-([1-9])x([1-9])");

    private Systems()
    {
    }

    /** @throws IllegalArgumentException when {@code name} is no system. */
    static void requireKnown(final String name)
    {
        if (!isAeronCluster(name) && !CANOPUS.matcher(name).matches())
        {
            throw new IllegalArgumentException("unknown system '" + name + "': use aeron-cluster, aeron-cluster-backoff or " +
                "canopus-RxN (R, N in 1..9)");
        }
    }

    /** @return true for an Aeron Cluster system. */
    static boolean isAeronCluster(final String name)
    {
        return AERON_CLUSTER.equals(name) || AERON_CLUSTER_BACKOFF.equals(name);
    }

    /** @return true for a Canopus system. */
    static boolean isCanopus(final String name)
    {
        return CANOPUS.matcher(name).matches();
    }

    /** Starts a system; its files go under {@link ScratchDirs#root()} and its close deletes them. */
    static BenchSystem launch(final String name)
    {
        requireKnown(name);
        if (isAeronCluster(name))
        {
            return AeronClusterSystem.launch(name);
        }
        final Matcher matcher = CANOPUS.matcher(name);
        matcher.matches();
        return CanopusSystem.launch(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), IdleStrategyType.YIELD);
    }
}
