package io.canopus.sim.net;

import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.kernel.Event;
import io.canopus.sim.kernel.EventLoop;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulated datagram network between nodes and clients.
 * <p>
 * Endpoints are dense ints: nodes keep their ids {@code 0..nodeCount-1}, clients follow at
 * {@code nodeCount + clientIndex}; every endpoint sits in a rack (a client in its home rack), which
 * picks the base delay of a link. A send copies the message into a pooled slab once and schedules
 * one delivery event per receiving copy, each with its own loss, duplication and delay draw from
 * this network's random stream, in a fixed order, so the same sends in the same order give the same
 * deliveries.
 * <p>
 * Reachability is decided at send time (partitions, isolation, a receiver that is down) and again
 * at delivery time for nodes: a delivery is stamped with the receiver's incarnation when sent, and
 * is dropped as "node down" if the receiver crashed since, even if it has restarted (the crash lost
 * whatever was on its way in). A paused node keeps its messages: they wait until it resumes, as in a
 * kernel socket buffer during a stop-the-world pause.
 * <p>
 * Sends report success when the message was put on the wire, whatever happens to it later, as with
 * UDP; they fail only for an unknown destination.
 */
public final class NetworkModel
{
    private final ClusterTopology topology;
    private final int nodeCount;
    private final int endpointCount;
    private final int[] rackOfEndpoint;
    private final SplittableRandom random;
    private final EventLoop loop;
    private final MessagePool pool = new MessagePool();
    private final NetworkCounters counters = new NetworkCounters();
    private final int deliverType;
    private NetworkSettings settings;
    private DeliveryHandler handler;
    private PathModel pathModel;
    private NetworkObserver observer = NO_OBSERVER;
    private static final NetworkObserver NO_OBSERVER = new NetworkObserver()
    {
    };

    private final boolean[] nodeUp;
    private final int[] incarnation;
    private final long[] pausedUntilNs;
    private final boolean[] isolated;
    private final double[] rackLoss;
    private int[] groupOfRack;
    private long[] blockedLinks;
    private int blockedLinkCount;

    /**
     * @param topology    the racks of the nodes.
     * @param clientRacks the home rack of each client, by client index.
     * @param settings    the link model.
     * @param random      this network's own random stream.
     * @param loop        the event loop delivering messages.
     */
    public NetworkModel(
        final ClusterTopology topology,
        final int[] clientRacks,
        final NetworkSettings settings,
        final SplittableRandom random,
        final EventLoop loop)
    {
        this.topology = topology;
        this.nodeCount = topology.nodeCount();
        this.endpointCount = nodeCount + clientRacks.length;
        this.rackOfEndpoint = new int[endpointCount];
        for (int n = 0; n < nodeCount; n++)
        {
            rackOfEndpoint[n] = topology.rackOf(n);
        }
        for (int c = 0; c < clientRacks.length; c++)
        {
            if (clientRacks[c] < 0 || clientRacks[c] >= topology.rackCount())
            {
                throw new IllegalArgumentException("client " + c + " has no rack " + clientRacks[c]);
            }
            rackOfEndpoint[nodeCount + c] = clientRacks[c];
        }
        this.settings = settings;
        this.random = random;
        this.loop = loop;
        this.nodeUp = new boolean[nodeCount];
        this.incarnation = new int[nodeCount];
        this.pausedUntilNs = new long[nodeCount];
        this.isolated = new boolean[endpointCount];
        this.rackLoss = new double[topology.rackCount()];
        this.deliverType = loop.register(this::onDeliver);
    }

    /** Sets who receives delivered messages (the cluster of hosts and the clients, by endpoint). */
    public void deliveryHandler(final DeliveryHandler handler)
    {
        this.handler = handler;
    }

    public NetworkSettings settings()
    {
        return settings;
    }

    /**
     * Routes every copy through {@code model} from now on: it decides delays and can drop for no path
     * or link loss (see {@link PathModel}); {@code null} returns to the rack delays of the settings.
     */
    public void pathModel(final PathModel model)
    {
        this.pathModel = model;
    }

    public PathModel pathModel()
    {
        return pathModel;
    }

    /** Sets the one observer of every copy (statistics, traces); {@code null} removes it. */
    public void observer(final NetworkObserver observer)
    {
        this.observer = observer == null ? NO_OBSERVER : observer;
    }

    /** Changes the link model from now on (messages in flight keep their draws). */
    public void settings(final NetworkSettings settings)
    {
        this.settings = settings;
    }

    public ClusterTopology topology()
    {
        return topology;
    }

    public int nodeCount()
    {
        return nodeCount;
    }

    public int endpointCount()
    {
        return endpointCount;
    }

    /** @return the endpoint of client {@code clientIndex}. */
    public int clientEndpoint(final int clientIndex)
    {
        return nodeCount + clientIndex;
    }

    public int rackOfEndpoint(final int endpoint)
    {
        return rackOfEndpoint[endpoint];
    }

    public NetworkCounters counters()
    {
        return counters;
    }

