package io.canopus.engine.runtime;

import io.canopus.codecs.ClientHelloDecoder;
import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientResponseEncoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.frame.FrameValidator;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.journal.ChronicleJournal;
import io.canopus.transport.FrameHandler;
import io.canopus.transport.NodeTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The duty cycle of one node: read the clock once, send what back pressure held back, poll the
 * transport with a bounded fragment budget, feed the protocol core, let it run its timers and
 * flush (it journals and applies committed cycles and answers clients through its sink), run the
 * journal's sync policy, and return the work count so the idle strategy can choose how to wait.
 * <p>
 * Several agents can share one thread through a {@link org.agrona.concurrent.CompositeAgent}.
 * An internal error of the core (a safety halt, a journal that cannot be written) stops this node
 * only: it is logged, kept as {@link #failure()}, and the agent does no more work, so a node never
 * goes on after it could have diverged and the other nodes of an in-process cluster keep running.
 */
public final class NodeAgent implements Agent, FrameHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final long COUNTERS_INTERVAL_NS = 10_000_000L;

    private final ConsensusNode node;
    private final NodeTransport transport;
    private final ChronicleJournal journal;
    private final NodeMetrics metrics;
    private final NodeCountersPublisher counters;
    private final NanoClock clock;
    private final int fragmentLimit;
    private final String roleName;

    private final FrameValidator clientValidator = new FrameValidator();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ClientHelloDecoder hello = new ClientHelloDecoder();
    private final ClientRequestDecoder request = new ClientRequestDecoder();
    private final MessageHeaderEncoder responseHeader = new MessageHeaderEncoder();
    private final ClientResponseEncoder response = new ClientResponseEncoder();
    private final UnsafeBuffer responseBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));

    private long nowNs;
    private long nextCountersNs;
    private volatile Throwable failure;
    long clientFramesRejected;
    long clientsRefused;
    long writesRefusedRackUnreachable;

    /**
     * @param node          the protocol core, not yet started.
     * @param transport     the node's channels.
     * @param journal       the node's journal (also behind the node's durable log).
     * @param metrics       its latency recorders.
     * @param counters      where its counters are published while it runs.
     * @param clock         the only clock the node sees.
     * @param fragmentLimit most fragments polled in one duty cycle.
     */
    public NodeAgent(
        final ConsensusNode node,
        final NodeTransport transport,
        final ChronicleJournal journal,
        final NodeMetrics metrics,
        final NodeCountersPublisher counters,
        final NanoClock clock,
        final int fragmentLimit)
    {
        if (fragmentLimit < 1)
        {
            throw new IllegalArgumentException("fragmentLimit must be at least 1, was " + fragmentLimit);
        }
        this.node = node;
        this.transport = transport;
        this.journal = journal;
        this.metrics = metrics;
        this.counters = counters;
        this.clock = clock;
        this.fragmentLimit = fragmentLimit;
        this.roleName = "canopus-node-" + node.nodeId();
    }

    @Override
    public void onStart()
    {
        nowNs = clock.nanoTime();
        node.start(nowNs);
    }

    @Override
    public int doWork()
    {
        if (failure != null)
        {
            return 0;
        }
        final long start = clock.nanoTime();
        nowNs = start;
        int work = 0;
        try
        {
            work += transport.retryPending();
            work += transport.poll(this, fragmentLimit);
            if (work > 0 || nowNs >= node.nextDeadlineNs())
            {
                work += node.doWork(nowNs);
            }
            work += journal.doWork(nowNs);
        }
        catch (final Throwable ex)
        {
            failure = ex;
            LOG.error("node {} halted: {}", node.nodeId(), ex.toString(), ex);
            return 1;
        }
        if (nowNs >= nextCountersNs)
        {
            nextCountersNs = nowNs + COUNTERS_INTERVAL_NS;
            counters.publish(node.counters(), this);
        }
        if (work > 0)
        {
            metrics.recordDutyCycle(clock.nanoTime() - start);
        }
        return work;
    }

    @Override
    public void onFrame(final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        if (source == FrameHandler.PEER)
        {
            node.onMessage(nowNs, buffer, offset, length);
            return;
        }
        final int templateId = clientValidator.validate(buffer, offset, length);
        if (templateId == ClientRequestDecoder.TEMPLATE_ID)
        {
            header.wrap(buffer, offset);
            request.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            transport.touchClient(request.clientId(), nowNs); // an active client is never evicted as idle
            if (request.op() == ClientOp.WRITE && !transport.rackReachable())
            {
                // The rack cannot be reached, so this node cannot make the write stable: say so
                // at once rather than queue it; the client backs off or tries another node.
                writesRefusedRackUnreachable++;
                respond(request.clientId(), request.sessionId(), request.sequence(), ClientStatus.BUSY);
                return;
            }
            node.onMessage(nowNs, buffer, offset, length);
        }
        else if (templateId == ClientHelloDecoder.TEMPLATE_ID)
        {
            header.wrap(buffer, offset);
            hello.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final long clientId = hello.clientId();
            final int streamId = hello.responseStreamId();
            // A hello comes once per client connection, not per request: building the channel
            // string here is outside the steady state.
            final byte[] channel = new byte[hello.responseChannelLength()];
            hello.getResponseChannel(channel, 0, channel.length);
            if (transport.connectClient(clientId, new String(channel, StandardCharsets.US_ASCII), streamId, nowNs) < 0)
            {
                clientsRefused++;
            }
        }
        else
        {
            clientFramesRejected++;
        }
    }

    private void respond(final long clientId, final long sessionId, final long sequence, final ClientStatus status)
    {
        response.wrapAndApplyHeader(responseBuffer, 0, responseHeader)
            .clientId(clientId).sessionId(sessionId).sequence(sequence).status(status).nodeHint(-1).cycle(node.committedPosition())
            .putPayload(responseBuffer, 0, 0);
        transport.sendToClient(clientId, responseBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength());
    }

    /** @return the error that halted this node, or null while it runs. */
    public Throwable failure()
    {
        return failure;
    }

    public ConsensusNode node()
    {
        return node;
    }

    @Override
    public void onClose()
    {
        counters.publish(node.counters(), this);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
