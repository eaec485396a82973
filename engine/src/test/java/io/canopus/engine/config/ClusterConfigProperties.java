package io.canopus.engine.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated loopback clusters are always valid, and survive toJson and parse unchanged.
 */
class ClusterConfigProperties
{
    @Property(tries = 25)
    void localClusterAlwaysValidates(
        @ForAll @IntRange(min = 1, max = 5) final int racks,
        @ForAll @IntRange(min = 1, max = 9) final int nodesPerRack,
        @ForAll @IntRange(min = 1, max = 60000) final int basePort)
    {
        final ClusterConfig config = ClusterConfig.localCluster(racks, nodesPerRack, basePort);

        assertThat(config.nodeCount()).isEqualTo(racks * nodesPerRack);
        assertThat(config.topology().rackCount()).isEqualTo(racks);
        assertThat(config.protocolConfig()).isNotNull();
        final Set<Integer> ports = new HashSet<>();
        for (final RackConfig rack : config.racks())
        {
            assertThat(ports.add(rack.multicast().port())).isTrue();
            for (final NodeConfig node : rack.nodes())
            {
                assertThat(ports.add(node.port())).isTrue();
                assertThat(ports.add(node.clientPort())).isTrue();
            }
        }
        assertThat(ClusterConfig.parse(config.toJson(), "generated.json")).isEqualTo(config);
    }
}