    /** @return the slab pool, for leak checks. */
    public MessagePool pool()
    {
        return pool;
    }

    // ---------------------------------------------------------------- node state

    /** Marks a node as running: messages sent to it from now on are delivered. */
    public void nodeUp(final int node)
    {
        nodeUp[node] = true;
        pausedUntilNs[node] = 0;
    }

    /**
     * Marks a node as crashed: it gets nothing, and what is in flight to it is dropped (its delivery
     * stamp no longer matches, even after the node comes back up).
     */
    public void nodeDown(final int node)
    {
        nodeUp[node] = false;
        incarnation[node]++;
        pausedUntilNs[node] = 0;
    }

    public boolean isNodeUp(final int node)
    {
        return nodeUp[node];
    }

    /** Pauses a node until {@code untilNs}: deliveries to it wait until then. */
    public void pause(final int node, final long untilNs)
    {
        pausedUntilNs[node] = Math.max(pausedUntilNs[node], untilNs);
    }

    /** Ends a pause now (deliveries already deferred still fire at the old end, then flow). */
    public void resume(final int node)
    {
        pausedUntilNs[node] = 0;
    }

    public boolean isPaused(final int node, final long nowNs)
    {
        return pausedUntilNs[node] > nowNs;
    }

    /** @return the end of the node's pause, or 0 if it was never paused. */
    public long pausedUntilNs(final int node)
    {
        return pausedUntilNs[node];
    }

    // ---------------------------------------------------------------- partitions and loss

    /** Cuts an endpoint off from every other one (or reconnects it). */
    public void setIsolated(final int endpoint, final boolean value)
    {
        isolated[endpoint] = value;
    }

    public boolean isIsolated(final int endpoint)
    {
        return isolated[endpoint];
    }

    /** Blocks or unblocks the one-way link {@code from -> to}. */
    public void setLinkBlocked(final int from, final int to, final boolean blocked)
    {
        if (blockedLinks == null)
        {
            if (!blocked)
            {
                return;
            }
            blockedLinks = new long[(int)(((long)endpointCount * endpointCount + 63) >>> 6)];
        }
        final long bit = (long)from * endpointCount + to;
        final int word = (int)(bit >>> 6);
        final long mask = 1L << (bit & 63);
        final boolean was = (blockedLinks[word] & mask) != 0;
        if (blocked && !was)
        {
            blockedLinks[word] |= mask;
            blockedLinkCount++;
        }
        else if (!blocked && was)
        {
            blockedLinks[word] &= ~mask;
            blockedLinkCount--;
        }
    }

    public boolean isLinkBlocked(final int from, final int to)
    {
        if (blockedLinkCount == 0)
        {
            return false;
        }
        final long bit = (long)from * endpointCount + to;
        return (blockedLinks[(int)(bit >>> 6)] & (1L << (bit & 63))) != 0;
    }

    /**
     * Partitions racks into groups: traffic only flows between endpoints whose racks have the same
     * group. {@code null} heals.
     */
    public void setRackGroups(final int[] groups)
    {
        if (groups != null && groups.length != topology.rackCount())
        {
            throw new IllegalArgumentException("one group per rack expected, got " + groups.length);
        }
        groupOfRack = groups == null ? null : groups.clone();
    }

    /** @return a copy of the current rack groups, or null when racks are not partitioned. */
    public int[] rackGroups()
    {
        return groupOfRack == null ? null : groupOfRack.clone();
    }

