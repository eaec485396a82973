package io.canopus.sim.host;

import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.ElectionEvent;
import io.canopus.engine.protocol.ElectionReason;
import io.canopus.engine.protocol.Role;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.statemachine.StateMachine;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import io.canopus.sim.net.NetworkModel;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.function.LongToIntFunction;
import java.util.function.Supplier;

/**
 * One simulated machine: the driver of one {@link ConsensusNode}, in the role the duty-cycle agent
 * plays in production. It feeds the node its messages and timers at virtual time, turns its sends
 * into network traffic, owns its simulated disk ({@link InMemoryDurableLog}, which survives crashes)
 * and records what it applies and commits ({@link AppliedRecord}) for the checkers.
 * <p>
 * Work scheduling: after a message is delivered at time t the node's {@code doWork} runs at t
 * (after the other messages already due at t, as one duty cycle), and after every {@code doWork}
 * a wake-up is kept at the node's {@code nextDeadlineNs()}. A wake-up is only added when it is
 * earlier than every one already pending (a pending earlier one will run {@code doWork} and ask
 * again), so the pending wake-ups form a stack, earliest on top, and none is ever cancelled: a
 * deadline wake-up stays valid while messages come and go before it, at the price of an occasional
 * {@code doWork} that finds nothing due (drivers may call it at any time). Hence at most one pending
 * wake-up per node per instant, and few events per delivery.
 * <p>
 * A node that asks to run again at or before now is woken {@link #MIN_WORK_GAP_NS} later, the
 * simulated cost of a duty cycle, so it cannot stall virtual time. If it did no work in that call,
 * the gap doubles on each such idle call up to {@link #MAX_IDLE_GAP_NS}, as an idle strategy backs
 * off; these calls are counted ({@link #dueIdleWakes()}) because they mean a timer the node keeps
 * due without acting on it. Messages still wake it at once.
 * <p>
 * A crash drops the node instance, its state machine and every pending wake-up and in-flight
 * delivery (the network drops those by incarnation stamp); a restart builds a new node through the
 * {@link NodeFactory} over the same log, with a new random stream and a new state machine, and
 * starts it.
 */
public final class SimHost implements OutputSink
{
    /** How long after a doWork the node is woken at the soonest when it asked for "now". */
    public static final long MIN_WORK_GAP_NS = 1_000;
    /** Longest back-off between doWork calls that did nothing while the node's deadline stayed due. */
    public static final long MAX_IDLE_GAP_NS = 100_000;

    private final int nodeId;
    private final NetworkModel network;
    private final EventLoop loop;
    private final int workType;
    private final NodeFactory factory;
    private final Supplier<StateMachine> stateMachines;
    private final Seeds seeds;
    private final LongToIntFunction clientEndpoint;
    private final InMemoryDurableLog log = new InMemoryDurableLog();
    private final AppliedRecord record = new AppliedRecord();
    private final NodeCounters pastCounters = new NodeCounters();

    private ConsensusNode node;
    private StateMachine stateMachine;
    private int incarnation = -1;
    private long[] wakes = new long[8]; // pending wake-up times, strictly decreasing: the top is the earliest
    private int wakeCount;
    private long generation; // tags wake-up events; bumped at a crash so the old ones are ignored
    private long idleGapNs = MIN_WORK_GAP_NS;
    private long crashes;
    private long workCalls;
    private long dueIdleWakes;
    private HostObserver observer = NO_OBSERVER;
    private static final HostObserver NO_OBSERVER = new HostObserver()
    {
    };

    /**
     * @param nodeId         this host's node.
     * @param network        the simulated network.
     * @param loop           the event loop.
     * @param workType       the event type whose events call {@link #onWake(long)}.
     * @param factory        builds the protocol node at boot and at every restart.
     * @param stateMachines  a fresh state machine per incarnation (memory does not survive a crash).
     * @param seeds          where the node's random streams come from.
     * @param clientEndpoint maps a client id from a node's {@code sendToClient} to a network endpoint,
     *                       or -1 when unknown.
     */
    public SimHost(
        final int nodeId,
        final NetworkModel network,
        final EventLoop loop,
        final int workType,
        final NodeFactory factory,
        final Supplier<StateMachine> stateMachines,
        final Seeds seeds,
        final LongToIntFunction clientEndpoint)
    {
        this.nodeId = nodeId;
        this.network = network;
        this.loop = loop;
        this.workType = workType;
        this.factory = factory;
        this.stateMachines = stateMachines;
        this.seeds = seeds;
        this.clientEndpoint = clientEndpoint;
    }

    public int nodeId()
    {
        return nodeId;
    }

    /** @return the running node, or null while crashed. */
    public ConsensusNode node()
    {
        return node;
    }

    /** @return the state machine of the running incarnation, or null while crashed. */
    public StateMachine stateMachine()
    {
        return stateMachine;
    }

    public boolean isUp()
    {
        return node != null;
    }

    /** @return true when running and an active member of its rack's view. */
    public boolean isUpAndActive()
    {
        return node != null && node.isActiveMember();
    }

    /** @return 0 for the first boot, +1 per restart. */
    public int incarnation()
    {
        return incarnation;
    }

    public long crashes()
    {
        return crashes;
    }

    /** @return doWork calls made on this host's nodes. */
    public long workCalls()
    {
        return workCalls;
    }

    /** @return doWork calls that did no work and left the node's deadline already due. */
    public long dueIdleWakes()
    {
        return dueIdleWakes;
    }

    /** Sets the observer of this host's node reports; {@code null} removes it. */
    public void observer(final HostObserver observer)
    {
        this.observer = observer == null ? NO_OBSERVER : observer;
    }

    public InMemoryDurableLog log()
    {
        return log;
    }

