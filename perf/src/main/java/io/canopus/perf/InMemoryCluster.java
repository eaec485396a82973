package io.canopus.perf;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.protocol.RandomSource;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.topology.ClusterTopology;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * A small synchronous in-process cluster for benchmarks: real {@link ConsensusNode}s wired by an
 * in-memory network, a virtual clock, and one client, all on the caller's thread.
 *
 * <p>Network: every send is copied into the next slot of a pre-allocated ring of message slots
 * (a rack multicast becomes one slot per other member of the sender's rack); {@link #deliverOne}
 * takes the oldest slot and calls the destination's {@code onMessage} and then its {@code doWork},
 * like one duty cycle of a node that received one frame. Messages are delivered in send order,
 * never lost, duplicated or reordered. Each delivery advances the virtual clock by
 * {@link #HOP_NS}; when nothing is in flight, the clock jumps to the earliest node deadline. So no
 * wall clock is read and the protocol's timers see a plausible, deterministic time.
 *
 * <p>Allocation: none after construction. Slots, decoders, encoders and the client's buffers are
 * allocated once; the random sources are {@link SplittableRandom}s seeded per node, whose
 * {@code nextLong} does not allocate.
 *
 * <p>Limits (exceptions, not silent drops, because they mean the harness is mis-sized): at most
 * {@code ringSlots} messages in flight and at most {@code slotBytes} per frame.
 *
 * <p>Not thread-safe.
 */
public final class InMemoryCluster
{
    /** Virtual time one delivered message takes: a short intra-rack hop. */
    public static final long HOP_NS = 1_000;

    private final ClusterTopology topology;
    private final ConsensusNode[] nodes;
    private final RingDurableLog[] logs;
    private final KeyValueStateMachine[] stateMachines;

    private final int ringMask;
    private final int slotBytes;
    private final UnsafeBuffer ring;
    private final int[] slotDestination;
    private final int[] slotLength;
    private long head;
    private long tail;
    private long delivered;

    private long nowNs;

    // ----- the client
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final KvCommandEncoder commandEncoder = new KvCommandEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final UnsafeBuffer requestBuffer = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer commandBuffer = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer value;
    private long awaitedSession = Long.MIN_VALUE;
    private long awaitedSequence = Long.MIN_VALUE;
    private boolean answered;
    private ClientStatus answerStatus;
    private long answerCycle;
    private long responses;

    /**
     * Builds and starts the nodes.
     *
     * @param topology     the cluster's shape.
     * @param factory      the protocol's node factory.
     * @param seed         seeds every node's {@link RandomSource}.
     * @param ringSlots    messages that may be in flight at once (rounded up to a power of two).
     * @param slotBytes    largest frame carried.
     * @param logCapacity  positions each node's {@link RingDurableLog} keeps.
     * @param valueBytes   size of the value of every PUT the client sends.
     */
    public InMemoryCluster(
        final ClusterTopology topology,
        final NodeFactory factory,
        final long seed,
        final int ringSlots,
        final int slotBytes,
        final int logCapacity,
        final int valueBytes)
    {
        this.topology = topology;
        int slots = 1;
        while (slots < ringSlots)
        {
            slots <<= 1;
        }
        this.ringMask = slots - 1;
        this.slotBytes = slotBytes;
        this.ring = new UnsafeBuffer(new byte[slots * slotBytes]);
        this.slotDestination = new int[slots];
        this.slotLength = new int[slots];

        final byte[] valueBytesArray = new byte[valueBytes];
        for (int i = 0; i < valueBytes; i++)
        {
            valueBytesArray[i] = (byte)('a' + i % 26);
        }
        this.value = new UnsafeBuffer(valueBytesArray);

        final int n = topology.nodeCount();
        nodes = new ConsensusNode[n];
        logs = new RingDurableLog[n];
        stateMachines = new KeyValueStateMachine[n];
        for (int id = 0; id < n; id++)
        {
            logs[id] = new RingDurableLog(logCapacity, 16 * 1024);
            stateMachines[id] = new KeyValueStateMachine();
            final SplittableRandom random = new SplittableRandom(seed * 31 + id);
            final RandomSource source = random::nextLong;
            nodes[id] = factory.create(id, new NodeSink(id), logs[id], source, stateMachines[id]);
        }
        for (final ConsensusNode node : nodes)
        {
            node.start(nowNs);
        }
    }

    public ConsensusNode node(final int id)
    {
        return nodes[id];
    }

    public RingDurableLog log(final int id)
    {
        return logs[id];
    }

    public KeyValueStateMachine stateMachine(final int id)
    {
        return stateMachines[id];
    }

    /** @return the virtual time. */
    public long nowNs()
    {
        return nowNs;
    }

    /** @return messages delivered since construction. */
    public long delivered()
    {
        return delivered;
    }

    /** @return client responses received since construction. */
    public long responses()
    {
        return responses;
    }

    /** @return messages in flight. */
    public int inFlight()
    {
        return (int)(tail - head);
    }

    /**
     * Sends one client write (a ClientRequest carrying a KvCommand PUT of {@code key}) to
     * {@code nodeId} and drives the cluster until its response has come back <em>and</em> the
     * network is quiet again, so one call is one complete consensus cycle at every node.
     *
     * @param maxDeliveries guard against a stuck protocol.
     * @return the cycle that committed the write.
     * @throws IllegalStateException when the write is not answered OK within {@code maxDeliveries}.
     */
    public long write(final int nodeId, final long sessionId, final long sequence, final long key, final int maxDeliveries)
    {
        final int length = encodeWrite(sessionId, sequence, key);
        awaitedSession = sessionId;
        awaitedSequence = sequence;
        answered = false;
        nowNs += HOP_NS;
        nodes[nodeId].onMessage(nowNs, requestBuffer, 0, length);
        nodes[nodeId].doWork(nowNs);

        int budget = maxDeliveries;
        while (!answered || tail != head)
        {
            if (tail != head)
            {
                deliverOne();
            }
            else if (doWorkAll() == 0)
            {
                advanceToDeadline();
            }
            if (--budget == 0)
            {
                throw new IllegalStateException("write " + sessionId + "/" + sequence + " not answered after " + maxDeliveries +
                    " steps; in flight " + inFlight() + ", node " + nodeId + " committed " + nodes[nodeId].committedPosition() +
                    ", " + nodes[nodeId].counters());
            }
        }
        if (answerStatus != ClientStatus.OK)
        {
            throw new IllegalStateException("write " + sessionId + "/" + sequence + " answered " + answerStatus);
        }
        return answerCycle;
    }

    /** Delivers the oldest message in flight to its destination and runs that node's duty work. */
    public void deliverOne()
    {
        final int slot = (int)(head & ringMask);
        final int destination = slotDestination[slot];
        final int length = slotLength[slot];
        head++;
        delivered++;
        nowNs += HOP_NS;
        final ConsensusNode node = nodes[destination];
        node.onMessage(nowNs, ring, slot * slotBytes, length);
        node.doWork(nowNs);
    }

    /** Runs every node's duty work once; returns the total work done. */
    public int doWorkAll()
    {
        int work = 0;
        for (final ConsensusNode node : nodes)
        {
            work += node.doWork(nowNs);
        }
        return work;
    }

    /** Moves the clock to the earliest deadline of any node (at least one nanosecond on). */
    public void advanceToDeadline()
    {
        long deadline = Long.MAX_VALUE;
        for (final ConsensusNode node : nodes)
        {
            deadline = Math.min(deadline, node.nextDeadlineNs());
        }
        nowNs = deadline == Long.MAX_VALUE ? nowNs + HOP_NS : Math.max(nowNs + 1, deadline);
    }

    /** Runs the cluster for {@code durationNs} of virtual time with no client work (boot, view settling). */
    public void idle(final long durationNs)
    {
        final long end = nowNs + durationNs;
        while (nowNs < end)
        {
            if (tail != head)
            {
                deliverOne();
            }
            else if (doWorkAll() == 0)
            {
                advanceToDeadline();
            }
        }
    }

    private int encodeWrite(final long sessionId, final long sequence, final long key)
    {
        // Vary the value's first 8 bytes so that consecutive writes differ, without allocating.
        value.putLong(0, sequence);
        commandEncoder.wrapAndApplyHeader(commandBuffer, 0, headerEncoder)
            .op(KvOp.PUT)
            .key(key)
            .putExpected(value, 0, 0)
            .putValue(value, 0, value.capacity());
        final int commandLength = MessageHeaderEncoder.ENCODED_LENGTH + commandEncoder.encodedLength();
        requestEncoder.wrapAndApplyHeader(requestBuffer, 0, headerEncoder)
            .clientId(sessionId)
            .sessionId(sessionId)
            .sequence(sequence)
            .op(ClientOp.WRITE)
            .putPayload(commandBuffer, 0, commandLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength();
    }

    private void enqueue(final int destination, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > slotBytes)
        {
            throw new IllegalStateException("frame of " + length + " bytes exceeds the harness slot of " + slotBytes);
        }
        if (tail - head > ringMask)
        {
            throw new IllegalStateException("more than " + (ringMask + 1) + " messages in flight");
        }
        final int slot = (int)(tail & ringMask);
        ring.putBytes(slot * slotBytes, buffer, offset, length);
        slotDestination[slot] = destination;
        slotLength[slot] = length;
        tail++;
    }

    private void onClientResponse(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.templateId() != ClientResponseDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("client got template " + headerDecoder.templateId());
        }
        responseDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        responses++;
        if (responseDecoder.sessionId() == awaitedSession && responseDecoder.sequence() == awaitedSequence)
        {
            answered = true;
            answerStatus = responseDecoder.status();
            answerCycle = responseDecoder.cycle();
        }
    }

    /** The output edge of one node: sends land in the shared ring. */
    private final class NodeSink implements OutputSink
    {
        private final int nodeId;
        private final int[] rackPeers;

        NodeSink(final int nodeId)
        {
            this.nodeId = nodeId;
            final int[] rack = topology.rackNodes(topology.rackOf(nodeId));
            int peers = 0;
            final int[] others = new int[rack.length];
            for (final int member : rack)
            {
                if (member != nodeId)
                {
                    others[peers++] = member;
                }
            }
            this.rackPeers = java.util.Arrays.copyOf(others, peers);
        }

        @Override
        public boolean sendToNode(final int destination, final DirectBuffer buffer, final int offset, final int length)
        {
            enqueue(destination, buffer, offset, length);
            return true;
        }

        @Override
        public boolean sendToRack(final DirectBuffer buffer, final int offset, final int length)
        {
            for (final int peer : rackPeers)
            {
                enqueue(peer, buffer, offset, length);
            }
            return true;
        }

        @Override
        public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
        {
            onClientResponse(buffer, offset);
            return true;
        }

        @Override
        public String toString()
        {
            return "NodeSink{" + nodeId + '}';
        }
    }
}
