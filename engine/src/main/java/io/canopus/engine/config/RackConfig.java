package io.canopus.engine.config;

import java.util.List;

/**
 * One rack (a super-leaf of the Leaf-Only Tree) of a cluster config:
 * {@code {"id": 0, "multicast": {...}, "nodes": [{...}, ...]}}. Every field is required.
 *
 * @param id        the rack's index in the tree: rack ids of a cluster are exactly 0..racks-1, in any order,
 *                  and racks {@code fanout} apart by id share a height-2 vnode.
 * @param multicast the rack's multicast group.
 * @param nodes     the rack's nodes, at least 1 and at most
 *                  {@link io.canopus.engine.topology.ClusterTopology#MAX_RACK_SIZE}; copied, unmodifiable.
 */
public record RackConfig(int id, MulticastConfig multicast, List<NodeConfig> nodes)
{
    /**
     * Copies {@code nodes} into an unmodifiable list.
     *
     * @param id        the rack id.
     * @param multicast the rack's multicast group.
     * @param nodes     the rack's nodes (no null element).
     */
    public RackConfig
    {
        nodes = List.copyOf(nodes);
    }

    /**
     * @return the ids of the rack's nodes in the order they are listed.
     */
    public int[] nodeIds()
    {
        final int[] ids = new int[nodes.size()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = nodes.get(i).id();
        }
        return ids;
    }
}