    /** Sets extra loss on the links inside one rack (a loss burst); 0 ends it. */
    public void setRackLoss(final int rack, final double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
        }
        rackLoss[rack] = probability;
    }

    public double rackLoss(final int rack)
    {
        return rackLoss[rack];
    }

    /** Clears every partition, isolation, blocked link and loss burst (not crashes or pauses). */
    public void healPartitionsAndLoss()
    {
        groupOfRack = null;
        Arrays.fill(isolated, false);
        Arrays.fill(rackLoss, 0.0);
        if (blockedLinks != null)
        {
            Arrays.fill(blockedLinks, 0L);
        }
        blockedLinkCount = 0;
    }

    /** @return true when a message from {@code from} to {@code to} would be cut by a partition now. */
    public boolean isPartitioned(final int from, final int to)
    {
        if (isolated[from] || isolated[to])
        {
            return true;
        }
        if (groupOfRack != null && groupOfRack[rackOfEndpoint[from]] != groupOfRack[rackOfEndpoint[to]])
        {
            return true;
        }
        return isLinkBlocked(from, to);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends one datagram.
     *
     * @return false only for an unknown destination; true once the message is on the wire.
     */
    public boolean send(final int from, final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        if (to < 0 || to >= endpointCount)
        {
            return false;
        }
        final int slot = pool.acquire(buffer, offset, length);
        sendCopy(from, to, slot, length);
        pool.release(slot);
        return true;
    }

    /**
     * Multicasts to every other node of {@code fromNode}'s rack: one copy per receiver, each with its
     * own draws; copies to down members are counted as dropped.
     *
     * @return the number of receivers addressed.
     */
    public int sendToRack(final int fromNode, final DirectBuffer buffer, final int offset, final int length)
    {
        final int[] members = topology.rackNodes(topology.rackOf(fromNode));
        if (members.length < 2)
        {
            return 0;
        }
        final int slot = pool.acquire(buffer, offset, length);
        int addressed = 0;
        for (final int member : members)
        {
            if (member != fromNode)
            {
                sendCopy(fromNode, member, slot, length);
                addressed++;
            }
        }
        pool.release(slot);
        return addressed;
    }

    private void sendCopy(final int from, final int to, final int slot, final int length)
    {
        final NetworkCounters c = counters;
        final long now = loop.nowNs();
        c.messagesSent++;
        c.bytesSent += length;
        observer.onSend(now, from, to, pool.buffer(slot), 0, length);
        if (from >= nodeCount || to >= nodeCount)
        {
            c.clientMessagesSent++;
        }
        if (isPartitioned(from, to))
        {
            c.droppedPartition++;
            observer.onDropped(now, from, to, length, DropReason.PARTITION);
            return;
        }
        if (to < nodeCount && !nodeUp[to])
        {
            c.droppedNodeDown++;
            observer.onDropped(now, from, to, length, DropReason.NODE_DOWN);
            return;
        }
        final NetworkSettings s = settings;
        final int fromRack = rackOfEndpoint[from];
        final boolean sameRack = fromRack == rackOfEndpoint[to];
        double loss = s.lossProbability();
        if (sameRack && rackLoss[fromRack] > loss)
        {
            loss = rackLoss[fromRack];
        }
        if (loss > 0 && random.nextDouble() < loss)
        {
            c.droppedLoss++;
            observer.onDropped(now, from, to, length, DropReason.LOSS);
            return;
        }
        final long baseNs;
        final boolean modelDuplicate;
        if (pathModel != null)
        {
            baseNs = pathModel.delayNs(from, to, length, now);
            if (baseNs == PathModel.NO_PATH)
            {
                c.droppedNoPath++;
                observer.onDropped(now, from, to, length, DropReason.NO_PATH);
                return;
            }
            if (baseNs < 0)
            {
                c.droppedLoss++;
                observer.onDropped(now, from, to, length, DropReason.LOSS);
                return;
            }
            modelDuplicate = pathModel.duplicateLast();
        }
        else
        {
            baseNs = sameRack ? s.intraRackDelayNs() : s.interRackDelayNs();
            modelDuplicate = false;
        }
        final int stamp = to < nodeCount ? incarnation[to] : 0;
        // A path model already drew its own jitter; the settings' jitter shapes only the rack delays.
        final boolean jitter = pathModel == null;
        scheduleDelivery(from, to, slot, stamp, baseNs, s, jitter, length);
        if (modelDuplicate || (s.duplicationProbability() > 0 && random.nextDouble() < s.duplicationProbability()))
        {
            c.duplicated++;
            scheduleDelivery(from, to, slot, stamp, baseNs, s, jitter, length);
        }
    }

    private void scheduleDelivery(
        final int from,
        final int to,
        final int slot,
        final int stamp,
        final long baseNs,
        final NetworkSettings s,
        final boolean jitter,
        final int length)
    {
        long delay = baseNs;
        if (jitter && s.jitter() > 0)
        {
            delay = Math.round(baseNs * (1.0 + s.jitter() * (2.0 * random.nextDouble() - 1.0)));
        }
        if (s.reorderProbability() > 0 && random.nextDouble() < s.reorderProbability())
        {
            delay += (long)(random.nextDouble() * 2.0 * baseNs);
        }
        delay = Math.max(1, delay);
        pool.retain(slot);
        observer.onScheduled(loop.nowNs(), from, to, length, delay);
        loop.schedule(loop.nowNs() + delay, deliverType, to, from, ((long)slot << 32) | (stamp & 0xFFFF_FFFFL));
    }

    private void onDeliver(final Event event)
    {
        final int to = event.target;
        final int slot = (int)(event.longArg >>> 32);
        if (to < nodeCount)
        {
            if (!nodeUp[to] || incarnation[to] != (int)event.longArg)
            {
                counters.droppedNodeDown++;
                observer.onDropped(event.timeNs, event.intArg, to, pool.length(slot), DropReason.NODE_DOWN);
                pool.release(slot);
                return;
            }
            if (pausedUntilNs[to] > event.timeNs)
            {
                // Still owns its reference: the same delivery fires again when the pause ends.
                loop.schedule(pausedUntilNs[to], deliverType, to, event.intArg, event.longArg);
                return;
            }
        }
        counters.messagesDelivered++;
        try
        {
            observer.onDelivered(event.timeNs, event.intArg, to, pool.buffer(slot), 0, pool.length(slot));
            handler.onDelivery(to, event.intArg, pool.buffer(slot), 0, pool.length(slot));
        }
        finally
        {
            pool.release(slot);
        }
    }
}