    public AppliedRecord record()
    {
        return record;
    }

    /** @return the node's counters summed over all its incarnations so far. */
    public NodeCounters countersTotal()
    {
        final NodeCounters total = new NodeCounters();
        CounterTotals.addInto(total, pastCounters);
        if (node != null)
        {
            CounterTotals.addInto(total, node.counters());
        }
        return total;
    }

    /** Builds and starts a new incarnation of the node (first boot or restart). */
    public void boot()
    {
        if (node != null)
        {
            throw new IllegalStateException("node " + nodeId + " is already running");
        }
        final long now = loop.nowNs();
        incarnation++;
        if (incarnation > 0)
        {
            record.onRestart();
        }
        stateMachine = stateMachines.get();
        node = factory.create(nodeId, this, log, seeds.randomSource("node", ((long)nodeId << 32) | incarnation), stateMachine);
        if (node.nodeId() != nodeId)
        {
            throw new IllegalStateException("factory built node " + node.nodeId() + " for id " + nodeId);
        }
        network.nodeUp(nodeId);
        observer.onBoot(now, nodeId, incarnation);
        node.start(now);
        requestWake(now);
    }

    /** Crashes the node: it, its memory, its timers and the messages flying to it are gone. */
    public void crash()
    {
        if (node == null)
        {
            return;
        }
        CounterTotals.addInto(pastCounters, node.counters());
        node = null;
        stateMachine = null;
        crashes++;
        network.nodeDown(nodeId);
        observer.onCrash(loop.nowNs(), nodeId);
        wakeCount = 0;
        generation++;
        idleGapNs = MIN_WORK_GAP_NS;
    }

    /** Feeds a delivered frame to the node and schedules its doWork now. */
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (node == null)
        {
            return; // the network already drops deliveries to crashed nodes; kept for direct callers
        }
        final long now = loop.nowNs();
        node.onMessage(now, buffer, offset, length);
        idleGapNs = MIN_WORK_GAP_NS;
        // Like a duty-cycle agent that polls a batch of fragments and then does its work once,
        // deliveries within one duty cycle share a doWork at the end of it.
        requestWake((now + DUTY_CYCLE_NS - 1) / DUTY_CYCLE_NS * DUTY_CYCLE_NS);
    }

    /**
     * Simulated duty-cycle length: doWork after deliveries is aligned up to this grid, so the
     * protocol sees natural batching (one report, one round of checks for several messages) as it
     * does under the Aeron runtime, at the cost of at most this much latency per hop.
     */
    public static final long DUTY_CYCLE_NS = 5_000;

    /** Handles a wake-up event tagged {@code eventGeneration}; those from before a crash are ignored. */
    public void onWake(final long eventGeneration)
    {
        if (eventGeneration != generation || node == null)
        {
            return;
        }
        wakeCount--; // wake-ups fire in time order, so this one is the top of the stack
        final long now = loop.nowNs();
        if (network.isPaused(nodeId, now))
        {
            requestWake(network.pausedUntilNs(nodeId));
            return;
        }
        workCalls++;
        final int work = node.doWork(now);
        final long deadline = node.nextDeadlineNs();
        if (deadline == Long.MAX_VALUE)
        {
            return;
        }
        long gap = MIN_WORK_GAP_NS;
        if (deadline > now || work > 0)
        {
            idleGapNs = MIN_WORK_GAP_NS;
        }
        else
        {
            dueIdleWakes++;
            gap = idleGapNs;
            idleGapNs = Math.min(idleGapNs << 1, MAX_IDLE_GAP_NS);
        }
        requestWake(Math.max(deadline, now + gap));
    }

    /** Ensures a doWork no later than {@code timeNs}. */
    public void requestWake(final long requestedNs)
    {
        final long timeNs = Math.max(requestedNs, loop.nowNs());
        if (node == null || (wakeCount > 0 && wakes[wakeCount - 1] <= timeNs))
        {
            return;
        }
        if (wakeCount == wakes.length)
        {
            wakes = Arrays.copyOf(wakes, wakeCount << 1);
        }
        wakes[wakeCount++] = timeNs;
        loop.schedule(timeNs, workType, nodeId, 0, generation);
    }

    // ---------------------------------------------------------------- OutputSink

    @Override
    public boolean sendToNode(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (nodeId < 0 || nodeId >= network.nodeCount())
        {
            return false;
        }
        return network.send(this.nodeId, nodeId, buffer, offset, length);
    }

    @Override
    public boolean sendToRack(final DirectBuffer buffer, final int offset, final int length)
    {
        network.sendToRack(nodeId, buffer, offset, length);
        return true;
    }

    @Override
    public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int endpoint = clientEndpoint.applyAsInt(clientId);
        if (endpoint < 0)
        {
            return false;
        }
        return network.send(nodeId, endpoint, buffer, offset, length);
    }

    @Override
    public void onApplied(final long position, final long sessionId, final long sequence, final boolean duplicate)
    {
        record.onApplied(position, sessionId, sequence, duplicate);
    }

    @Override
    public void onCommitted(final long position, final int proposals, final int writes)
    {
        record.onCommitted(position, writes, loop.nowNs());
        observer.onCommitted(loop.nowNs(), nodeId, position, proposals, writes);
    }

    @Override
    public void onRoleChange(final Role role, final long term, final int leaderId)
    {
        observer.onRoleChange(loop.nowNs(), nodeId, role, term, leaderId);
    }

    @Override
    public void onElection(final ElectionEvent event, final ElectionReason reason, final long term)
    {
        observer.onElection(loop.nowNs(), nodeId, event, reason, term);
    }

    @Override
    public String toString()
    {
        return "SimHost{node=" + nodeId + ", incarnation=" + incarnation + ", up=" + (node != null) + '}';
    }
}
