package io.canopus.engine.runtime;

import io.canopus.engine.config.ClusterConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings of the embedding entry point that cannot work are refused before anything starts. */
final class CanopusRuntimeContextTest
{
    private final ClusterConfig config = ClusterConfig.localCluster(1, 3, 22_000);

    @Test
    void aThreadPerNodeNeedsADriverWithItsOwnThreads()
    {
        assertThatThrownBy(() -> CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config).threadPerNode(true)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("threadPerNode")
            .hasMessageContaining("embedded-shared");
    }

    @Test
    void aJournalPretouchDistanceOutOfRangeIsRefused()
    {
        assertThatThrownBy(() -> CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config).journalPretouchAheadBytes(-1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aheadBytes");
        assertThatThrownBy(() -> CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config)
            .journalPretouchAheadBytes(1L << 30))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aheadBytes");
    }

    @Test
    void nodesMustBeInTheClusterAndNamedOnce()
    {
        assertThatThrownBy(() -> CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config).nodeIds(3)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node 3 is not in the cluster");
        assertThatThrownBy(() -> CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(config).nodeIds(1, 1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
        assertThatThrownBy(() -> CanopusRuntime.launch(new CanopusRuntime.Context()))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("clusterConfig");
    }
}
