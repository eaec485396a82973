package io.canopus.sim.cli;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.JournalConfig;
import io.canopus.journal.SyncPolicy;

import java.nio.file.Path;

/** Cluster configs for the launcher tests. */
final class ClusterConfigs
{
    private ClusterConfigs()
    {
    }

    /**
     * One rack of three nodes on loopback ports free now, journals under {@code dir}, the time-outs
     * of {@code demo} (all nodes run on one thread in a test).
     */
    static ClusterConfig loopback(final Path dir)
    {
        return ClusterConfig.localCluster(1, 3, LoopbackPorts.freeRun(ClusterConfig.localClusterPortCount(1, 3)))
            .withProtocol(DemoCommand.oneThreadProtocol())
            .withJournal(new JournalConfig(dir.resolve("journal").toString(), SyncPolicy.NONE));
    }
}
