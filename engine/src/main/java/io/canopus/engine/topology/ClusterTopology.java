package io.canopus.engine.topology;

import java.util.Arrays;

/**
 * The static shape of a cluster: racks (super-leaves) of nodes, and the Leaf-Only Tree built over
 * them. Racks are height-1 vnodes; every {@code fanout} consecutive vnodes of height {@code i} form
 * one vnode of height {@code i + 1}, up to a single root. Every node emulates all its ancestors.
 * <p>
 * Node ids are dense: 0 .. nodeCount-1, rack by rack. Immutable and safe to share.
 */
public final class ClusterTopology
{
    /** Upper bound of nodes, so per-node tables can be plain arrays sized once. */
    public static final int MAX_NODES = 1024;
    /** Upper bound of nodes in one rack (a membership bitmask and report groups stay small). */
    public static final int MAX_RACK_SIZE = 64;

    private final int[][] racks;
    private final int[] rackOfNode;
    private final int fanout;
    private final int height;
    private final int nodeCount;

    private ClusterTopology(final int[][] racks, final int fanout)
    {
        if (racks.length < 1)
        {
            throw new IllegalArgumentException("a cluster needs at least one rack");
        }
        if (fanout < 2)
        {
            throw new IllegalArgumentException("fanout must be at least 2, was " + fanout);
        }
        int count = 0;
        for (int r = 0; r < racks.length; r++)
        {
            if (racks[r].length < 1)
            {
                throw new IllegalArgumentException("rack " + r + " has no node; a rack needs at least 1");
            }
            if (racks[r].length > MAX_RACK_SIZE)
            {
                throw new IllegalArgumentException("rack " + r + " has " + racks[r].length + " nodes, the limit is " + MAX_RACK_SIZE);
            }
            count += racks[r].length;
        }
        if (count > MAX_NODES)
        {
            throw new IllegalArgumentException(count + " nodes, the limit is " + MAX_NODES);
        }
        this.racks = new int[racks.length][];
        this.rackOfNode = new int[count];
        Arrays.fill(rackOfNode, -1);
        for (int r = 0; r < racks.length; r++)
        {
            this.racks[r] = racks[r].clone();
            for (final int node : racks[r])
            {
                if (node < 0 || node >= count)
                {
                    throw new IllegalArgumentException("node ids must be dense 0.." + (count - 1) + ", found " + node);
                }
                if (rackOfNode[node] != -1)
                {
                    throw new IllegalArgumentException("node " + node + " is in two racks");
                }
                rackOfNode[node] = r;
            }
        }
        this.fanout = fanout;
        this.nodeCount = count;
        int h = 1;
        long span = 1;
        while (span < racks.length)
        {
            span *= fanout;
            h++;
        }
        this.height = h;
    }

    /** @return racks of equal size with dense ids, e.g. 3 x 3 gives racks {0,1,2}, {3,4,5}, {6,7,8}. */
    public static ClusterTopology uniform(final int rackCount, final int nodesPerRack, final int fanout)
    {
        if (rackCount < 1 || nodesPerRack < 1)
        {
            throw new IllegalArgumentException("racks and nodes per rack must be at least 1");
        }
        final int[][] racks = new int[rackCount][nodesPerRack];
        int id = 0;
        for (int r = 0; r < rackCount; r++)
        {
            for (int i = 0; i < nodesPerRack; i++)
            {
                racks[r][i] = id++;
            }
        }
        return new ClusterTopology(racks, fanout);
    }

    /** @return a topology of explicitly listed racks (node ids dense over all racks). */
    public static ClusterTopology of(final int[][] racks, final int fanout)
    {
        return new ClusterTopology(racks, fanout);
    }

    public int nodeCount()
    {
        return nodeCount;
    }

    public int rackCount()
    {
        return racks.length;
    }

    public int fanout()
    {
        return fanout;
    }

    /** @return the height of the LOT: 1 for a single rack. */
    public int height()
    {
        return height;
    }

    public int rackOf(final int nodeId)
    {
        return rackOfNode[nodeId];
    }

    /** @return the configured nodes of a rack (do not modify). */
    public int[] rackNodes(final int rack)
    {
        return racks[rack];
    }

    /** @return how many racks one vnode of {@code height} spans (fanout^(height-1)). */
    public int racksPerVnode(final int height)
    {
        long span = 1;
        for (int i = 1; i < height; i++)
        {
            span *= fanout;
        }
        return (int)Math.min(span, Integer.MAX_VALUE);
    }

    /** @return the index of the height-{@code height} ancestor of {@code rack}. */
    public int ancestorOfRack(final int rack, final int height)
    {
        return rack / racksPerVnode(height);
    }

    /** @return the first rack under vnode (height, index). */
    public int firstRack(final int height, final int index)
    {
        return index * racksPerVnode(height);
    }

    /** @return one past the last rack under vnode (height, index), clipped to the rack count. */
    public int endRack(final int height, final int index)
    {
        return (int)Math.min((long)(index + 1) * racksPerVnode(height), racks.length);
    }

    /** @return true when vnode (height, index) covers at least one rack. */
    public boolean vnodeExists(final int height, final int index)
    {
        return height >= 1 && height <= this.height && index >= 0 && firstRack(height, index) < racks.length;
    }

    /** @return the number of configured nodes under vnode (height, index): its emulators. */
    public int emulatorCount(final int height, final int index)
    {
        int count = 0;
        for (int r = firstRack(height, index), end = endRack(height, index); r < end; r++)
        {
            count += racks[r].length;
        }
        return count;
    }

    /** @return the {@code i}-th emulator (0-based) of vnode (height, index). */
    public int emulator(final int height, final int index, final int i)
    {
        int remaining = i;
        for (int r = firstRack(height, index), end = endRack(height, index); r < end; r++)
        {
            if (remaining < racks[r].length)
            {
                return racks[r][remaining];
            }
            remaining -= racks[r].length;
        }
        throw new IndexOutOfBoundsException("emulator " + i + " of vnode (" + height + "," + index + ")");
    }

    @Override
    public String toString()
    {
        return "ClusterTopology{racks=" + racks.length + ", nodes=" + nodeCount + ", fanout=" + fanout + ", height=" + height + '}';
    }
}
