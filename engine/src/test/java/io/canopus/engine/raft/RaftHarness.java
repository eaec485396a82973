package io.canopus.engine.raft;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.engine.protocol.ElectionEvent;
import io.canopus.engine.protocol.ElectionReason;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.protocol.Role;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.topology.ClusterTopology;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;

/**
 * A few Raft servers over a hand-driven network: messages queue until the test delivers them (or drops them with a
 * filter), time moves only when the test says, and every client answer is kept. Deterministic by construction.
 */
final class RaftHarness
{
    static final long MS = 1_000_000L;

    /** A frame in flight. */
    record Frame(int from, int to, byte[] bytes)
    {
        int templateId()
        {
            return new MessageHeaderDecoder().wrap(new UnsafeBuffer(bytes), 0).templateId();
        }
    }

    /** A client answer. */
    record Answer(int from, long clientId, long sessionId, long sequence, ClientStatus status, int hint, long position)
    {
    }

    final int size;
    final RaftConfig config;
    final ClusterTopology topology;
    final MemoryLog[] logs;
    final RaftNode[] nodes;
    final KeyValueStateMachine[] machines;
    final List<List<Long>> applied = new ArrayList<>();
    final ArrayDeque<Frame> inFlight = new ArrayDeque<>();
    final List<Answer> answers = new ArrayList<>();
    final List<String> elections = new ArrayList<>();
    final boolean[] down;
    long nowNs;
    private final SplittableRandom random = new SplittableRandom(42);

    RaftHarness(final int size, final RaftConfig config)
    {
        this.size = size;
        this.config = config.validate();
        this.topology = ClusterTopology.uniform(1, size, 3);
        this.logs = new MemoryLog[size];
        this.nodes = new RaftNode[size];
        this.machines = new KeyValueStateMachine[size];
        this.down = new boolean[size];
        for (int i = 0; i < size; i++)
        {
            logs[i] = new MemoryLog();
            applied.add(new ArrayList<>());
            boot(i);
        }
    }

    void boot(final int id)
    {
        machines[id] = new KeyValueStateMachine();
        applied.get(id).clear();
        nodes[id] = new RaftNode(id, topology, config, sink(id), logs[id], random::nextLong, machines[id]);
        down[id] = false;
        nodes[id].start(nowNs);
    }

    void crash(final int id)
    {
        down[id] = true;
        inFlight.removeIf(f -> f.to() == id);
    }

    private OutputSink sink(final int id)
    {
        return new OutputSink()
        {
            @Override
            public boolean sendToNode(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                inFlight.add(new Frame(id, nodeId, copy));
                return true;
            }

            @Override
            public boolean sendToRack(final DirectBuffer buffer, final int offset, final int length)
            {
                throw new AssertionError("Raft never multicasts");
            }

            @Override
            public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
            {
                final ClientResponseDecoder d = new ClientResponseDecoder();
                final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(buffer, offset);
                d.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
                answers.add(new Answer(id, d.clientId(), d.sessionId(), d.sequence(), d.status(), d.nodeHint(), d.cycle()));
                return true;
            }

            @Override
            public void onApplied(final long position, final long sessionId, final long sequence, final boolean duplicate)
            {
                applied.get(id).add(duplicate ? -sequence : sequence);
            }

            @Override
            public void onElection(final ElectionEvent event, final ElectionReason reason, final long term)
            {
                elections.add(id + ":" + event + ":" + reason + ":" + term);
            }

            @Override
            public void onRoleChange(final Role role, final long term, final int leaderId)
            {
            }
        };
    }

    /** Delivers queued frames (and what they cause) until none is left or {@code limit} were delivered. */
    int deliverAll(final BiPredicate<Integer, Integer> drop, final int limit)
    {
        int delivered = 0;
        while (!inFlight.isEmpty() && delivered < limit)
        {
            final Frame f = inFlight.poll();
            if (down[f.to()] || drop.test(f.from(), f.to()))
            {
                continue;
            }
            nodes[f.to()].onMessage(nowNs, new UnsafeBuffer(f.bytes()), 0, f.bytes().length);
            delivered++;
            work();
        }
        return delivered;
    }

    int deliverAll()
    {
        return deliverAll((a, b) -> false, 100_000);
    }

    /** Runs every up node's duty cycle at the current time. */
    void work()
    {
        for (int i = 0; i < size; i++)
        {
            if (!down[i])
            {
                nodes[i].doWork(nowNs);
            }
        }
    }

    /** Moves time forward in 1 ms steps, delivering everything after each, until {@code untilNs}. */
    void runUntil(final long untilNs, final BiPredicate<Integer, Integer> drop)
    {
        while (nowNs < untilNs)
        {
            nowNs += MS;
            work();
            deliverAll(drop, 100_000);
        }
    }

    void runUntil(final long untilNs)
    {
        runUntil(untilNs, (a, b) -> false);
    }

    int leader()
    {
        int leader = -1;
        for (int i = 0; i < size; i++)
        {
            if (!down[i] && nodes[i].role() == Role.LEADER)
            {
                if (leader >= 0 && nodes[i].currentTerm() == nodes[leader].currentTerm())
                {
                    throw new AssertionError("two leaders in term " + nodes[i].currentTerm());
                }
                if (leader < 0 || nodes[i].currentTerm() > nodes[leader].currentTerm())
                {
                    leader = i;
                }
            }
        }
        return leader;
    }

    /** Sends a client request straight to {@code node}. */
    void request(final int node, final long clientId, final long sessionId, final long sequence, final ClientOp op, final byte[] payload)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 + payload.length]);
        final ClientRequestEncoder e = new ClientRequestEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.clientId(clientId).sessionId(sessionId).sequence(sequence).op(op).putPayload(payload, 0, payload.length);
        nodes[node].onMessage(nowNs, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    /** Delivers one hand-made frame to {@code node}. */
    void inject(final int node, final UnsafeBuffer buffer, final int length)
    {
        nodes[node].onMessage(nowNs, buffer, 0, length);
    }
}
