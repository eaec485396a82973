package io.canopus.transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Aeron channels of one node: what the node runtime uses to talk to its rack, to other nodes
 * and to its clients. One per node; several can share an {@link AeronHost} (an in-process cluster).
 * <p>
 * Channels (see {@link Channels}, stream ids in {@link StreamIds}):
 * <ul>
 *     <li><b>rack</b>: one exclusive publication to the rack's multicast group ({@code fc=min}) and a
 *     subscription to it. The node's own multicast comes back through its driver and is dropped by
 *     session id (the session of its own exclusive publication, unique in the driver) before any
 *     reassembly work;</li>
 *     <li><b>peers</b>: a subscription on this node's unicast endpoint, and one exclusive publication
 *     to the unicast endpoint of every other node of the cluster, other racks and this rack alike
 *     (the protocol also unicasts to rack peers: pulls, Paxos, catch-up);</li>
 *     <li><b>client ingress</b>: an IPC subscription, always (in-process clients), and a UDP
 *     subscription on the client endpoint if one is configured (remote clients);</li>
 *     <li><b>client egress</b>: one exclusive publication per connected client, to the response
 *     channel it announced (see {@link #connectClient}).</li>
 * </ul>
 * The hot-path methods ({@link #poll}, the sends, {@link #retryPending()}) return codes and never
 * throw or allocate in steady state. Not thread safe: one thread (the node's duty cycle) uses it.
 * In {@link MediaDriverMode#EMBEDDED_INVOKER} that thread must also call {@link AeronHost#doWork()}.
 */
public final class NodeTransport implements AutoCloseable
{
    /** {@link #connectClient} result: a new client was added. */
    public static final int CLIENT_ADDED = 1;

    /** {@link #connectClient} result: the client was already connected the same way; marked active. */
    public static final int CLIENT_REFRESHED = 2;

    /** {@link #connectClient} result: a known client moved to a new response channel or stream. */
    public static final int CLIENT_REPLACED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(NodeTransport.class);

    private final Aeron aeron;
    private final Context context;
    private final int nodeId;
    private final TransportCounters counters = new TransportCounters();
    private final BufferClaim bufferClaim = new BufferClaim();
    private final Destination.FixedReservedValue reservedValue = new Destination.FixedReservedValue();
    private final Destination.PendingTally peerTally = new Destination.PendingTally();
    private final Destination.PendingTally clientTally = new Destination.PendingTally();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ExclusivePublication rackPublication;
    private final Destination rack;
    private final Destination[] peers;
    private final int[] peerIds;
    private final FrameAssembler[] assemblers;
    private int nextAssembler;

    private final Long2ObjectHashMap<ClientSlot> clients = new Long2ObjectHashMap<>();
    private final ClientSlot[] activeClients;
    private int activeClientCount;
    private final ClientSlot[] freeSlots;
    private int freeSlotCount;
    private int connectingClients;
    private boolean closed;

    private NodeTransport(final AeronHost host, final Context context)
    {
        this.aeron = host.aeron();
        this.context = context;
        this.nodeId = context.nodeId;
        this.activeClients = new ClientSlot[context.maxClients];
        this.freeSlots = new ClientSlot[context.maxClients];

        try
        {
            final String node = "node " + nodeId;
            rackPublication = aeron.addExclusivePublication(
                Channels.rackPublication(context.rackGroup, context.termLength, context.rackMinReceivers), context.rackStreamId);
            resources.add(rackPublication);
            rack = newDestination(
                TransportCounters.RACK, context.maxFrameLength, context.pendingBufferCapacity, peerTally);
            rack.publication(rackPublication, false);

            final FrameAssembler rackAssembler = subscribe(
                FrameHandler.PEER, Channels.rackSubscription(context.rackGroup), context.rackStreamId,
                node + " rack multicast group " + context.rackGroup);
            rackAssembler.dropSession(rackPublication.sessionId());
            final FrameAssembler unicastAssembler = subscribe(
                FrameHandler.PEER, Channels.unicast(context.unicastEndpoint), context.peerStreamId,
                node + " unicast endpoint " + context.unicastEndpoint);
            final FrameAssembler ipcAssembler = subscribe(
                FrameHandler.CLIENT, Channels.IPC, context.clientIpcStreamId,
                node + " IPC client stream " + context.clientIpcStreamId);
            if (null != context.clientEndpoint)
            {
                final FrameAssembler clientAssembler = subscribe(
                    FrameHandler.CLIENT, Channels.unicast(context.clientEndpoint), context.clientStreamId,
                    node + " client endpoint " + context.clientEndpoint);
                assemblers = new FrameAssembler[]{ rackAssembler, unicastAssembler, ipcAssembler, clientAssembler };
            }
            else
            {
                assemblers = new FrameAssembler[]{ rackAssembler, unicastAssembler, ipcAssembler };
            }

            final Map<Integer, String> peerEndpoints = context.peerEndpoints();
            final int maxPeerId = peerEndpoints.isEmpty() ? -1 : Collections.max(peerEndpoints.keySet());
            peers = new Destination[maxPeerId + 1];
            peerIds = new int[peerEndpoints.size()];
            int i = 0;
            for (final Map.Entry<Integer, String> entry : peerEndpoints.entrySet())
            {
                final ExclusivePublication publication = aeron.addExclusivePublication(
                    Channels.unicast(entry.getValue(), context.termLength), context.peerStreamId);
                resources.add(publication);
                final Destination peer = newDestination(
                    TransportCounters.NODE, context.maxFrameLength, context.pendingBufferCapacity, peerTally);
                peer.publication(publication, false);
                peers[entry.getKey()] = peer;
                peerIds[i++] = entry.getKey();
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(resources);
            throw ex;
        }
    }

    /**
     * Creates the node's publications and subscriptions (synchronously: this waits for the driver).
     *
     * @param host    the process's Aeron.
     * @param context the node's settings; validated here.
     * @return the transport; close it when the node stops.
     * @throws TransportConfigException if a setting is invalid or an endpoint cannot be bound.
     */
    public static NodeTransport open(final AeronHost host, final Context context)
    {
        return new NodeTransport(host, context.conclude());
    }

    private Destination newDestination(
        final int kind, final int maxFrameLength, final int pendingCapacity, final Destination.PendingTally tally)
    {
        return new Destination(kind, counters, maxFrameLength, pendingCapacity, bufferClaim, reservedValue, tally);
    }

    private FrameAssembler subscribe(final int source, final String channel, final int streamId, final String what)
    {
        final Subscription subscription;
        try
        {
            subscription = aeron.addSubscription(channel, streamId);
        }
        catch (final RegistrationException ex)
        {
            throw new TransportConfigException(what + ": the media driver refused " + channel + " (" +
                ex.getMessage() + ")", ex);
        }
        resources.add(subscription);
        final int maxFrameLength = FrameHandler.CLIENT == source ? context.maxClientFrameLength : context.maxFrameLength;
        final FrameAssembler assembler = new FrameAssembler(source, maxFrameLength, counters);
        assembler.subscription(subscription);
        return assembler;
    }

    /** @return this node's id. */
    public int nodeId()
    {
        return nodeId;
    }

    /** @return the settings this transport runs with. */
    public Context context()
    {
        return context;
    }

    /** @return what this transport counted; read by metrics and tests. */
    public TransportCounters counters()
    {
        return counters;
    }

    /**
     * @return the session id of this node's rack publication; fragments of this session that come
     * back on the rack subscription are this node's own and are dropped.
     */
    public int rackSessionId()
    {
        return rackPublication.sessionId();
    }

    /**
     * Reads what arrived: rack multicast (minus this node's own), unicast from peers, and client
     * requests over IPC and UDP. The subscriptions are polled in turn, starting with a different one
     * each call so that a busy rack cannot starve clients, until {@code fragmentLimit} fragments have
     * been read in total. Frames are handed over whole (see {@link FrameHandler}).
     *
     * @param handler       receives each complete frame with its source.
     * @param fragmentLimit most fragments to read in this call, to bound the duty cycle.
     * @return fragments read (including dropped own fragments and pieces of unfinished frames).
     */
    public int poll(final FrameHandler handler, final int fragmentLimit)
    {
        final FrameAssembler[] assemblers = this.assemblers;
        final int count = assemblers.length;
        final int start = nextAssembler;
        nextAssembler = start + 1 == count ? 0 : start + 1;
        int read = 0;
        for (int i = 0; i < count && read < fragmentLimit; i++)
        {
            int index = start + i;
            if (index >= count)
            {
                index -= count;
            }
            read += assemblers[index].poll(handler, fragmentLimit - read);
        }
        return read;
    }

    /**
     * Unicasts a frame to one node.
     *
     * @param nodeId the destination node.
     * @param buffer holding the frame; only read during the call.
     * @param offset of the frame.
     * @param length of the frame.
     * @return {@link SendResult#SENT}, {@link SendResult#QUEUED}, or a negative code:
     * {@code UNKNOWN_DESTINATION} for a node without an endpoint (or this node itself),
     * {@code NOT_CONNECTED} when the node is not receiving (the protocol handles it as a lost
     * datagram), {@code QUEUE_FULL}, {@code TOO_LARGE}, ...
     */
    public int sendToNode(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
    {
        final Destination peer = nodeId >= 0 && nodeId < peers.length ? peers[nodeId] : null;
        if (null == peer)
        {
            return counters.record(TransportCounters.NODE, SendResult.UNKNOWN_DESTINATION);
        }
        return peer.send(buffer, offset, length);
    }

    /**
     * Multicasts a frame to every other member of this node's rack.
     *
     * @param buffer holding the frame; only read during the call.
     * @param offset of the frame.
     * @param length of the frame.
     * @return {@link SendResult#SENT}, {@link SendResult#QUEUED}, or a negative code.
     */
    public int sendToRack(final DirectBuffer buffer, final int offset, final int length)
    {
        return rack.send(buffer, offset, length);
    }

    /**
     * Sends a frame to a connected client. Right after {@link #connectClient}, while the response
     * publication is being created or has not reached the client yet, frames are queued rather than
     * refused.
     *
     * @param clientId the client, as given to {@link #connectClient}.
     * @param buffer   holding the frame; only read during the call.
     * @param offset   of the frame.
     * @param length   of the frame.
     * @return {@link SendResult#SENT}, {@link SendResult#QUEUED}, or a negative code;
     * {@code UNKNOWN_DESTINATION} if the client is not connected (never was, disconnected, evicted).
     */
    public int sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
    {
        final ClientSlot slot = clients.get(clientId);
        if (null == slot)
        {
            return counters.record(TransportCounters.CLIENT, SendResult.UNKNOWN_DESTINATION);
        }
        if (Aeron.NULL_VALUE != slot.registrationId && !resolve(slot) && !slot.inUse)
        {
            return counters.record(TransportCounters.CLIENT, SendResult.NOT_CONNECTED);
        }
        return slot.destination.send(buffer, offset, length);
    }

    /**
     * Sends queued frames, oldest first per destination, until each destination's queue is empty or
     * pushes back; also completes client connections whose response publication is ready. Call once
     * per duty cycle, before producing new frames, so that queues drain as fast as receivers allow.
     *
     * @return frames sent from queues plus client connections completed (the work done).
     */
    public int retryPending()
    {
        int work = 0;
        if (peerTally.count > 0)
        {
            work += rack.retry();
            for (final int peerId : peerIds)
            {
                work += peers[peerId].retry();
            }
        }
        if (connectingClients > 0 || clientTally.count > 0)
        {
            for (int i = activeClientCount - 1; i >= 0; i--)
            {
                final ClientSlot slot = activeClients[i];
                if (Aeron.NULL_VALUE != slot.registrationId)
                {
                    if (resolve(slot))
                    {
                        work++;
                    }
                    if (!slot.inUse)
                    {
                        continue;
                    }
                }
                work += slot.destination.retry();
            }
        }
        return work;
    }

    /**
     * @return frames waiting in any pending queue (peers, rack and clients); a runtime can stop
     * producing optional traffic while this grows.
     */
    public int pendingFrames()
    {
        int frames = rack.pendingFrames();
        for (final int peerId : peerIds)
        {
            frames += peers[peerId].pendingFrames();
        }
        for (int i = 0; i < activeClientCount; i++)
        {
            frames += activeClients[i].destination.pendingFrames();
        }
        return frames;
    }

    /**
     * Whether the rack can be reached: the rack publication is connected (some receiver's driver
     * sends it status messages), or the rack has a single node ({@link Context#rackSize(int)} 1).
     * The runtime stops taking client writes while this is false, since it could not propose them.
     * Note that the node's own driver also receives the group, so with no other member running this
     * is still true; set {@link Context#rackMinReceivers(int)} to require more receivers.
     *
     * @return true if frames sent to the rack can reach it.
     */
    public boolean rackReachable()
    {
        return 1 == context.rackSize || rackPublication.isConnected();
    }

    /**
     * @param nodeId a node.
     * @return true if the unicast publication to that node is connected (its subscription answers).
     */
    public boolean nodeConnected(final int nodeId)
    {
        final Destination peer = nodeId >= 0 && nodeId < peers.length ? peers[nodeId] : null;
        return null != peer && peer.isConnected();
    }

    /**
     * Connects (or refreshes) a client: this node will send it responses on {@code responseChannel}
     * and {@code responseStreamId}, which the client announced in its first request. The response
     * publication is created asynchronously (this call does not wait for the driver); frames sent to
     * the client meanwhile are queued.
     * <p>
     * The channel is untrusted input from the network: only {@code aeron:udp?endpoint=host:port} and
     * {@code aeron:ipc} are accepted (see {@link Channels#clientResponsePublication}). At most
     * {@link Context#maxClients(int)} clients are held; when full, the least recently active client is
     * evicted if it has been idle for {@link Context#clientIdleTimeoutNs(long)}, otherwise the new
     * one is refused.
     *
     * @param clientId         the client's id (its session), unique per client.
     * @param responseChannel  the channel the client listens on.
     * @param responseStreamId the stream id it listens on.
     * @param nowNs            the current time, recorded as the client's last activity.
     * @return {@link #CLIENT_ADDED}, {@link #CLIENT_REFRESHED}, {@link #CLIENT_REPLACED}, or
     * {@link SendResult#INVALID_CHANNEL}, {@link SendResult#QUEUE_FULL} (no idle client to evict),
     * {@link SendResult#CLOSED}.
     */
    public int connectClient(
        final long clientId, final String responseChannel, final int responseStreamId, final long nowNs)
    {
        if (closed)
        {
            return counters.record(TransportCounters.CLIENT, SendResult.CLOSED);
        }
        ClientSlot slot = clients.get(clientId);
        if (null != slot && slot.responseStreamId == responseStreamId && slot.responseChannel.equals(responseChannel))
        {
            slot.lastActiveNs = nowNs;
            counters.onClientRefreshed();
            return CLIENT_REFRESHED;
        }

        final String publicationChannel = Channels.clientResponsePublication(responseChannel, context.clientTermLength);
        if (null == publicationChannel)
        {
            return counters.record(TransportCounters.CLIENT, SendResult.INVALID_CHANNEL);
        }

        final int result;
        if (null != slot)
        {
            releasePublication(slot);
            result = CLIENT_REPLACED;
        }
        else
        {
            if (activeClientCount == activeClients.length && !evictIdleClient(nowNs))
            {
                return counters.record(TransportCounters.CLIENT, SendResult.QUEUE_FULL);
            }
            slot = takeSlot(clientId);
            result = CLIENT_ADDED;
        }

        final long registrationId;
        try
        {
            registrationId = aeron.asyncAddExclusivePublication(publicationChannel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("node {}: cannot add response publication {} for client {}", nodeId, publicationChannel, clientId, ex);
            counters.onClientConnectFailure();
            removeClient(slot);
            return counters.record(TransportCounters.CLIENT, SendResult.CLOSED);
        }
        slot.responseChannel = responseChannel;
        slot.responseStreamId = responseStreamId;
        slot.registrationId = registrationId;
        slot.lastActiveNs = nowNs;
        connectingClients++;
        if (CLIENT_ADDED == result)
        {
            counters.onClientAdded();
        }
        else
        {
            counters.onClientReplaced();
        }
        return result;
    }

    /**
     * Marks a client active (it sent a request), so it is not evicted as idle.
     *
     * @param clientId the client.
     * @param nowNs    the current time.
     * @return false if the client is not connected.
     */
    public boolean touchClient(final long clientId, final long nowNs)
    {
        final ClientSlot slot = clients.get(clientId);
        if (null == slot)
        {
            return false;
        }
        slot.lastActiveNs = nowNs;
        return true;
    }

    /**
     * Forgets a client: closes its response publication and drops frames queued for it.
     *
     * @param clientId the client; unknown ids are ignored.
     */
    public void disconnectClient(final long clientId)
    {
        final ClientSlot slot = clients.get(clientId);
        if (null != slot)
        {
            removeClient(slot);
            counters.onClientDisconnected();
        }
    }

    /**
     * @param clientId a client id.
     * @return true if the client is connected (its response publication may still be in creation).
     */
    public boolean hasClient(final long clientId)
    {
        return null != clients.get(clientId);
    }

    /**
     * @param clientId a client id.
     * @return true if the client's response publication exists and its subscriber is connected.
     */
    public boolean clientConnected(final long clientId)
    {
        final ClientSlot slot = clients.get(clientId);
        return null != slot && slot.destination.isConnected();
    }

    /** @return number of connected clients. */
    public int clientCount()
    {
        return activeClientCount;
    }

    /** Closes every publication and subscription this transport created. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = activeClientCount - 1; i >= 0; i--)
        {
            removeClient(activeClients[i]);
        }
        rack.dropPending();
        for (final int peerId : peerIds)
        {
            peers[peerId].dropPending();
        }
        CloseHelper.quietCloseAll(resources);
        for (final FrameAssembler assembler : assemblers)
        {
            assembler.reset();
        }
    }

    /** @return node id and counters, for logs. */
    @Override
    public String toString()
    {
        return "NodeTransport{node=" + nodeId + ", rack=" + context.rackGroup + ", unicast=" +
            context.unicastEndpoint + ", clients=" + activeClientCount + ", " + counters + '}';
    }

    private boolean evictIdleClient(final long nowNs)
    {
        ClientSlot oldest = null;
        for (int i = 0; i < activeClientCount; i++)
        {
            final ClientSlot slot = activeClients[i];
            if (null == oldest || slot.lastActiveNs < oldest.lastActiveNs)
            {
                oldest = slot;
            }
        }
        if (null == oldest || nowNs - oldest.lastActiveNs < context.clientIdleTimeoutNs)
        {
            return false;
        }
        removeClient(oldest);
        counters.onClientEvicted();
        return true;
    }

    private ClientSlot takeSlot(final long clientId)
    {
        final ClientSlot slot = freeSlotCount > 0 ? freeSlots[--freeSlotCount] :
            new ClientSlot(newDestination(
            TransportCounters.CLIENT, context.maxClientFrameLength, context.clientPendingBufferCapacity, clientTally));
        slot.clientId = clientId;
        slot.inUse = true;
        slot.activeIndex = activeClientCount;
        activeClients[activeClientCount++] = slot;
        clients.put(clientId, slot);
        return slot;
    }

    private void removeClient(final ClientSlot slot)
    {
        releasePublication(slot);
        clients.remove(slot.clientId);
        final int index = slot.activeIndex;
        final ClientSlot last = activeClients[--activeClientCount];
        activeClients[index] = last;
        last.activeIndex = index;
        activeClients[activeClientCount] = null;
        slot.inUse = false;
        slot.responseChannel = null;
        freeSlots[freeSlotCount++] = slot;
    }

    private void releasePublication(final ClientSlot slot)
    {
        slot.destination.dropPending();
        if (Aeron.NULL_VALUE != slot.registrationId)
        {
            final long registrationId = slot.registrationId;
            slot.registrationId = Aeron.NULL_VALUE;
            connectingClients--;
            try
            {
                aeron.asyncRemovePublication(registrationId);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("node {}: removing client publication {}", nodeId, registrationId, ex);
            }
        }
        else
        {
            CloseHelper.quietClose(slot.destination.publication());
        }
        slot.destination.publication(null, false);
    }

    /** @return true if the client's response publication just became available. */
    private boolean resolve(final ClientSlot slot)
    {
        final ExclusivePublication publication;
        try
        {
            publication = aeron.getExclusivePublication(slot.registrationId);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("node {}: media driver refused the response channel {} of client {}",
                nodeId, slot.responseChannel, slot.clientId, ex);
            counters.onClientConnectFailure();
            slot.registrationId = Aeron.NULL_VALUE;
            connectingClients--;
            removeClient(slot);
            return false;
        }
        if (null == publication)
        {
            return false;
        }
        slot.registrationId = Aeron.NULL_VALUE;
        connectingClients--;
        slot.destination.publication(publication, true);
        return true;
    }

    private static final class ClientSlot
    {
        final Destination destination;
        long clientId;
        String responseChannel;
        int responseStreamId;
        long registrationId = Aeron.NULL_VALUE;
        long lastActiveNs;
        int activeIndex;
        boolean inUse;

        ClientSlot(final Destination destination)
        {
            this.destination = destination;
        }
    }

    /**
     * Settings of a {@link NodeTransport}. Required: {@link #nodeId(int)}, {@link #rackGroup},
     * {@link #unicastEndpoint(String)}; everything else has a default.
     */
    public static final class Context
    {
        /** Node ids must be below this, since peers are kept in an array indexed by node id. */
        public static final int MAX_NODE_ID = 65535;

        /** Default longest frame: a proposal of about 1 MiB. */
        public static final int DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;

        /** Default longest frame from or to a client. */
        public static final int DEFAULT_MAX_CLIENT_FRAME_LENGTH = 64 * 1024;

        /** Default pending queue capacity per node and for the rack: two maximum frames. */
        public static final int DEFAULT_PENDING_BUFFER_CAPACITY = 2 * 1024 * 1024;

        /** Default pending queue capacity per client. */
        public static final int DEFAULT_CLIENT_PENDING_BUFFER_CAPACITY = 256 * 1024;

        /** Default term length of client response publications (a log per client, so small). */
        public static final int DEFAULT_CLIENT_TERM_LENGTH = 64 * 1024;

        /** Default maximum number of connected clients. */
        public static final int DEFAULT_MAX_CLIENTS = 1024;

        /** Default time without activity after which a client may be evicted for a new one. */
        public static final long DEFAULT_CLIENT_IDLE_TIMEOUT_NS = 10_000_000_000L;

        private int nodeId = -1;
        private MulticastGroup rackGroup;
        private int rackSize;
        private int rackMinReceivers;
        private String unicastEndpoint;
        private final Map<Integer, String> peerEndpoints = new TreeMap<>();
        private String clientEndpoint;
        private int rackStreamId = StreamIds.RACK;
        private int peerStreamId = StreamIds.PEER;
        private int clientStreamId = StreamIds.CLIENT_INGRESS;
        private Integer clientIpcStreamId;
        private int termLength;
        private int clientTermLength = DEFAULT_CLIENT_TERM_LENGTH;
        private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
        private int maxClientFrameLength = DEFAULT_MAX_CLIENT_FRAME_LENGTH;
        private int pendingBufferCapacity = DEFAULT_PENDING_BUFFER_CAPACITY;
        private int clientPendingBufferCapacity = DEFAULT_CLIENT_PENDING_BUFFER_CAPACITY;
        private int maxClients = DEFAULT_MAX_CLIENTS;
        private long clientIdleTimeoutNs = DEFAULT_CLIENT_IDLE_TIMEOUT_NS;
        private boolean concluded;

        /**
         * @param nodeId this node's id in the cluster, 0..{@value #MAX_NODE_ID}.
         * @return this.
         */
        public Context nodeId(final int nodeId)
        {
            this.nodeId = nodeId;
            return this;
        }

        /** @return this node's id. */
        public int nodeId()
        {
            return nodeId;
        }

        /**
         * @param rackGroup the multicast group of this node's rack.
         * @return this.
         */
        public Context rackGroup(final MulticastGroup rackGroup)
        {
            this.rackGroup = rackGroup;
            return this;
        }

        /** @return the rack's multicast group. */
        public MulticastGroup rackGroup()
        {
            return rackGroup;
        }

        /**
         * @param rackSize number of nodes in the rack, 0 if unknown (default). A rack of one is always
         *                 reachable, see {@link NodeTransport#rackReachable()}.
         * @return this.
         */
        public Context rackSize(final int rackSize)
        {
            this.rackSize = rackSize;
            return this;
        }

        /** @return the rack size, 0 if unknown. */
        public int rackSize()
        {
            return rackSize;
        }

        /**
         * @param rackMinReceivers if positive, the rack publication counts as connected (and sends at
         *                         all) only while at least this many receiving media drivers, this
         *                         node's own included, report status (Aeron's {@code fc=min,g:/n}).
         *                         With one driver per node, a majority of the rack is the natural
         *                         value; 0 (default) requires one receiver, which is always this
         *                         node's own driver.
         * @return this.
         */
        public Context rackMinReceivers(final int rackMinReceivers)
        {
            this.rackMinReceivers = rackMinReceivers;
            return this;
        }

        /** @return the minimum number of rack receivers, 0 if not set. */
        public int rackMinReceivers()
        {
            return rackMinReceivers;
        }

        /**
         * @param unicastEndpoint {@code host:port} this node receives unicast from other nodes on; the
         *                        host must be an address the other nodes can reach.
         * @return this.
         */
        public Context unicastEndpoint(final String unicastEndpoint)
        {
            this.unicastEndpoint = unicastEndpoint;
            return this;
        }

        /** @return this node's unicast endpoint. */
        public String unicastEndpoint()
        {
            return unicastEndpoint;
        }

        /**
         * Adds one node this node can send to. Every other node of the cluster should be added, in
         * other racks and in this rack. An entry for this node's own id is ignored, so the cluster's
         * full table can be passed as is.
         *
         * @param nodeId   the other node.
         * @param endpoint its unicast endpoint, {@code host:port}.
         * @return this.
         */
        public Context peer(final int nodeId, final String endpoint)
        {
            peerEndpoints.put(nodeId, endpoint);
            return this;
        }

        /**
         * Adds several peers, see {@link #peer(int, String)}.
         *
         * @param endpoints node id to unicast endpoint.
         * @return this.
         */
        public Context peers(final Map<Integer, String> endpoints)
        {
            peerEndpoints.putAll(endpoints);
            return this;
        }

        /**
         * Adds several peers given as an array indexed by node id, see {@link #peer(int, String)}.
         *
         * @param endpoints endpoint of node {@code i} at index {@code i}; null entries are skipped.
         * @return this.
         */
        public Context peers(final String[] endpoints)
        {
            for (int i = 0; i < endpoints.length; i++)
            {
                if (null != endpoints[i])
                {
                    peerEndpoints.put(i, endpoints[i]);
                }
            }
            return this;
        }

        /** @return node id to unicast endpoint of the peers, without this node. */
        public Map<Integer, String> peerEndpoints()
        {
            final Map<Integer, String> copy = new TreeMap<>(peerEndpoints);
            copy.remove(nodeId);
            return copy;
        }

        /**
         * @param clientEndpoint {@code host:port} remote clients send requests to, or null (default)
         *                       for in-process (IPC) clients only.
         * @return this.
         */
        public Context clientEndpoint(final String clientEndpoint)
        {
            this.clientEndpoint = clientEndpoint;
            return this;
        }

        /** @return the UDP client endpoint, or null. */
        public String clientEndpoint()
        {
            return clientEndpoint;
        }

        /**
         * @param rackStreamId stream id of the rack multicast; default {@link StreamIds#RACK}.
         * @return this.
         */
        public Context rackStreamId(final int rackStreamId)
        {
            this.rackStreamId = rackStreamId;
            return this;
        }

        /** @return the rack stream id. */
        public int rackStreamId()
        {
            return rackStreamId;
        }

        /**
         * @param peerStreamId stream id of node-to-node unicast; default {@link StreamIds#PEER}.
         * @return this.
         */
        public Context peerStreamId(final int peerStreamId)
        {
            this.peerStreamId = peerStreamId;
            return this;
        }

        /** @return the peer stream id. */
        public int peerStreamId()
        {
            return peerStreamId;
        }

        /**
         * @param clientStreamId stream id of UDP client requests; default {@link StreamIds#CLIENT_INGRESS}.
         * @return this.
         */
        public Context clientStreamId(final int clientStreamId)
        {
            this.clientStreamId = clientStreamId;
            return this;
        }

        /** @return the UDP client ingress stream id. */
        public int clientStreamId()
        {
            return clientStreamId;
        }

        /**
         * @param clientIpcStreamId stream id of IPC client requests; must differ between nodes that
         *                          share a media driver. Default {@link StreamIds#clientIpcIngress(int)}.
         * @return this.
         */
        public Context clientIpcStreamId(final int clientIpcStreamId)
        {
            this.clientIpcStreamId = clientIpcStreamId;
            return this;
        }

        /** @return the IPC client ingress stream id (default filled in by {@link #conclude()}). */
        public int clientIpcStreamId()
        {
            return null != clientIpcStreamId ? clientIpcStreamId : StreamIds.clientIpcIngress(nodeId);
        }

        /**
         * @param termLength term length of the rack and peer publications, or 0 (default) for the
         *                   host's {@link AeronHost.Context#termLength(int)}.
         * @return this.
         */
        public Context termLength(final int termLength)
        {
            this.termLength = termLength;
            return this;
        }

        /** @return the rack and peer term length, 0 for the host's. */
        public int termLength()
        {
            return termLength;
        }

        /**
         * @param clientTermLength term length of each client response publication; default 64 KiB,
         *                         small because there is one log per client.
         * @return this.
         */
        public Context clientTermLength(final int clientTermLength)
        {
            this.clientTermLength = clientTermLength;
            return this;
        }

        /** @return the client response term length. */
        public int clientTermLength()
        {
            return clientTermLength;
        }

        /**
         * @param maxFrameLength longest frame sent or reassembled; default 1 MiB. Longer sends return
         *                       {@link SendResult#TOO_LARGE}; longer incoming frames are dropped and
         *                       counted. A destination's limit is also capped by its pending queue
         *                       capacity (a frame must fit an empty queue).
         * @return this.
         */
        public Context maxFrameLength(final int maxFrameLength)
        {
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        /** @return the longest frame. */
        public int maxFrameLength()
        {
            return maxFrameLength;
        }

        /**
         * @param maxClientFrameLength longest frame from a client (reassembled) or to a client (sent);
         *                             default 64 KiB. Kept apart from {@link #maxFrameLength(int)}
         *                             because client traffic is untrusted: this bounds the memory a
         *                             client can make the node hold while reassembling its requests.
         * @return this.
         */
        public Context maxClientFrameLength(final int maxClientFrameLength)
        {
            this.maxClientFrameLength = maxClientFrameLength;
            return this;
        }

        /** @return the longest frame from or to a client. */
        public int maxClientFrameLength()
        {
            return maxClientFrameLength;
        }

        /**
         * @param pendingBufferCapacity bytes of pending queue per peer and for the rack; default 2 MiB,
         *                              allocated only as back pressure needs it. 0 disables queueing:
         *                              back pressure is then returned to the caller.
         * @return this.
         */
        public Context pendingBufferCapacity(final int pendingBufferCapacity)
        {
            this.pendingBufferCapacity = pendingBufferCapacity;
            return this;
        }

        /** @return the pending queue capacity per peer and for the rack. */
        public int pendingBufferCapacity()
        {
            return pendingBufferCapacity;
        }

        /**
         * @param clientPendingBufferCapacity bytes of pending queue per client; default 256 KiB,
         *                                    allocated only as needed.
         * @return this.
         */
        public Context clientPendingBufferCapacity(final int clientPendingBufferCapacity)
        {
            this.clientPendingBufferCapacity = clientPendingBufferCapacity;
            return this;
        }

        /** @return the pending queue capacity per client. */
        public int clientPendingBufferCapacity()
        {
            return clientPendingBufferCapacity;
        }

        /**
         * @param maxClients most clients connected at once; default 1024.
         * @return this.
         */
        public Context maxClients(final int maxClients)
        {
            this.maxClients = maxClients;
            return this;
        }

        /** @return the most clients connected at once. */
        public int maxClients()
        {
            return maxClients;
        }

        /**
         * @param clientIdleTimeoutNs how long a client must have been inactive (no connect or touch)
         *                            before it may be evicted to make room; default 10 s.
         * @return this.
         */
        public Context clientIdleTimeoutNs(final long clientIdleTimeoutNs)
        {
            this.clientIdleTimeoutNs = clientIdleTimeoutNs;
            return this;
        }

        /** @return the client idle timeout in nanoseconds. */
        public long clientIdleTimeoutNs()
        {
            return clientIdleTimeoutNs;
        }

        /**
         * Validates the settings and fills in defaults; called by {@link NodeTransport#open}.
         *
         * @return this.
         * @throws TransportConfigException naming the first bad setting.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (nodeId < 0 || nodeId > MAX_NODE_ID)
            {
                throw new TransportConfigException("nodeId " + nodeId + ": must be in 0.." + MAX_NODE_ID);
            }
            final String node = "node " + nodeId;
            if (null == rackGroup)
            {
                throw new TransportConfigException(node + " rackGroup null: the rack's multicast group must be set");
            }
            if (rackSize < 0)
            {
                throw new TransportConfigException(node + " rackSize " + rackSize + ": must be 0 (unknown) or more");
            }
            if (rackMinReceivers < 0)
            {
                throw new TransportConfigException(node + " rackMinReceivers " + rackMinReceivers + ": must be 0 or more");
            }
            Channels.requireEndpoint(node + " unicast endpoint", unicastEndpoint);
            final Map<String, Integer> owners = new HashMap<>();
            owners.put(unicastEndpoint, nodeId);
            for (final Map.Entry<Integer, String> peer : peerEndpoints.entrySet())
            {
                final int peerId = peer.getKey();
                if (peerId < 0 || peerId > MAX_NODE_ID)
                {
                    throw new TransportConfigException("peer node id " + peerId + ": must be in 0.." + MAX_NODE_ID);
                }
                if (peerId == nodeId)
                {
                    continue;
                }
                Channels.requireEndpoint("node " + peerId + " unicast endpoint", peer.getValue());
                final Integer owner = owners.put(peer.getValue(), peerId);
                if (null != owner)
                {
                    throw new TransportConfigException("node " + peerId + " unicast endpoint " + peer.getValue() +
                        ": already the endpoint of node " + owner);
                }
            }
            if (null != clientEndpoint)
            {
                Channels.requireEndpoint(node + " client endpoint", clientEndpoint);
                if (clientEndpoint.equals(unicastEndpoint))
                {
                    throw new TransportConfigException(node + " client endpoint " + clientEndpoint +
                        ": must differ from the node's unicast endpoint");
                }
            }
            if (null == clientIpcStreamId)
            {
                clientIpcStreamId = StreamIds.clientIpcIngress(nodeId);
            }
            if (0 != termLength)
            {
                AeronHost.Context.validateTermLength(node + " termLength", termLength);
            }
            AeronHost.Context.validateTermLength(node + " clientTermLength", clientTermLength);
            if (maxFrameLength < 1)
            {
                throw new TransportConfigException(node + " maxFrameLength " + maxFrameLength + ": must be positive");
            }
            if (maxClientFrameLength < 1)
            {
                throw new TransportConfigException(
                    node + " maxClientFrameLength " + maxClientFrameLength + ": must be positive");
            }
            if (pendingBufferCapacity < 0)
            {
                throw new TransportConfigException(
                    node + " pendingBufferCapacity " + pendingBufferCapacity + ": must be 0 (no queue) or more");
            }
            if (clientPendingBufferCapacity < 0)
            {
                throw new TransportConfigException(node + " clientPendingBufferCapacity " +
                    clientPendingBufferCapacity + ": must be 0 (no queue) or more");
            }
            if (maxClients < 0)
            {
                throw new TransportConfigException(node + " maxClients " + maxClients + ": must be 0 or more");
            }
            if (clientIdleTimeoutNs < 0)
            {
                throw new TransportConfigException(
                    node + " clientIdleTimeoutNs " + clientIdleTimeoutNs + ": must be 0 or more");
            }
            concluded = true;
            return this;
        }
    }
}
