package io.canopus.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * A client's channels to the cluster, for the client library: a request publication to one node's
 * client ingress (its UDP client endpoint, or its IPC stream when the client runs in the node's
 * process) and a response subscription of its own, which the client announces to the node (see
 * {@link #responseChannel()} and {@link NodeTransport#connectClient}).
 * <p>
 * The response subscription stays for the client's whole life, so when a node fails the client
 * re-points only its requests ({@link #switchNode(String)}, {@link #switchNodeIpc(int)}) and announces
 * the same response channel to the new node.
 * <p>
 * Sends use the same policy and codes as {@link NodeTransport} (see {@link SendResult}), with one
 * difference: requests are queued, not refused, until the request publication has connected once,
 * so a request sent right after opening or switching is not lost to the connection set-up.
 * Not thread safe; in {@link MediaDriverMode#EMBEDDED_INVOKER} the same thread calls
 * {@link AeronHost#doWork()}.
 */
public final class ClientTransport implements AutoCloseable
{
    private final AeronHost host;
    private final Aeron aeron;
    private final Context context;
    private final TransportCounters counters = new TransportCounters();
    private final Subscription responseSubscription;
    private final FrameAssembler assembler;
    private final String responseChannel;
    private final int responseStreamId;
    private final Destination destination;
    private String ingress;
    private boolean closed;

    private ClientTransport(final AeronHost host, final Context context)
    {
        this.host = host;
        this.aeron = host.aeron();
        this.context = context;
        this.destination = new Destination(
            TransportCounters.NODE, counters, context.maxFrameLength, context.pendingBufferCapacity,
            new BufferClaim(), new Destination.FixedReservedValue(), new Destination.PendingTally());

        Subscription subscription = null;
        try
        {
            if (context.ipcResponse())
            {
                responseStreamId = null != context.responseStreamId ?
                    context.responseStreamId : StreamIds.ipcResponse(aeron.nextCorrelationId());
                subscription = aeron.addSubscription(Channels.IPC, responseStreamId);
                responseChannel = Channels.IPC;
            }
            else
            {
                responseStreamId = null != context.responseStreamId ? context.responseStreamId : StreamIds.CLIENT_RESPONSE;
                final String endpoint = Channels.endpoint(context.responseHost, context.responsePort);
                try
                {
                    subscription = aeron.addSubscription(Channels.unicast(endpoint), responseStreamId);
                }
                catch (final RegistrationException ex)
                {
                    throw new TransportConfigException(
                        "client response endpoint " + endpoint + ": the media driver refused it (" + ex.getMessage() + ")", ex);
                }
                responseChannel = Channels.unicast(awaitResolvedEndpoint(subscription, endpoint));
            }
            responseSubscription = subscription;
            assembler = new FrameAssembler(FrameHandler.NODE, context.maxFrameLength, counters);
            assembler.subscription(subscription);
            if (null != context.ingressEndpoint)
            {
                switchNode(context.ingressEndpoint);
            }
            else
            {
                switchNodeIpc(context.ingressIpcStreamId);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(destination.publication(), subscription);
            throw ex;
        }
    }

    /**
     * Creates the response subscription and the request publication (synchronously: this waits for
     * the driver, and for an ephemeral response port to be bound).
     *
     * @param host    the process's Aeron.
     * @param context the client's settings; validated here.
     * @return the transport; close it when the client is done.
     * @throws TransportConfigException if a setting is invalid or the response endpoint cannot be bound.
     */
    public static ClientTransport open(final AeronHost host, final Context context)
    {
        return new ClientTransport(host, context.conclude());
    }

    private String awaitResolvedEndpoint(final Subscription subscription, final String endpoint)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(host.context().driverTimeoutMs());
        String resolved;
        while (null == (resolved = subscription.resolvedEndpoint()))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new TransportConfigException("client response endpoint " + endpoint +
                    ": not bound within " + host.context().driverTimeoutMs() + " ms");
            }
            if (0 == host.doWork())
            {
                LockSupport.parkNanos(100_000);
            }
        }
        return resolved;
    }

    /**
     * @return the channel this client receives responses on, to announce to a node: either
     * {@code aeron:udp?endpoint=<responseHost>:<port>} (with the port actually bound when an
     * ephemeral one was asked for) or {@code aeron:ipc}.
     */
    public String responseChannel()
    {
        return responseChannel;
    }

    /** @return the stream id this client receives responses on, to announce with the channel. */
    public int responseStreamId()
    {
        return responseStreamId;
    }

    /** @return where requests go now: {@code udp host:port} or {@code ipc stream N}, for logs. */
    public String ingress()
    {
        return ingress;
    }

    /** @return what this transport counted. */
    public TransportCounters counters()
    {
        return counters;
    }

    /**
     * Sends a request to the current node.
     *
     * @param buffer holding the frame; only read during the call.
     * @param offset of the frame.
     * @param length of the frame.
     * @return {@link SendResult#SENT}, {@link SendResult#QUEUED} or a negative code.
     */
    public int send(final DirectBuffer buffer, final int offset, final int length)
    {
        return destination.send(buffer, offset, length);
    }

    /**
     * Sends queued requests, oldest first, until none is left or the publication pushes back. Call
     * regularly (each time the client polls) while anything is queued.
     *
     * @return requests that left the queue.
     */
    public int retryPending()
    {
        return destination.retry();
    }

    /** @return requests waiting in the pending queue. */
    public int pendingFrames()
    {
        return destination.pendingFrames();
    }

    /**
     * Reads responses (from any node that has this client connected).
     *
     * @param handler receives each whole frame, with source {@link FrameHandler#NODE}.
     * @param limit   most fragments to read.
     * @return fragments read.
     */
    public int poll(final FrameHandler handler, final int limit)
    {
        return assembler.poll(handler, limit);
    }

    /** @return true if the current node's client ingress is receiving this client's requests. */
    public boolean connected()
    {
        return destination.isConnected();
    }

    /**
     * Re-points requests at another node's UDP client endpoint (fail-over). Requests still queued
     * for the old node are dropped (counted): the client library resends what it has not seen
     * answered, with the same session and sequence, to the new node.
     *
     * @param endpoint the new node's client endpoint, {@code host:port}.
     * @throws TransportConfigException if {@code endpoint} is not {@code host:port}.
     */
    public void switchNode(final String endpoint)
    {
        Channels.requireEndpoint("client ingress endpoint", endpoint);
        replaceRequestPublication(Channels.unicast(endpoint, context.termLength), context.ingressStreamId);
        ingress = "udp " + endpoint;
    }

    /**
     * Re-points requests at another node's IPC client stream (a node in this process).
     *
     * @param ingressIpcStreamId that node's IPC client stream id.
     */
    public void switchNodeIpc(final int ingressIpcStreamId)
    {
        replaceRequestPublication(Channels.ipc(context.termLength), ingressIpcStreamId);
        ingress = "ipc stream " + ingressIpcStreamId;
    }

    private void replaceRequestPublication(final String channel, final int streamId)
    {
        if (closed)
        {
            throw new IllegalStateException("client transport is closed");
        }
        final ExclusivePublication publication = aeron.addExclusivePublication(channel, streamId);
        final ExclusivePublication old = destination.publication();
        destination.dropPending();
        destination.publication(publication, true);
        CloseHelper.quietClose(old);
    }

    /** Closes the request publication and the response subscription. Idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            destination.dropPending();
            CloseHelper.quietCloseAll(destination.publication(), responseSubscription);
            assembler.reset();
        }
    }

    /** @return ingress and response channel, for logs. */
    @Override
    public String toString()
    {
        return "ClientTransport{ingress=" + ingress + ", response=" + responseChannel + " stream " +
            responseStreamId + '}';
    }

    /**
     * Settings of a {@link ClientTransport}. Exactly one of {@link #ingressEndpoint(String)} and
     * {@link #ingressIpcStreamId(int)} is required.
     */
    public static final class Context
    {
        /** Default term length of the request publication. */
        public static final int DEFAULT_TERM_LENGTH = 64 * 1024;

        /** Default pending queue capacity for requests. */
        public static final int DEFAULT_PENDING_BUFFER_CAPACITY = 256 * 1024;

        private String ingressEndpoint;
        private Integer ingressIpcStreamId;
        private int ingressStreamId = StreamIds.CLIENT_INGRESS;
        private Boolean ipcResponse;
        private String responseHost = "127.0.0.1";
        private int responsePort;
        private Integer responseStreamId;
        private int termLength = DEFAULT_TERM_LENGTH;
        private int pendingBufferCapacity = DEFAULT_PENDING_BUFFER_CAPACITY;
        private int maxFrameLength = NodeTransport.Context.DEFAULT_MAX_FRAME_LENGTH;
        private boolean concluded;

        /**
         * @param endpoint the node's UDP client endpoint, {@code host:port}.
         * @return this.
         */
        public Context ingressEndpoint(final String endpoint)
        {
            this.ingressEndpoint = endpoint;
            return this;
        }

        /** @return the node's UDP client endpoint, or null for IPC. */
        public String ingressEndpoint()
        {
            return ingressEndpoint;
        }

        /**
         * @param streamId the node's IPC client stream (a node in this process).
         * @return this.
         */
        public Context ingressIpcStreamId(final int streamId)
        {
            this.ingressIpcStreamId = streamId;
            return this;
        }

        /** @return the node's IPC client stream, or null for UDP. */
        public Integer ingressIpcStreamId()
        {
            return ingressIpcStreamId;
        }

        /**
         * @param streamId stream id of UDP requests; default {@link StreamIds#CLIENT_INGRESS}, must
         *                 match the nodes' {@link NodeTransport.Context#clientStreamId(int)}.
         * @return this.
         */
        public Context ingressStreamId(final int streamId)
        {
            this.ingressStreamId = streamId;
            return this;
        }

        /** @return the UDP request stream id. */
        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        /**
         * @param ipcResponse receive responses over IPC (only from nodes in this process) rather than
         *                    UDP. Default: IPC when the ingress is IPC.
         * @return this.
         */
        public Context ipcResponse(final boolean ipcResponse)
        {
            this.ipcResponse = ipcResponse;
            return this;
        }

        /** @return true if responses come over IPC. */
        public boolean ipcResponse()
        {
            return null != ipcResponse ? ipcResponse : null == ingressEndpoint;
        }

        /**
         * @param responseHost the address nodes send UDP responses to: a literal address of this
         *                     host that they can reach (not a wildcard); default 127.0.0.1.
         * @return this.
         */
        public Context responseHost(final String responseHost)
        {
            this.responseHost = responseHost;
            return this;
        }

        /** @return the UDP response host. */
        public String responseHost()
        {
            return responseHost;
        }

        /**
         * @param responsePort UDP port to receive responses on; 0 (default) for an ephemeral port
         *                     chosen when the subscription binds.
         * @return this.
         */
        public Context responsePort(final int responsePort)
        {
            this.responsePort = responsePort;
            return this;
        }

        /** @return the UDP response port, 0 for ephemeral. */
        public int responsePort()
        {
            return responsePort;
        }

        /**
         * @param responseStreamId stream id to receive responses on. Default: UDP
         *                         {@link StreamIds#CLIENT_RESPONSE}; IPC a fresh id per client from
         *                         the driver's correlation ids, since all IPC clients of a driver
         *                         share the {@code aeron:ipc} channel.
         * @return this.
         */
        public Context responseStreamId(final int responseStreamId)
        {
            this.responseStreamId = responseStreamId;
            return this;
        }

        /** @return the response stream id, or null for the default. */
        public Integer responseStreamId()
        {
            return responseStreamId;
        }

        /**
         * @param termLength term length of the request publication; default 64 KiB.
         * @return this.
         */
        public Context termLength(final int termLength)
        {
            this.termLength = termLength;
            return this;
        }

        /** @return the request term length. */
        public int termLength()
        {
            return termLength;
        }

        /**
         * @param capacity bytes of pending queue for requests; default 256 KiB, 0 for none.
         * @return this.
         */
        public Context pendingBufferCapacity(final int capacity)
        {
            this.pendingBufferCapacity = capacity;
            return this;
        }

        /** @return the request pending queue capacity. */
        public int pendingBufferCapacity()
        {
            return pendingBufferCapacity;
        }

        /**
         * @param maxFrameLength longest request sent and response reassembled; default 1 MiB (requests
         *                       are also capped by the pending queue capacity).
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
         * Validates the settings; called by {@link ClientTransport#open}.
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
            if ((null == ingressEndpoint) == (null == ingressIpcStreamId))
            {
                throw new TransportConfigException("client ingress: set exactly one of ingressEndpoint (UDP) " +
                    "and ingressIpcStreamId (IPC)");
            }
            if (null != ingressEndpoint)
            {
                Channels.requireEndpoint("client ingress endpoint", ingressEndpoint);
            }
            if (!ipcResponse())
            {
                if (Addresses.parseIpv4(responseHost) < 0 || "0.0.0.0".equals(responseHost))
                {
                    throw new TransportConfigException("client responseHost " + responseHost +
                        ": must be a literal IPv4 address of this host that nodes can reach (not 0.0.0.0)");
                }
                if (responsePort < 0 || responsePort > 65535)
                {
                    throw new TransportConfigException(
                        "client responsePort " + responsePort + ": must be 0 (ephemeral) or 1..65535");
                }
            }
            AeronHost.Context.validateTermLength("client termLength", termLength);
            if (pendingBufferCapacity < 0)
            {
                throw new TransportConfigException(
                    "client pendingBufferCapacity " + pendingBufferCapacity + ": must be 0 (no queue) or more");
            }
            if (maxFrameLength < 1)
            {
                throw new TransportConfigException("client maxFrameLength " + maxFrameLength + ": must be positive");
            }
            concluded = true;
            return this;
        }
    }
}
