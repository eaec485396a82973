package io.canopus.sim.workload;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvResultDecoder;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.frame.FrameValidator;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.check.KvOperation;
import io.canopus.sim.check.WriteId;
import io.canopus.sim.kernel.Event;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import io.canopus.sim.net.NetworkModel;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The key-value clients of a simulation and their shared machinery: request encoding, response
 * decoding (every frame is checked by the codecs' {@link FrameValidator} first, so a malformed
 * answer is counted, never thrown), client timers, the history for the linearizability checker
 * and the latency histogram.
 * <p>
 * Layout: {@code clientsPerNode} clients per node, client {@code i} homed on node
 * {@code i / clientsPerNode}; or, with an explicit {@link WorkloadSettings#clientCount()}, client
 * {@code i} homed on node {@code i % nodeCount}. A client lives in its home node's rack. Requests are {@code ClientRequest}
 * frames whose payload is a {@code KvCommand} frame (both with SBE headers), values 8-byte
 * little-endian; answers are {@code ClientResponse} frames carrying a {@code KvResult} frame.
 * <p>
 * Not thread safe; all on the simulation thread.
 */
public final class KvWorkload
{
    private static final long HISTOGRAM_MAX_US = TimeUnit.HOURS.toMicros(1);

    private final ClusterTopology topology;
    private final WorkloadSettings settings;
    private final NetworkModel network;
    private final EventLoop loop;
    private final KvClient[] clients;
    private final int timerType;
    private final List<KvOperation> history = new ArrayList<>();
    private final Histogram latencyUs = new Histogram(HISTOGRAM_MAX_US, 3);

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final KvCommandEncoder commandEncoder = new KvCommandEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final KvResultDecoder resultDecoder = new KvResultDecoder();
    private final FrameValidator validator = new FrameValidator();
    private final UnsafeBuffer requestBuffer;
    private final UnsafeBuffer commandBuffer;
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private final byte[] valueBytes;
    private final UnsafeBuffer valueBuffer;

    private final SplittableRandom startRandom;
    private final SplittableRandom arrivalRandom;
    private final int arrivalType;
    private int arrivalCursor;
    private long malformedResponses;
    private long foreignFrames;
    private long arrivalsMissed;

    /** @return the home rack of every client, by client index (the network needs it first). */
    public static int[] clientRacks(final ClusterTopology topology, final WorkloadSettings settings)
    {
        final int[] racks = new int[settings.clientCount(topology.nodeCount())];
        for (int i = 0; i < racks.length; i++)
        {
            racks[i] = topology.rackOf(settings.homeNode(i, topology.nodeCount()));
        }
        return racks;
    }

    public KvWorkload(
        final ClusterTopology topology,
        final WorkloadSettings settings,
        final NetworkModel network,
        final EventLoop loop,
        final Seeds seeds)
    {
        this.topology = topology;
        this.settings = settings;
        this.network = network;
        this.loop = loop;
        this.timerType = loop.register(this::onTimer);
        this.arrivalType = loop.register(this::onArrival);
        this.startRandom = seeds.random("client-start", 0);
        this.arrivalRandom = seeds.random("client-arrivals", 0);
        // A value's first 8 bytes are its identity (for the checkers); the rest, if any, are zero.
        this.valueBytes = new byte[settings.valueSize()];
        this.valueBuffer = new UnsafeBuffer(valueBytes);
        final int command = MessageHeaderEncoder.ENCODED_LENGTH + KvCommandEncoder.BLOCK_LENGTH + 2 * (4 + settings.valueSize());
        this.commandBuffer = new UnsafeBuffer(new byte[command]);
        this.requestBuffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + ClientRequestEncoder.BLOCK_LENGTH + 4 + command]);
        this.clients = new KvClient[settings.clientCount(topology.nodeCount())];
        for (int i = 0; i < clients.length; i++)
        {
            final int home = settings.homeNode(i, topology.nodeCount());
            clients[i] = new KvClient(i, network.clientEndpoint(i), failOverOrder(topology, home, i), this, seeds.random("client", i));
        }
    }

    /**
     * The nodes a client tries, in order: its home node, the rest of its rack, then every other node
     * starting at an offset that spreads clients over the other racks.
     */
    static int[] failOverOrder(final ClusterTopology topology, final int home, final int clientIndex)
    {
        final int[] rack = topology.rackNodes(topology.rackOf(home));
        final int n = topology.nodeCount();
        final int[] order = new int[n];
        int k = 0;
        int homePos = 0;
        while (rack[homePos] != home)
        {
            homePos++;
        }
        for (int i = 0; i < rack.length; i++)
        {
            order[k++] = rack[(homePos + i) % rack.length];
        }
        final int homeRack = topology.rackOf(home);
        for (int i = 0; i < n; i++)
        {
            final int node = (clientIndex + i) % n;
            if (topology.rackOf(node) != homeRack)
            {
                order[k++] = node;
            }
        }
        return order;
    }

    public WorkloadSettings settings()
    {
        return settings;
    }

    public int clientCount()
    {
        return clients.length;
    }

    int nodeCount()
    {
        return topology.nodeCount();
    }

    /** Schedules every client's first operation within the start spread, or the first open-loop arrival. */
    public void start()
    {
        final long now = loop.nowNs();
        if (settings.isOpenLoop())
        {
            if (clients.length > 0)
            {
                loop.schedule(now + startRandom.nextLong(settings.startSpreadNs()), arrivalType, 0, 0, 0);
            }
            return;
        }
        for (final KvClient c : clients)
        {
            // Drawn from a stream of its own, so the spread does not shift the clients' operation streams.
            c.timerKind = KvClient.TIMER_THINK;
            scheduleTimer(c, now + startRandom.nextLong(settings.startSpreadNs()), ++c.timerToken);
        }
    }

    private void onTimer(final Event event)
    {
        clients[event.target].onTimer(event.longArg, event.timeNs);
    }

    /** One open-loop arrival: the next idle client (round robin) starts an operation; then the next arrival. */
    private void onArrival(final Event event)
    {
        final long now = event.timeNs;
        boolean issued = false;
        for (int i = 0; i < clients.length && !issued; i++) // bounded: one pass over the pool
        {
            final KvClient c = clients[arrivalCursor];
            arrivalCursor = arrivalCursor + 1 == clients.length ? 0 : arrivalCursor + 1;
            if (!c.outstanding)
            {
                c.startOperation(now);
                issued = true;
            }
        }
        if (!issued)
        {
            arrivalsMissed++;
        }
        // Exponential gaps (a Poisson process), at least 1 ns so time always moves forward.
        final double gapNs = -Math.log(1.0 - arrivalRandom.nextDouble()) * 1e9 / settings.openLoopRatePerSec();
        loop.schedule(now + Math.max(1, (long)gapNs), arrivalType, 0, 0, 0);
    }

    /**
     * Maps a wire client id (from a node's {@code sendToClient}) to the client's network endpoint.
     *
     * @return the endpoint, or -1 when no such client exists.
     */
    public int clientEndpointOf(final long wireClientId)
    {
        final long index = (wireClientId & 0xFFFF_FFFFL) - 1;
        if (index < 0 || index >= clients.length)
        {
            return -1;
        }
        return network.clientEndpoint((int)index);
    }

    /** Takes a frame the network delivered to client endpoint {@code toEndpoint}. */
    public void onDelivery(final int toEndpoint, final DirectBuffer buffer, final int offset, final int length)
    {
        final int index = toEndpoint - network.nodeCount();
        if (index < 0 || index >= clients.length)
        {
            foreignFrames++;
            return;
        }
        final int template = validator.validate(buffer, offset, length);
        if (template != ClientResponseDecoder.TEMPLATE_ID)
        {
            if (template < 0)
            {
                malformedResponses++;
            }
            else
            {
                foreignFrames++;
            }
            return;
        }
        responseDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final long wireClientId = responseDecoder.clientId();
        final long sessionId = responseDecoder.sessionId();
        final long sequence = responseDecoder.sequence();
        final ClientStatus status = responseDecoder.status();
        final int hint = responseDecoder.nodeHint();
        KvStatus resultStatus = null;
        long resultValue = KvOperation.ABSENT;
        if (responseDecoder.payloadLength() > 0)
        {
            responseDecoder.wrapPayload(payloadView);
            if (validator.validate(payloadView, 0, payloadView.capacity()) == KvResultDecoder.TEMPLATE_ID)
            {
                resultDecoder.wrapAndApplyHeader(payloadView, 0, headerDecoder);
                resultStatus = resultDecoder.status();
                if (resultDecoder.valueLength() >= 8)
                {
                    resultDecoder.getValue(valueBytes, 0, 8); // the identity; padding is not compared
                    resultValue = valueBuffer.getLong(0, ByteOrder.LITTLE_ENDIAN);
                }
            }
            else
            {
                malformedResponses++;
            }
        }
        clients[index].onResponse(loop.nowNs(), wireClientId, sessionId, sequence, status, hint, resultStatus, resultValue);
    }

    /** Encodes the client's current operation and sends it to its current target node. */
    void sendRequest(final KvClient c)
    {
        final KvOp op = switch (c.type)
        {
            case GET -> KvOp.GET;
            case PUT -> KvOp.PUT;
            case CAS -> KvOp.CAS;
        };
        commandEncoder.wrapAndApplyHeader(commandBuffer, 0, headerEncoder).op(op).key(c.key);
        final int size = valueBytes.length;
        if (c.type == KvOperation.Type.CAS && c.expected != KvOperation.ABSENT)
        {
            // Padding stays zero (decoding overwrites only the first 8 bytes), so the expected bytes
            // equal the stored ones.
            valueBuffer.putLong(0, c.expected, ByteOrder.LITTLE_ENDIAN);
            commandEncoder.putExpected(valueBytes, 0, size);
        }
        else
        {
            commandEncoder.putExpected(valueBytes, 0, 0);
        }
        if (c.type == KvOperation.Type.GET)
        {
            commandEncoder.putValue(valueBytes, 0, 0);
        }
        else
        {
            valueBuffer.putLong(0, c.value, ByteOrder.LITTLE_ENDIAN);
            commandEncoder.putValue(valueBytes, 0, size);
        }
        final int commandLength = MessageHeaderEncoder.ENCODED_LENGTH + commandEncoder.encodedLength();
        requestEncoder.wrapAndApplyHeader(requestBuffer, 0, headerEncoder)
            .clientId(c.wireClientId())
            .sessionId(c.sessionId)
            .sequence(c.sequence)
            .op(c.type == KvOperation.Type.GET ? ClientOp.READ : ClientOp.WRITE)
            .putPayload(commandBuffer, 0, commandLength);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength();
        network.send(c.endpoint, c.targetNode, requestBuffer, 0, length);
    }

    void scheduleTimer(final KvClient c, final long atNs, final long token)
    {
        loop.schedule(atNs, timerType, c.index, 0, token);
    }

    void record(final KvOperation op)
    {
        history.add(op);
        if (!op.isPending())
        {
            latencyUs.recordValue(Math.min(HISTOGRAM_MAX_US, Math.max(0, (op.completeNs() - op.invokeNs()) / 1_000)));
        }
    }

    /**
     * @return the whole history: every finished or abandoned operation in the order it ended, then the
     * operations still outstanding, as pending.
     */
    public List<KvOperation> history()
    {
        final List<KvOperation> all = new ArrayList<>(history.size() + clients.length);
        all.addAll(history);
        for (final KvClient c : clients)
        {
            if (c.outstanding)
            {
                all.add(c.pendingOperation());
            }
        }
        return Collections.unmodifiableList(all);
    }

    /** @return writes (PUT or CAS) the clients were told committed. */
    public List<WriteId> acknowledgedWrites()
    {
        final List<WriteId> acked = new ArrayList<>();
        for (final KvOperation op : history)
        {
            if (!op.isPending() && op.type() != KvOperation.Type.GET)
            {
                acked.add(new WriteId(op.sessionId(), op.sequence()));
            }
        }
        return acked;
    }

    /** @return latencies of answered operations, in simulated microseconds. */
    public Histogram latencyUs()
    {
        return latencyUs;
    }

    /** @return totals over all clients. */
    public WorkloadCounters counters()
    {
        long started = 0;
        long completed = 0;
        long abandoned = 0;
        long retries = 0;
        long timeouts = 0;
        long refusals = 0;
        long stale = 0;
        for (final KvClient c : clients)
        {
            started += c.opsStarted;
            completed += c.opsCompleted;
            abandoned += c.opsAbandoned;
            retries += c.retries;
            timeouts += c.timeouts;
            refusals += c.refusals;
            stale += c.staleResponses;
        }
        return new WorkloadCounters(started, completed, abandoned, retries, timeouts, refusals, stale, malformedResponses, foreignFrames,
            arrivalsMissed);
    }
}
