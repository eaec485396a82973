package io.canopus.engine.topology;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterTopologyTest
{
    @Test
    void heightFollowsRackCountAndFanout()
    {
        assertThat(ClusterTopology.uniform(1, 3, 3).height()).isEqualTo(1);
        assertThat(ClusterTopology.uniform(2, 3, 3).height()).isEqualTo(2);
        assertThat(ClusterTopology.uniform(3, 3, 3).height()).isEqualTo(2);
        assertThat(ClusterTopology.uniform(4, 1, 3).height()).isEqualTo(3);
        assertThat(ClusterTopology.uniform(9, 1, 3).height()).isEqualTo(3);
        assertThat(ClusterTopology.uniform(10, 1, 3).height()).isEqualTo(4);
    }

    @Test
    void vnodesOfANineRackTree()
    {
        final ClusterTopology t = ClusterTopology.uniform(9, 2, 3);
        assertThat(t.ancestorOfRack(7, 1)).isEqualTo(7);
        assertThat(t.ancestorOfRack(7, 2)).isEqualTo(2);
        assertThat(t.ancestorOfRack(7, 3)).isZero();
        assertThat(t.firstRack(2, 2)).isEqualTo(6);
        assertThat(t.endRack(2, 2)).isEqualTo(9);
        assertThat(t.emulatorCount(2, 1)).isEqualTo(6);
        assertThat(t.emulator(2, 1, 0)).isEqualTo(6);
        assertThat(t.emulator(2, 1, 5)).isEqualTo(11);
        assertThat(t.vnodeExists(2, 3)).isFalse();
        assertThat(t.emulatorCount(3, 0)).isEqualTo(18);
    }

    @Test
    void rejectsBadShapes()
    {
        assertThatThrownBy(() -> ClusterTopology.uniform(0, 3, 3)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ClusterTopology.uniform(3, 3, 1)).hasMessageContaining("fanout");
        assertThatThrownBy(() -> ClusterTopology.of(new int[][]{{0, 1}, {1}}, 3)).hasMessageContaining("in two racks");
        assertThatThrownBy(() -> ClusterTopology.of(new int[][]{{0}, {}}, 3)).hasMessageContaining("rack 1 has no node");
    }
}
