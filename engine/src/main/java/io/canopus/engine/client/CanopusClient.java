package io.canopus.engine.client;

import io.canopus.codecs.ClientHelloEncoder;
import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.frame.FrameValidator;
import io.canopus.transport.AeronHost;
import io.canopus.transport.ClientTransport;
import io.canopus.transport.FrameHandler;
import io.canopus.transport.StreamIds;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A client of a Canopus cluster over Aeron (UDP or IPC), for remote processes and in-process use.
 * <p>
 * <b>Exactly once.</b> Each write travels in a session slot: a session id unique to this client
 * and slot, and a sequence number that grows per write on that slot. A retry, to the same node or
 * after a fail-over to another, resends the same (session, sequence), and the replicated session
 * table applies it at most once. A slot carries one write at a time because the session table
 * remembers the highest sequence applied per session; so {@code maxInFlight} writes need as many
 * slots, and the cluster's {@code maxSessions} must cover every client's slots.
 * <p>
 * <b>Time-outs and fail-over.</b> A request not answered within {@code responseTimeoutNs} is sent
 * again, to the next node of the list (after a ClientHello, so that node knows where to answer).
 * REDIRECT goes to the hinted node; BUSY and NOT_MEMBER go to the next node. After
 * {@code maxAttempts} attempts the request fails with BUSY. A node whose channel stays unconnected
 * for a response time-out is left too, even with nothing in flight, so offers do not answer
 * NOT_CONNECTED for good after the node died.
 * <p>
 * <b>Back pressure.</b> {@link #offerWrite} and {@link #offerRead} return a negative code instead
 * of blocking: {@link #BACK_PRESSURED} when every slot is in flight, {@link #NOT_CONNECTED} while
 * no node can be reached, {@link #TOO_LARGE} for a command over the payload limit.
 * <p>
 * Not thread safe: one thread offers and polls. Nothing is allocated per request.
 */
public final class CanopusClient implements AutoCloseable, FrameHandler
{
    /** Every slot of the kind asked for carries a request: poll and offer again. */
    public static final long BACK_PRESSURED = -1;
    /** No node is connected yet (or the publication refused the frame): poll and offer again. */
    public static final long NOT_CONNECTED = -2;
    /** The command is larger than {@code maxPayloadBytes}. */
    public static final long TOO_LARGE = -3;

    private static final int SLOT_BITS = 12;
    private static final long READ_TAG = 1L << 19;

    private final Context ctx;
    private final ClientTransport transport;
    private final ResponseListener listener;
    private final NanoClock clock;
    private final long clientId;
    private final int nodeCount;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final ClientHelloEncoder helloEncoder = new ClientHelloEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final FrameValidator validator = new FrameValidator();
    private final UnsafeBuffer sendBuffer;
    private final UnsafeBuffer resultView = new UnsafeBuffer(0, 0);

    private final Slots writes;
    private final Slots reads;

    private int node;
    private boolean helloPending = true;
    private long pointedAtNs;
    private long lastConnectedNs;
    private long nextTimeoutScanNs;
    private long nowNs;

    private long completed;
    private long failed;
    private long retries;
    private long failovers;
    private long staleResponses;
    private long rejectedFrames;

    /** Fixed arrays of one kind of request (writes or reads), indexed by slot. */
    private static final class Slots
    {
        final boolean write;
        final int count;
        final boolean[] busy;
        final long[] correlation;
        final long[] sequence;
        final int[] generation;
        final long[] deadlineNs;
        final int[] attempts;
        /** The node the slot's request last went to: a time-out or refusal moves the client on only from there. */
        final int[] sentTo;
        final boolean[] backingOff;
        final int[] length;
        final UnsafeBuffer[] payload;
        final int[] free;
        int freeCount;

        Slots(final boolean write, final int count, final int maxPayloadBytes)
        {
            this.write = write;
            this.count = count;
            busy = new boolean[count];
            correlation = new long[count];
            sequence = new long[count];
            generation = new int[count];
            deadlineNs = new long[count];
            attempts = new int[count];
            sentTo = new int[count];
            backingOff = new boolean[count];
            length = new int[count];
            payload = new UnsafeBuffer[count];
            free = new int[count];
            for (int i = 0; i < count; i++)
            {
                payload[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(maxPayloadBytes, 1)));
                free[i] = count - 1 - i;
            }
            freeCount = count;
        }
    }

    /**
     * @param ctx      settings; {@link Context#transport} and {@link Context#nodeCount} are required.
     * @param listener receives every outcome during {@link #poll()}.
     */
    public CanopusClient(final Context ctx, final ResponseListener listener)
    {
        this.ctx = ctx.conclude();
        this.transport = ctx.transport;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = ctx.clock;
        this.nodeCount = ctx.nodeCount;
        this.node = Math.floorMod(ctx.firstNode, nodeCount);
        this.clientId = ctx.clientId != 0 ? ctx.clientId : newClientId();
        this.writes = new Slots(true, ctx.maxInFlightWrites, ctx.maxPayloadBytes);
        this.reads = new Slots(false, ctx.maxInFlightReads, ctx.maxPayloadBytes);
        this.sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ctx.maxPayloadBytes + 256));
        pointAt(node);
        pointedAtNs = clock.nanoTime();
        lastConnectedNs = pointedAtNs;
    }

    private void pointAt(final int nodeId)
    {
        if (ctx.udpIngress != null)
        {
            transport.switchNode(ctx.udpIngress[nodeId]);
        }
        else
        {
            transport.switchNodeIpc(StreamIds.clientIpcIngress(nodeId));
        }
    }

    private static long newClientId()
    {
        // 40 random bits: session ids are clientId << 20 | tag | slot, unique across clients.
        final long id = new SecureRandom().nextLong() & ((1L << 40) - 1);
        return id == 0 ? 1 : id;
    }

    /** @return this client's id, which names it to the nodes. */
    public long clientId()
    {
        return clientId;
    }

    /** @return the node requests currently go to. */
    public int currentNode()
    {
        return node;
    }

    /**
     * Offers a write (a state-machine command).
     *
     * @return a correlation id (>= 0) passed back to the listener, or a negative code.
     */
    public long offerWrite(final DirectBuffer command, final int offset, final int length)
    {
        return offer(writes, command, offset, length);
    }

    /**
     * Offers a linearizable read (a state-machine query).
     *
     * @return a correlation id (>= 0) passed back to the listener, or a negative code.
     */
    public long offerRead(final DirectBuffer query, final int offset, final int length)
    {
        return offer(reads, query, offset, length);
    }

    private long nextCorrelation;

    private long offer(final Slots slots, final DirectBuffer command, final int offset, final int length)
    {
        if (length > ctx.maxPayloadBytes || length < 0)
        {
            return TOO_LARGE;
        }
        if (slots.freeCount == 0)
        {
            return BACK_PRESSURED;
        }
        nowNs = clock.nanoTime();
        if (!ensureHello())
        {
            return NOT_CONNECTED;
        }
        final int slot = slots.free[slots.freeCount - 1];
        slots.payload[slot].putBytes(0, command, offset, length);
        slots.length[slot] = length;
        if (slots.write)
        {
            slots.sequence[slot]++;
        }
        else
        {
            slots.generation[slot] = (slots.generation[slot] + 1) & 0x7F;
        }
        if (send(slots, slot) < 0)
        {
            if (slots.write)
            {
                slots.sequence[slot]--; // never left: the next write may reuse the number
            }
            return NOT_CONNECTED;
        }
        slots.freeCount--;
        slots.busy[slot] = true;
        slots.attempts[slot] = 1;
        slots.backingOff[slot] = false;
        slots.deadlineNs[slot] = nowNs + ctx.responseTimeoutNs;
        final long correlation = nextCorrelation++;
        slots.correlation[slot] = correlation;
        return correlation;
    }

    private long sessionId(final Slots slots, final int slot)
    {
        final long base = (clientId << 20) | slot;
        return slots.write ? base : base | READ_TAG | ((long)slots.generation[slot] << SLOT_BITS);
    }

    private int send(final Slots slots, final int slot)
    {
        final int length = slots.length[slot];
        slots.sentTo[slot] = node;
        requestEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientId(clientId)
            .sessionId(sessionId(slots, slot))
            .sequence(slots.write ? slots.sequence[slot] : 0)
            .op(slots.write ? ClientOp.WRITE : ClientOp.READ)
            .putPayload(slots.payload[slot], 0, length);
        return transport.send(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength());
    }

    private boolean ensureHello()
    {
        if (!helloPending)
        {
            return true;
        }
        if (!transport.connected())
        {
            return false;
        }
        final byte[] channel = transport.responseChannel().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        helloEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientId(clientId)
            .responseStreamId(transport.responseStreamId())
            .putResponseChannel(channel, 0, channel.length);
        if (transport.send(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + helloEncoder.encodedLength()) < 0)
        {
            return false;
        }
        helloPending = false;
        return true;
    }

    /**
     * Receives responses, runs time-outs, retries and fail-overs, and calls the listener.
     *
     * @return the amount of work done.
     */
    public int poll()
    {
        nowNs = clock.nanoTime();
        int work = ctx.invokedHost != null ? ctx.invokedHost.doWork() : 0;
        work += transport.retryPending();
        work += transport.poll(this, ctx.fragmentLimit);
        if (transport.connected())
        {
            lastConnectedNs = nowNs;
        }
        else if (nowNs - lastConnectedNs >= ctx.responseTimeoutNs && nowNs - pointedAtNs >= ctx.responseTimeoutNs)
        {
            // The node cannot be reached (e.g. it died while nothing was in flight, so no time-out
            // would ever move the client on): offers would say NOT_CONNECTED for good. Move on.
            failOver(-1);
            work++;
        }
        if (nowNs >= nextTimeoutScanNs)
        {
            nextTimeoutScanNs = nowNs + Math.max(1_000_000L, Math.min(ctx.responseTimeoutNs / 4, ctx.backoffNs));
            work += expire(writes) + expire(reads);
        }
        return work;
    }

    private int expire(final Slots slots)
    {
        int work = 0;
        for (int slot = 0; slot < slots.count; slot++)
        {
            if (slots.busy[slot] && nowNs >= slots.deadlineNs[slot])
            {
                work++;
                if (slots.backingOff[slot])
                {
                    slots.backingOff[slot] = false; // refused earlier and already moved on: just send again
                }
                else if (helloPending && nowNs - pointedAtNs < ctx.responseTimeoutNs)
                {
                    // Already moved on (for this request or another) to a node whose channel has not
                    // connected yet, so the last attempt could not even be sent: give that node a
                    // time-out to connect instead of moving on again before anything reached it.
                }
                else if (slots.attempts[slot] >= ctx.maxAttempts)
                {
                    finishFailed(slots, slot, ClientStatus.BUSY);
                    continue;
                }
                else
                {
                    // Many requests time out together when a node stalls: the first moves the client to
                    // the next node, the others (sent to the node just left) follow without moving it again.
                    if (slots.sentTo[slot] == node)
                    {
                        failOver(-1);
                    }
                    slots.attempts[slot]++;
                }
                retry(slots, slot);
            }
        }
        return work;
    }

    private void retry(final Slots slots, final int slot)
    {
        if (ensureHello())
        {
            retries++;
            slots.deadlineNs[slot] = nowNs + ctx.responseTimeoutNs;
            send(slots, slot); // a refused send is retried at the next deadline like a lost one
        }
        else
        {
            // Not connected yet (typically just after a fail-over): try again soon, not a time-out later.
            slots.deadlineNs[slot] = nowNs + Math.max(1_000_000L, Math.min(ctx.backoffNs, ctx.responseTimeoutNs / 4));
        }
    }

    private void failOver(final int hint)
    {
        final int next = hint >= 0 && hint < nodeCount && hint != node ? hint : (node + 1) % nodeCount;
        if (next != node)
        {
            node = next;
            failovers++;
            pointAt(node);
        }
        helloPending = true;
        pointedAtNs = nowNs;
    }

    @Override
    public void onFrame(final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        if (validator.validate(buffer, offset, length) != ClientResponseDecoder.TEMPLATE_ID)
        {
            rejectedFrames++;
            return;
        }
        headerDecoder.wrap(buffer, offset);
        responseDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final long sessionId = responseDecoder.sessionId();
        if (responseDecoder.clientId() != clientId || (sessionId >>> 20) != clientId)
        {
            staleResponses++;
            return;
        }
        final int slot = (int)(sessionId & ((1 << SLOT_BITS) - 1));
        final boolean isRead = (sessionId & READ_TAG) != 0;
        final Slots slots = isRead ? reads : writes;
        if (slot >= slots.count || !slots.busy[slot] ||
            (isRead ? ((sessionId >>> SLOT_BITS) & 0x7F) != slots.generation[slot] : responseDecoder.sequence() != slots.sequence[slot]))
        {
            staleResponses++;
            return;
        }
        final ClientStatus status = responseDecoder.status();
        final int hint = responseDecoder.nodeHint();
        final long cycle = responseDecoder.cycle();
        switch (status)
        {
            case OK:
            {
                final int resultLength = responseDecoder.payloadLength();
                final int resultOffset = responseDecoder.limit() + ClientResponseDecoder.payloadHeaderLength();
                resultView.wrap(buffer, resultOffset, resultLength);
                final long correlation = slots.correlation[slot];
                release(slots, slot);
                completed++;
                listener.onCompleted(correlation, slots.write, cycle, resultView, 0, resultLength);
                break;
            }
            case REDIRECT:
            case BUSY:
            case NOT_MEMBER:
                if (slots.attempts[slot] >= ctx.maxAttempts)
                {
                    finishFailed(slots, slot, ClientStatus.BUSY);
                }
                else
                {
                    if (slots.sentTo[slot] == node)
                    {
                        failOver(status == ClientStatus.REDIRECT ? hint : -1);
                    }
                    // Back off before the retry: the deadline of the slot is moved, not a timer added.
                    slots.deadlineNs[slot] = nowNs + ctx.backoffNs;
                    slots.backingOff[slot] = true;
                    slots.attempts[slot]++;
                }
                break;
            default:
                finishFailed(slots, slot, status);
        }
    }

    private void finishFailed(final Slots slots, final int slot, final ClientStatus status)
    {
        final long correlation = slots.correlation[slot];
        release(slots, slot);
        failed++;
        listener.onFailed(correlation, slots.write, status);
    }

    private void release(final Slots slots, final int slot)
    {
        slots.busy[slot] = false;
        slots.free[slots.freeCount++] = slot;
    }

    /** @return writes plus reads in flight. */
    public int inFlight()
    {
        return (writes.count - writes.freeCount) + (reads.count - reads.freeCount);
    }

    public long completed()
    {
        return completed;
    }

    public long failed()
    {
        return failed;
    }

    public long retries()
    {
        return retries;
    }

    public long failovers()
    {
        return failovers;
    }

    public long staleResponses()
    {
        return staleResponses;
    }

    public long rejectedFrames()
    {
        return rejectedFrames;
    }

    @Override
    public void close()
    {
        if (ctx.ownsTransport)
        {
            CloseHelper.close(transport);
        }
        CloseHelper.close(ctx.ownedHost);
    }

    /** Settings of a {@link CanopusClient}, fluent as Aeron's contexts. */
    public static final class Context
    {
        private ClientTransport transport;
        private AeronHost invokedHost;
        private AeronHost ownedHost;
        private String[] udpIngress;
        private boolean ownsTransport = true;
        private int nodeCount;
        private int firstNode;
        private long clientId;
        private int maxInFlightWrites = 256;
        private int maxInFlightReads = 256;
        private int maxPayloadBytes = 2048;
        private long responseTimeoutNs = 250_000_000L;
        private long backoffNs = 5_000_000L;
        private int maxAttempts = 20;
        private int fragmentLimit = 64;
        private NanoClock clock = new SystemNanoClock();

        /** The channel to the nodes (required); closed with the client unless {@link #ownsTransport(boolean)} says not. */
        public Context transport(final ClientTransport transport)
        {
            this.transport = transport;
            return this;
        }

        /**
         * The client ingress endpoints ({@code host:port}) of every node, indexed by node id, for a
         * client over UDP; when not set the client reaches the nodes of its own process over IPC.
         */
        public Context udpIngress(final String... endpoints)
        {
            this.udpIngress = endpoints.clone();
            return this;
        }

        /**
         * An embedded INVOKER-mode host that only this client's thread drives: {@link #poll()}
         * invokes it. Leave unset when the host has threads or another thread drives it.
         */
        public Context invokedHost(final AeronHost host)
        {
            this.invokedHost = host;
            return this;
        }

        /** A host the client closes with itself (after its transport), e.g. one opened just for it. */
        public Context ownedHost(final AeronHost host)
        {
            this.ownedHost = host;
            return this;
        }

        public Context ownsTransport(final boolean ownsTransport)
        {
            this.ownsTransport = ownsTransport;
            return this;
        }

        /** Number of nodes in the cluster (ids 0..n-1), for fail-over (required). */
        public Context nodeCount(final int nodeCount)
        {
            this.nodeCount = nodeCount;
            return this;
        }

        /** The node tried first (spread clients over nodes to spread the load). */
        public Context firstNode(final int firstNode)
        {
            this.firstNode = firstNode;
            return this;
        }

        /** A fixed client id (non-zero, below 2^40); random when not set. */
        public Context clientId(final long clientId)
        {
            this.clientId = clientId;
            return this;
        }

        /** Writes in flight at once, one exactly-once session each (1..4096). */
        public Context maxInFlightWrites(final int maxInFlightWrites)
        {
            this.maxInFlightWrites = maxInFlightWrites;
            return this;
        }

        /** Reads in flight at once (1..4096). */
        public Context maxInFlightReads(final int maxInFlightReads)
        {
            this.maxInFlightReads = maxInFlightReads;
            return this;
        }

        /** Largest command or query; must not exceed the cluster's maxPayloadBytes. */
        public Context maxPayloadBytes(final int maxPayloadBytes)
        {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Context responseTimeoutNs(final long responseTimeoutNs)
        {
            this.responseTimeoutNs = responseTimeoutNs;
            return this;
        }

        public Context backoffNs(final long backoffNs)
        {
            this.backoffNs = backoffNs;
            return this;
        }

        /** Attempts per request, the first included, before it fails. */
        public Context maxAttempts(final int maxAttempts)
        {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Context fragmentLimit(final int fragmentLimit)
        {
            this.fragmentLimit = fragmentLimit;
            return this;
        }

        public Context clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        Context conclude()
        {
            Objects.requireNonNull(transport, "transport");
            require(nodeCount >= 1, "nodeCount must be at least 1, was " + nodeCount);
            require(udpIngress == null || udpIngress.length == nodeCount,
                "udpIngress must name one endpoint per node (" + nodeCount + "), has " + (udpIngress == null ? 0 : udpIngress.length));
            require(clientId >= 0 && clientId < (1L << 40), "clientId must be in [1, 2^40), was " + clientId);
            require(maxInFlightWrites >= 1 && maxInFlightWrites <= 1 << SLOT_BITS, "maxInFlightWrites must be 1..4096, was " + maxInFlightWrites);
            require(maxInFlightReads >= 1 && maxInFlightReads <= 1 << SLOT_BITS, "maxInFlightReads must be 1..4096, was " + maxInFlightReads);
            require(maxPayloadBytes >= 1 && maxPayloadBytes <= 16 * 1024, "maxPayloadBytes must be 1..16384, was " + maxPayloadBytes);
            require(responseTimeoutNs > 0, "responseTimeoutNs must be positive");
            require(backoffNs >= 0, "backoffNs must not be negative");
            require(maxAttempts >= 1, "maxAttempts must be at least 1");
            require(fragmentLimit >= 1, "fragmentLimit must be at least 1");
            return this;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
