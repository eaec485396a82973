package io.canopus.engine.canopus;

import io.canopus.codecs.CatchUpRequestDecoder;
import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.JoinRequestDecoder;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.codecs.ProposalPullDecoder;
import io.canopus.codecs.RestartStatusDecoder;
import io.canopus.codecs.StabilityReportDecoder;
import io.canopus.codecs.StateHeaderDecoder;
import io.canopus.codecs.StateRequestDecoder;
import io.canopus.codecs.StateStatus;
import io.canopus.codecs.ViewAcceptDecoder;
import io.canopus.codecs.ViewAcceptedDecoder;
import io.canopus.codecs.ViewDecidedDecoder;
import io.canopus.codecs.ViewPrepareDecoder;
import io.canopus.codecs.ViewPromiseDecoder;
import io.canopus.codecs.ViewQueryDecoder;
import io.canopus.codecs.frame.FrameValidator;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.DurableLog;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.protocol.RandomSource;
import io.canopus.engine.statemachine.SessionTable;
import io.canopus.engine.statemachine.StateMachine;
import io.canopus.engine.topology.ClusterTopology;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One Canopus replica (CoNEXT 2017), IO-free: see DESIGN.md section 3 and the classes it uses:
 * {@link StabilityTracker} (uniform round 1), {@link ViewChange} (rack membership),
 * {@link ClientQueues} (client work), {@link CycleSlot} (one cycle in flight) and
 * {@link Wire} (every message it sends).
 * <p>
 * A cycle commits once every rack's proposals for it are known and held: the own rack's through
 * round 1, the other racks' through vnode states fetched from their emulators (all heights are
 * fetched at once, which pipelines the paper's rounds 2..h). The committed order is all proposals
 * sorted by (random, nodeId).
 */
public final class CanopusNode implements ConsensusNode
{
    /** Durable metadata key of the incarnation counter. */
    public static final int META_INCARNATION = 1;
    /**
     * Durable metadata key of the highest incarnation that installed a rack table. An incarnation
     * that never had a table proposed, reported, promised and accepted nothing, so a restart may
     * keep it; one that had a table must not come back, since peers may hold its words.
     */
    public static final int META_USED_INCARNATION = 2;
    /** Durable metadata key of the highest rack epoch this node installed (for a cold restart). */
    public static final int META_EPOCH = 3;

    private final int nodeId;
    private final int rack;
    private final ClusterTopology topology;
    private final CanopusConfig config;
    private final OutputSink sink;
    private final DurableLog log;
    private final RandomSource random;
    private final StateMachine stateMachine;
    private final SessionTable sessions;
    private final NodeCounters counters = new NodeCounters();
    private final FrameValidator validator = new FrameValidator();
    private final Wire wire;

    private final RackTable table = new RackTable();
    private final StabilityTracker stability = new StabilityTracker();
    private final ViewChange viewChange = new ViewChange();
    private final ClientQueues clients;

    private final CycleSlot[] slots;
    private final int window;
    private final int[] siblingHeight;
    private final int[] siblingIndex;
    /** Per sibling vnode: the last cycle the standing request of this node covers. */
    private final long[] subscribedThrough;
    private final int[] rackEntryNodes = new int[RackTable.MAX_ENTRIES];
    private final int[] rackEntryIncs = new int[RackTable.MAX_ENTRIES];
    private final CycleMerge merge;
    private final int[] headerNodes;
    private final int[] headerIncs;

    private final int[] parkedNode;
    private final long[] parkedCycle;
    private final int[] parkedHeight;
    private final int[] parkedIndex;
    private int parked;

    private final ExpandableArrayBuffer recordBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final ExpandableArrayBuffer readBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final ExpandableArrayBuffer resultBuffer = new ExpandableArrayBuffer(StateMachine.MAX_RESULT_LENGTH);
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ProposalDecoder proposalDecoder = new ProposalDecoder();
    private final StabilityReportDecoder reportDecoder = new StabilityReportDecoder();
    private final ProposalPullDecoder pullDecoder = new ProposalPullDecoder();
    private final StateRequestDecoder stateRequestDecoder = new StateRequestDecoder();
    private final StateHeaderDecoder stateHeaderDecoder = new StateHeaderDecoder();
    private final CatchUpRequestDecoder catchUpDecoder = new CatchUpRequestDecoder();
    private final ViewPrepareDecoder prepareDecoder = new ViewPrepareDecoder();
    private final ViewPromiseDecoder promiseDecoder = new ViewPromiseDecoder();
    private final ViewAcceptDecoder acceptDecoder = new ViewAcceptDecoder();
    private final ViewAcceptedDecoder acceptedDecoder = new ViewAcceptedDecoder();
    private final ViewDecidedDecoder decidedDecoder = new ViewDecidedDecoder();
    private final JoinRequestDecoder joinDecoder = new JoinRequestDecoder();
    private final ViewQueryDecoder queryDecoder = new ViewQueryDecoder();
    private final RestartStatusDecoder restartDecoder = new RestartStatusDecoder();
    private final ClientRequestDecoder clientDecoder = new ClientRequestDecoder();
    private final ProposalEncoder proposalEncoder = new ProposalEncoder();

    private final ColdRestart cold;
    private final RackTable coldScratch = new RackTable();

    private int incarnation;
    private int usedIncarnation;
    private long installedEpoch;
    private long committed;
    private long started;
    private long highestSeen;
    private long lastStartNs;
    private long lastReportNs;
    private long lastJoinNs = Long.MIN_VALUE / 2;
    private long lastCatchUpNs = Long.MIN_VALUE / 2;
    private long catchUpAttempts;
    private long lastQueryNs = Long.MIN_VALUE / 2;
    private long nowNs;
    private boolean wasMember;

    public CanopusNode(
        final int nodeId,
        final ClusterTopology topology,
        final CanopusConfig config,
        final OutputSink sink,
        final DurableLog log,
        final RandomSource random,
        final StateMachine stateMachine)
    {
        config.validate();
        if (nodeId < 0 || nodeId >= topology.nodeCount())
        {
            throw new IllegalArgumentException("node " + nodeId + " is not in " + topology);
        }
        this.nodeId = nodeId;
        this.rack = topology.rackOf(nodeId);
        this.topology = topology;
        this.config = config;
        this.sink = sink;
        this.log = log;
        this.random = random;
        this.stateMachine = stateMachine;
        this.sessions = new SessionTable(config.maxSessions());
        this.clients = new ClientQueues(config.maxPendingWrites(), config.maxPendingReads(), config.maxPayloadBytes());
        this.wire = new Wire(nodeId, sink, counters, config.maxProposalBytes());
        this.cold = new ColdRestart(topology.nodeCount());

        int siblings = 0;
        final int[] sh = new int[topology.rackCount() * topology.height() + 1];
        final int[] si = new int[sh.length];
        for (int h = 2; h <= topology.height(); h++)
        {
            final int parent = topology.ancestorOfRack(rack, h);
            final int own = topology.ancestorOfRack(rack, h - 1);
            for (int c = parent * topology.fanout(), end = c + topology.fanout(); c < end; c++)
            {
                if (c != own && topology.vnodeExists(h - 1, c))
                {
                    sh[siblings] = h - 1;
                    si[siblings] = c;
                    siblings++;
                }
            }
        }
        siblingHeight = java.util.Arrays.copyOf(sh, siblings);
        siblingIndex = java.util.Arrays.copyOf(si, siblings);
        subscribedThrough = new long[siblings];
        java.util.Arrays.fill(subscribedThrough, -1);

        window = config.windowSlots();
        slots = new CycleSlot[window];
        for (int i = 0; i < window; i++)
        {
            slots[i] = new CycleSlot(topology.nodeCount(), topology.rackCount(), RackTable.MAX_ENTRIES, siblings);
        }
        merge = new CycleMerge(topology.nodeCount());
        headerNodes = new int[topology.nodeCount() + RackTable.MAX_ENTRIES];
        headerIncs = new int[headerNodes.length];
        final int maxParked = config.maxPendingStateRequests();
        parkedNode = new int[maxParked];
        parkedCycle = new long[maxParked];
        parkedHeight = new int[maxParked];
        parkedIndex = new int[maxParked];
    }

    // ------------------------------------------------------------------ ConsensusNode

    @Override
    public int nodeId()
    {
        return nodeId;
    }

    @Override
    public void start(final long nowNs)
    {
        this.nowNs = nowNs;
        final int last = (int)log.readMetadata(META_INCARNATION, 0);
        usedIncarnation = (int)log.readMetadata(META_USED_INCARNATION, 0);
        installedEpoch = log.readMetadata(META_EPOCH, -1);
        incarnation = last == 0 || usedIncarnation >= last ? last + 1 : last;
        if (incarnation != last)
        {
            log.writeMetadata(META_INCARNATION, incarnation);
        }
        replayLog();
        if (last == 0)
        {
            table.initial(topology.rackNodes(rack));
            markUsed();
            installedEpoch = 0;
            log.writeMetadata(META_EPOCH, installedEpoch);
        }
        else
        {
            counters.restarts++;
        }
        started = committed;
        highestSeen = committed;
        lastStartNs = nowNs;
        onTableChanged();
    }

    @Override
    public void onMessage(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        this.nowNs = nowNs;
        counters.messagesReceived++;
        final int templateId = validator.validate(buffer, offset, length);
        if (templateId < 0)
        {
            counters.framesRejected++;
            return;
        }
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (templateId)
        {
            case ProposalDecoder.TEMPLATE_ID:
                proposalDecoder.wrap(buffer, body, blockLength, version);
                onProposal(buffer, offset, length);
                break;
            case StabilityReportDecoder.TEMPLATE_ID:
                reportDecoder.wrap(buffer, body, blockLength, version);
                onReport();
                break;
            case ProposalPullDecoder.TEMPLATE_ID:
                pullDecoder.wrap(buffer, body, blockLength, version);
                onPull();
                break;
            case StateRequestDecoder.TEMPLATE_ID:
                stateRequestDecoder.wrap(buffer, body, blockLength, version);
                onStateRequest(stateRequestDecoder.requesterId(), stateRequestDecoder.cycle(),
                    stateRequestDecoder.height(), stateRequestDecoder.vnodeIndex());
                break;
            case StateHeaderDecoder.TEMPLATE_ID:
                stateHeaderDecoder.wrap(buffer, body, blockLength, version);
                onStateHeader();
                break;
            case CatchUpRequestDecoder.TEMPLATE_ID:
                catchUpDecoder.wrap(buffer, body, blockLength, version);
                onCatchUpRequest();
                break;
            case ViewPrepareDecoder.TEMPLATE_ID:
                prepareDecoder.wrap(buffer, body, blockLength, version);
                onPrepare();
                break;
            case ViewPromiseDecoder.TEMPLATE_ID:
                promiseDecoder.wrap(buffer, body, blockLength, version);
                onPromise();
                break;
            case ViewAcceptDecoder.TEMPLATE_ID:
                acceptDecoder.wrap(buffer, body, blockLength, version);
                onAccept();
                break;
            case ViewAcceptedDecoder.TEMPLATE_ID:
                acceptedDecoder.wrap(buffer, body, blockLength, version);
                onAccepted();
                break;
            case ViewDecidedDecoder.TEMPLATE_ID:
                decidedDecoder.wrap(buffer, body, blockLength, version);
                onDecided();
                break;
            case JoinRequestDecoder.TEMPLATE_ID:
                joinDecoder.wrap(buffer, body, blockLength, version);
                onJoinRequest();
                break;
            case ViewQueryDecoder.TEMPLATE_ID:
                queryDecoder.wrap(buffer, body, blockLength, version);
                onViewQuery();
                break;
            case RestartStatusDecoder.TEMPLATE_ID:
                restartDecoder.wrap(buffer, body, blockLength, version);
                onRestartStatus();
                break;
            case ClientRequestDecoder.TEMPLATE_ID:
                clientDecoder.wrap(buffer, body, blockLength, version);
                onClientRequest();
                break;
            default:
                counters.framesRejected++; // a valid frame this node never receives (e.g. a response)
        }
    }

    @Override
    public int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = 0;
        work += checkMembership();
        work += startCycles();
        work += completeRounds();
        work += commitReady();
        work += answerReads();
        work += answerParked();
        work += timers();
        work += sendReport();
        return work;
    }

    @Override
    public long nextDeadlineNs()
    {
        final long tick = nowNs + config.tickIntervalNs();
        // A heartbeat that is already due but cannot start (pipeline full, not a member) must not
        // pin the deadline in the past: the driver would call doWork in a loop for nothing.
        long heartbeat = lastStartNs + config.heartbeatIntervalNs();
        if (heartbeat <= nowNs)
        {
            heartbeat = tick;
        }
        if (started > committed || !isActiveMember() || viewChange.coordinating || viewChange.frozen || clients.hasWork() ||
            clients.pendingReads() > 0 || highestSeen > committed || parked > 0)
        {
            return Math.min(heartbeat, tick);
        }
        final long report = lastReportNs + config.heartbeatIntervalNs();
        return Math.min(heartbeat, report <= nowNs ? tick : report);
    }

    @Override
    public boolean isActiveMember()
    {
        if (!table.isKnown())
        {
            return false;
        }
        final int e = table.indexOf(nodeId, incarnation);
        return e >= 0 && table.isActive(e);
    }

    @Override
    public long committedPosition()
    {
        return committed;
    }

    @Override
    public NodeCounters counters()
    {
        return counters;
    }

    /** @return rejected frames by reason (the total is also in {@link NodeCounters#framesRejected}, with semantic rejections). */
    public io.canopus.codecs.frame.RejectionCounters frameRejections()
    {
        return validator.counters();
    }

    /** @return this node's current incarnation (1 on first boot, +1 per restart). */
    public int incarnation()
    {
        return incarnation;
    }

    /** @return the highest cycle this node proposed in. */
    public long startedCycle()
    {
        return started;
    }

    /** @return the decided epoch of this node's rack table, -1 if unknown. */
    public long epoch()
    {
        return table.epoch();
    }

    /** @return a one-line description of this node's progress, for diagnostics (allocates; not for hot paths). */
    public String describeState()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("node ").append(nodeId).append('@').append(incarnation).append(" rack ").append(rack)
            .append(" committed=").append(committed).append(" started=").append(started).append(" seen=").append(highestSeen)
            .append(" member=").append(isActiveMember()).append(" frozen=").append(viewChange.frozen)
            .append(" coordinating=").append(viewChange.coordinating).append(" joins=").append(viewChange.joins)
            .append(" promised=").append(viewChange.promisedEpoch).append('/').append(viewChange.promisedRound).append('.').append(viewChange.promisedNode)
            .append(" parked=").append(parked).append(' ').append(table);
        final CycleSlot slot = slotIfPresent(committed + 1);
        if (slot != null)
        {
            sb.append(" next{started=").append(slot.started).append(" member=").append(isMemberOf(slot.cycle)).append(" racks=");
            for (int r = 0; r < topology.rackCount(); r++)
            {
                sb.append(slot.rackKnown[r] ? (slot.rackComplete[r] ? 'C' : 'K') : '-');
            }
            sb.append(" held=");
            for (int n = 0; n < topology.nodeCount(); n++)
            {
                sb.append(slot.proposals[n].present ? String.valueOf(slot.proposals[n].incarnation) : ".");
            }
            sb.append('}');
        }
        sb.append(" stable=");
        for (int e = 0; e < table.size(); e++)
        {
            sb.append(e == 0 ? "" : ",").append(stability.stableThrough[e] == StabilityTracker.VACUOUS ? "inf" : String.valueOf(stability.stableThrough[e]))
                .append('/').append(stability.heldThrough[e] == StabilityTracker.VACUOUS ? "inf" : String.valueOf(stability.heldThrough[e]));
        }
        return sb.toString();
    }

    /** @return a readable copy of the rack table, for diagnostics and tests. */
    public String describeTable()
    {
        return table.toString();
    }

    // ------------------------------------------------------------------ membership helpers

    private int selfEntry()
    {
        return table.isKnown() ? table.indexOf(nodeId, incarnation) : -1;
    }

    private boolean isMemberOf(final long cycle)
    {
        return table.isKnown() && table.isMember(nodeId, incarnation, cycle);
    }

    private CycleSlot slotIfPresent(final long cycle)
    {
        final CycleSlot slot = slots[(int)(cycle & (window - 1))];
        return slot.cycle == cycle ? slot : null;
    }

    /** @return the slot of {@code cycle}, claiming it if free; null when outside the window. */
    private CycleSlot slot(final long cycle)
    {
        if (cycle <= committed || cycle > committed + window)
        {
            return null;
        }
        final CycleSlot slot = slots[(int)(cycle & (window - 1))];
        if (slot.cycle != cycle)
        {
            assert slot.isFree() || slot.cycle <= committed : "slot of " + slot.cycle + " reused for " + cycle;
            slot.reset(cycle, nowNs);
        }
        return slot;
    }

    private void noteCycle(final long cycle)
    {
        if (cycle > highestSeen)
        {
            highestSeen = cycle;
        }
    }

    // ------------------------------------------------------------------ proposals and round 1

    private void onProposal(final DirectBuffer buffer, final int offset, final int length)
    {
        final long cycle = proposalDecoder.cycle();
        final int proposer = proposalDecoder.nodeId();
        if (proposer < 0 || proposer >= topology.nodeCount())
        {
            counters.framesRejected++;
            return;
        }
        if (topology.rackOf(proposer) == rack && !isRelayed())
        {
            noteCycle(cycle);
            noteHeard(proposer, proposalDecoder.incarnation());
            if (proposalDecoder.epoch() > table.epoch())
            {
                queryView(proposalDecoder.senderId());
            }
        }
        final CycleSlot slot = slot(cycle);
        if (slot == null)
        {
            return;
        }
        storeProposal(slot, proposer, proposalDecoder.incarnation(), proposalDecoder.random(), buffer, offset, length);
    }

    private boolean isRelayed()
    {
        return proposalDecoder.relayed() != 0;
    }

    private void storeProposal(
        final CycleSlot slot, final int proposer, final int inc, final long rnd, final DirectBuffer buffer, final int offset, final int length)
    {
        final ProposalCopy copy = slot.proposals[proposer];
        if (copy.present && copy.incarnation >= inc)
        {
            return; // already held (proposals are immutable per (cycle, node, incarnation))
        }
        copy.frame.putBytes(0, buffer, offset, length);
        copy.length = length;
        copy.incarnation = inc;
        copy.random = rnd;
        copy.present = true;
        final int r = topology.rackOf(proposer);
        if (r == rack)
        {
            stability.stale = true;
        }
        slot.refreshRack(r);
    }

    /** Recomputes holdings and stability when an input changed since the last time. */
    private void refreshStability()
    {
        if (stability.stale)
        {
            stability.stale = false;
            refreshHeld();
            stability.recompute(table, selfEntry());
        }
    }

    /** Recomputes this node's gap-free holdings of every rack entry. */
    private void refreshHeld()
    {
        for (int e = 0, size = table.size(); e < size; e++)
        {
            long held = Math.max(stability.heldThrough[e], Math.max(committed, table.from(e) - 1));
            while (held != StabilityTracker.VACUOUS)
            {
                final long next = held + 1;
                if (next > table.to(e))
                {
                    held = StabilityTracker.VACUOUS;
                    break;
                }
                if (next <= committed)
                {
                    held = next;
                    continue;
                }
                final CycleSlot slot = slotIfPresent(next);
                if (slot == null)
                {
                    break;
                }
                final ProposalCopy copy = slot.proposals[table.node(e)];
                if (!copy.present || copy.incarnation != table.incarnation(e))
                {
                    break;
                }
                held = next;
            }
            if (held != stability.heldThrough[e])
            {
                stability.heldThrough[e] = held;
                stability.dirty = true;
            }
        }
    }

    private void onReport()
    {
        final int reporterId = reportDecoder.nodeId();
        if (reportDecoder.rack() != rack || reporterId < 0 || reporterId >= topology.nodeCount() || topology.rackOf(reporterId) != rack)
        {
            counters.framesRejected++;
            return;
        }
        noteCycle(reportDecoder.startedCycle());
        if (!table.isKnown())
        {
            return;
        }
        if (reportDecoder.epoch() != table.epoch())
        {
            if (reportDecoder.epoch() > table.epoch())
            {
                queryView(reportDecoder.nodeId());
            }
            return;
        }
        final int reporter = table.indexOf(reportDecoder.nodeId(), reportDecoder.incarnation());
        if (reporter < 0)
        {
            return;
        }
        stability.lastHeardNs[reporter] = nowNs;
        for (final StabilityReportDecoder.HeldDecoder held : reportDecoder.held())
        {
            final int member = table.indexOf(held.memberId(), held.memberIncarnation());
            if (member >= 0)
            {
                stability.onReport(reporter, member, held.heldThrough());
            }
        }
    }

    private void noteHeard(final int node, final int inc)
    {
        if (table.isKnown())
        {
            final int e = table.indexOf(node, inc);
            if (e >= 0)
            {
                stability.lastHeardNs[e] = nowNs;
            }
        }
    }

    private void onPull()
    {
        final int requester = pullDecoder.requesterId();
        final long cycle = pullDecoder.cycle();
        final int target = pullDecoder.nodeId();
        if (requester < 0 || requester >= topology.nodeCount() || target < 0 || target >= topology.nodeCount())
        {
            counters.framesRejected++;
            return;
        }
        final CycleSlot slot = slotIfPresent(cycle);
        if (slot != null)
        {
            final ProposalCopy copy = slot.proposals[target];
            if (copy.present && copy.incarnation == pullDecoder.incarnation())
            {
                wire.sendFrame(requester, copy.frame, 0, copy.length);
            }
            return;
        }
        if (cycle <= committed)
        {
            serveFromLog(requester, cycle, 0, 0, target);
        }
    }

    private int sendReport()
    {
        if (!isActiveMember())
        {
            return 0;
        }
        if (viewChange.frozen)
        {
            // A frozen member repeats only what it promised: that reveals no new holding (so it
            // cannot make anything stable that the chosen horizons do not cover), and it keeps the
            // member heard, so its silence is not mistaken for a crash.
            if (nowNs - lastReportNs < config.heartbeatIntervalNs())
            {
                return 0;
            }
            lastReportNs = nowNs;
            wire.sendReport(rack, incarnation, table, viewChange.frozenHeld, committed, started);
            return 1;
        }
        refreshStability();
        if (!stability.dirty && nowNs - lastReportNs < config.heartbeatIntervalNs())
        {
            return 0;
        }
        stability.dirty = false;
        lastReportNs = nowNs;
        wire.sendReport(rack, incarnation, table, stability.heldThrough, committed, started);
        return 1;
    }

    // ------------------------------------------------------------------ cycle pacing

    private int startCycles()
    {
        if (!table.isKnown())
        {
            return 0;
        }
        int work = 0;
        while (true)
        {
            final long next = started + 1;
            if (!isMemberOf(next))
            {
                break;
            }
            final long inFlight = next - committed;
            final boolean messageDriven = highestSeen >= next;
            final boolean due = messageDriven || clients.hasWork() || nowNs - lastStartNs >= config.heartbeatIntervalNs();
            final long limit = messageDriven ? window - 1 : config.pipelineDepth();
            if (!due || inFlight > limit)
            {
                break;
            }
            startCycle(next);
            work++;
        }
        return work;
    }

    private void startCycle(final long cycle)
    {
        final CycleSlot slot = slot(cycle);
        assert slot != null : "cycle " + cycle + " outside window, committed " + committed;
        assert cycle == started + 1 : "cycles start in order";
        assert cycle - committed < window : "cycle " + cycle + " beyond the window over " + committed;
        slot.started = true;
        slot.startedAtNs = nowNs;
        slot.ownRackWaitSinceNs = nowNs;
        final ProposalCopy copy = slot.proposals[nodeId];
        final int taken = wire.encodeProposal(copy, cycle, incarnation, table.epoch(), random.nextLong(), clients,
            config.maxWritesPerProposal());
        clients.takeWrites(taken);
        clients.assignReads(cycle);
        copy.present = true;
        copy.incarnation = incarnation;
        started = cycle;
        noteCycle(cycle);
        lastStartNs = nowNs;
        counters.cyclesStarted++;
        stability.stale = true;
        wire.sendToRack(copy.frame, 0, copy.length);
        slot.refreshRack(rack);
    }

    // ------------------------------------------------------------------ completing rounds

    private int completeRounds()
    {
        if (!table.isKnown())
        {
            return 0;
        }
        refreshStability();
        int work = 0;
        final long last = Math.min(committed + window, Math.max(started, highestSeen));
        for (long c = committed + 1; c <= last; c++)
        {
            final CycleSlot slot = slotIfPresent(c);
            if (slot == null)
            {
                continue;
            }
            if (!slot.rackKnown[rack] && isMemberOf(c) && !viewChange.frozen && round1Complete(slot, c))
            {
                work++;
            }
            for (int s = 0; s < siblingHeight.length; s++)
            {
                if (slot.relayPending[s] && vnodeComplete(slot, siblingHeight[s], siblingIndex[s]))
                {
                    slot.relayPending[s] = false;
                    sendVnodeState(-1, slot, siblingHeight[s], siblingIndex[s], true);
                    counters.relaysSent++;
                    work++;
                }
            }
        }
        return work;
    }

    /** Round 1 ends when every member's proposal for the cycle is held here and stable. */
    private boolean round1Complete(final CycleSlot slot, final long cycle)
    {
        if (cycle < table.prunedBelow())
        {
            return false;
        }
        int n = 0;
        for (int e = 0, size = table.size(); e < size; e++)
        {
            if (!table.covers(e, cycle))
            {
                continue;
            }
            final ProposalCopy copy = slot.proposals[table.node(e)];
            if (!copy.present || copy.incarnation != table.incarnation(e) || stability.stableThrough[e] < cycle)
            {
                return false;
            }
            rackEntryNodes[n] = table.node(e);
            rackEntryIncs[n] = table.incarnation(e);
            n++;
        }
        if (!slot.setRackMembers(rack, n, rackEntryNodes, rackEntryIncs))
        {
            throw new IllegalStateException("safety: rack " + rack + " cycle " + cycle + " membership differs from a received state at node " + nodeId);
        }
        slot.refreshRack(rack);
        return true;
    }

    private boolean vnodeComplete(final CycleSlot slot, final int height, final int index)
    {
        for (int r = topology.firstRack(height, index), end = topology.endRack(height, index); r < end; r++)
        {
            if (!slot.rackComplete[r])
            {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ vnode states (rounds > 1, catch-up)

    private void onStateRequest(final int requester, final long cycle, final int height, final int index)
    {
        if (requester < 0 || requester >= topology.nodeCount() || !topology.vnodeExists(height, index) ||
            topology.ancestorOfRack(rack, height) != index)
        {
            counters.framesRejected++;
            return;
        }
        noteCycle(Math.min(cycle, committed + window));
        if (cycle <= committed)
        {
            serveFromLog(requester, cycle, height, index, -1);
            return;
        }
        final CycleSlot slot = slot(cycle);
        if (slot != null && vnodeComplete(slot, height, index))
        {
            sendVnodeState(requester, slot, height, index, false);
            subscribe(requester, cycle, height, index);
            return;
        }
        if (slot == null || !park(requester, cycle, height, index))
        {
            wire.sendStateUnavailable(requester, cycle, height, index);
            return;
        }
        subscribe(requester, cycle, height, index);
    }

    /** Parks a request for a state not computed yet; false when the parking table is full. */
    private boolean park(final int requester, final long cycle, final int height, final int index)
    {
        for (int i = 0; i < parked; i++)
        {
            if (parkedNode[i] == requester && parkedCycle[i] == cycle && parkedHeight[i] == height && parkedIndex[i] == index)
            {
                return true;
            }
        }
        if (parked == parkedNode.length)
        {
            return false;
        }
        parkedNode[parked] = requester;
        parkedCycle[parked] = cycle;
        parkedHeight[parked] = height;
        parkedIndex[parked] = index;
        parked++;
        return true;
    }

    /**
     * A request also stands for the next {@code pipelineDepth} cycles of the same vnode (DESIGN
     * section 3's subscription for the pipeline window), bounded by this node's window and its
     * parking table; the requester fails over by asking again if a push does not come.
     */
    private void subscribe(final int requester, final long cycle, final int height, final int index)
    {
        final long last = Math.min(cycle + config.pipelineDepth(), committed + window);
        for (long c = cycle + 1; c <= last; c++)
        {
            if (!park(requester, c, height, index))
            {
                return;
            }
        }
    }

    private void onCatchUpRequest()
    {
        final int requester = catchUpDecoder.requesterId();
        if (requester < 0 || requester >= topology.nodeCount())
        {
            counters.framesRejected++;
            return;
        }
        final long from = catchUpDecoder.fromCycle();
        final int max = Math.min(Math.max(catchUpDecoder.maxCycles(), 0), window);
        for (long c = Math.max(1, from); c < from + max && c <= committed; c++)
        {
            serveFromLog(requester, c, topology.height(), 0, -1);
        }
    }

    private int answerParked()
    {
        int work = 0;
        for (int i = 0; i < parked; )
        {
            final long cycle = parkedCycle[i];
            boolean done = false;
            if (cycle <= committed)
            {
                serveFromLog(parkedNode[i], cycle, parkedHeight[i], parkedIndex[i], -1);
                done = true;
            }
            else
            {
                final CycleSlot slot = slotIfPresent(cycle);
                if (slot != null && vnodeComplete(slot, parkedHeight[i], parkedIndex[i]))
                {
                    sendVnodeState(parkedNode[i], slot, parkedHeight[i], parkedIndex[i], false);
                    done = true;
                }
            }
            if (done)
            {
                parked--;
                parkedNode[i] = parkedNode[parked];
                parkedCycle[i] = parkedCycle[parked];
                parkedHeight[i] = parkedHeight[parked];
                parkedIndex[i] = parkedIndex[parked];
                work++;
            }
            else
            {
                i++;
            }
        }
        return work;
    }

    /** Sends the state of vnode (height, index) in a cycle: a header naming its proposals, then each proposal. */
    private void sendVnodeState(final int destination, final CycleSlot slot, final int height, final int index, final boolean relay)
    {
        int n = 0;
        for (int r = topology.firstRack(height, index), end = topology.endRack(height, index); r < end; r++)
        {
            for (int i = 0; i < slot.rackMemberCount[r]; i++)
            {
                headerNodes[n] = slot.rackMemberNode[r][i];
                headerIncs[n] = slot.rackMemberInc[r][i];
                n++;
            }
        }
        wire.sendStateHeader(destination, slot.cycle, height, index, relay, headerNodes, headerIncs, n);
        for (int i = 0; i < n; i++)
        {
            final ProposalCopy copy = slot.proposals[headerNodes[i]];
            wire.sendFrame(destination, copy.frame, 0, copy.length);
        }
    }

    /**
     * Answers from the journal for a committed cycle: the part of it that belongs to vnode
     * (height, index), or only the proposal of {@code onlyNode} when that is not -1.
     */
    private void serveFromLog(final int destination, final long cycle, final int height, final int index, final int onlyNode)
    {
        final int length = log.read(cycle, readBuffer, 0);
        if (length < 0)
        {
            if (onlyNode < 0)
            {
                wire.sendStateUnavailable(destination, cycle, height, index);
            }
            return;
        }
        int position = 0;
        final int headerLength = CommitRecord.frameLength(readBuffer, position, length);
        if (headerLength < 0)
        {
            throw new IllegalStateException("journal record of cycle " + cycle + " is malformed at node " + nodeId);
        }
        position += CommitRecord.LENGTH_PREFIX + headerLength;
        int n = 0;
        int frames = 0;
        while (position < length)
        {
            final int frameLength = CommitRecord.frameLength(readBuffer, position, length);
            if (frameLength < 0)
            {
                throw new IllegalStateException("journal record of cycle " + cycle + " is malformed at node " + nodeId);
            }
            final int frameOffset = position + CommitRecord.LENGTH_PREFIX;
            header.wrap(readBuffer, frameOffset);
            proposalDecoder.wrap(readBuffer, frameOffset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final int proposer = proposalDecoder.nodeId();
            final boolean wanted = onlyNode >= 0 ? proposer == onlyNode :
                topology.ancestorOfRack(topology.rackOf(proposer), height) == index;
            if (wanted)
            {
                if (onlyNode >= 0)
                {
                    wire.sendFrame(destination, readBuffer, frameOffset, frameLength);
                    return;
                }
                headerNodes[n] = proposer;
                headerIncs[n] = proposalDecoder.incarnation();
                n++;
            }
            frames++;
            position = frameOffset + frameLength;
        }
        if (onlyNode >= 0)
        {
            return;
        }
        wire.sendStateHeader(destination, cycle, height, index, false, headerNodes, headerIncs, n);
        position = CommitRecord.LENGTH_PREFIX + headerLength;
        for (int f = 0; f < frames; f++)
        {
            final int frameLength = CommitRecord.frameLength(readBuffer, position, length);
            final int frameOffset = position + CommitRecord.LENGTH_PREFIX;
            header.wrap(readBuffer, frameOffset);
            proposalDecoder.wrap(readBuffer, frameOffset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            if (topology.ancestorOfRack(topology.rackOf(proposalDecoder.nodeId()), height) == index)
            {
                wire.sendFrame(destination, readBuffer, frameOffset, frameLength);
            }
            position = frameOffset + frameLength;
        }
    }

    private void onStateHeader()
    {
        final long cycle = stateHeaderDecoder.cycle();
        final int height = stateHeaderDecoder.height();
        final int index = stateHeaderDecoder.vnodeIndex();
        if (!topology.vnodeExists(height, index))
        {
            counters.framesRejected++;
            return;
        }
        final CycleSlot slot = slot(cycle);
        if (stateHeaderDecoder.status() != StateStatus.OK)
        {
            if (slot != null)
            {
                expediteFetch(slot, height, index); // fail over at once rather than wait for the timeout
            }
            return;
        }
        noteCycle(cycle);
        if (slot == null)
        {
            return;
        }
        // Group the named proposals by rack. A vnode state is final once any emulator has computed
        // it (no view change alters a cycle anyone may have completed), so it may also settle this
        // node's own rack; the slot checks it against what round 1 decided, if anything.
        int count = 0;
        for (final StateHeaderDecoder.MembersDecoder m : stateHeaderDecoder.members())
        {
            if (count == headerNodes.length)
            {
                counters.framesRejected++;
                return;
            }
            final int n = m.nodeId();
            if (n < 0 || n >= topology.nodeCount() || topology.ancestorOfRack(topology.rackOf(n), height) != index)
            {
                counters.framesRejected++;
                return;
            }
            headerNodes[count] = n;
            headerIncs[count] = m.incarnation();
            count++;
        }
        for (int r = topology.firstRack(height, index), end = topology.endRack(height, index); r < end; r++)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (topology.rackOf(headerNodes[i]) == r)
                {
                    rackEntryNodes[n] = headerNodes[i];
                    rackEntryIncs[n] = headerIncs[i];
                    n++;
                }
            }
            if (!slot.setRackMembers(r, n, rackEntryNodes, rackEntryIncs))
            {
                throw new IllegalStateException("safety: two states of rack " + r + " in cycle " + cycle + " seen at node " + nodeId);
            }
            for (int i = 0; i < n; i++)
            {
                final ProposalCopy copy = slot.proposals[rackEntryNodes[i]];
                if (copy.present && copy.incarnation != rackEntryIncs[i])
                {
                    copy.clear(); // a copy of another incarnation; the right one follows
                    stability.stale = true;
                }
            }
            slot.refreshRack(r);
        }
    }

    private void expediteFetch(final CycleSlot slot, final int height, final int index)
    {
        for (int s = 0; s < siblingHeight.length; s++)
        {
            if (siblingHeight[s] == height && siblingIndex[s] == index && slot.fetchAttempts[s] > 0)
            {
                slot.fetchSentAtNs[s] = nowNs - config.fetchTimeoutNs() + config.retransmitTimeoutNs();
            }
        }
        if (height == topology.height() && slot.learnAttempts > 0)
        {
            slot.learnSentAtNs = nowNs - config.fetchTimeoutNs() + config.retransmitTimeoutNs();
        }
    }

    // ------------------------------------------------------------------ timers

    private int timers()
    {
        int work = catchUp();
        final long last = Math.min(committed + window, Math.max(started, highestSeen));
        for (long c = committed + 1; c <= last; c++)
        {
            final boolean member = isMemberOf(c);
            if (member && c > started)
            {
                break; // not started yet here: nothing to fetch for it
            }
            final CycleSlot slot = slot(c);
            if (slot == null || slot.allRacksComplete())
            {
                continue;
            }
            if (!member)
            {
                work += learnerFetch(slot);
                continue;
            }
            if (!slot.rackKnown[rack])
            {
                work += pullMissing(slot);
                if (nowNs - slot.startedAtNs > config.suspicionTimeoutNs())
                {
                    // Round 1 is stuck (e.g. the only holders of a removed member's proposals
                    // crashed): the cycle may already be committed elsewhere.
                    work += learnerFetch(slot);
                }
            }
            for (int s = 0; s < siblingHeight.length; s++)
            {
                work += fetchSibling(slot, s);
            }
        }
        work += suspect();
        work += viewChangeTimers();
        work += joinTimers();
        return work;
    }

    private int pullMissing(final CycleSlot slot)
    {
        if (nowNs - slot.lastPullNs < config.retransmitTimeoutNs())
        {
            return 0;
        }
        slot.lastPullNs = nowNs;
        int work = 0;
        final int self = selfEntry();
        for (int e = 0, size = table.size(); e < size; e++)
        {
            if (!table.covers(e, slot.cycle))
            {
                continue;
            }
            final int owner = table.node(e);
            final ProposalCopy copy = slot.proposals[owner];
            if (copy.present && copy.incarnation == table.incarnation(e))
            {
                continue;
            }
            // Ask someone who reported holding it; rotate so a dead holder is not asked forever.
            int holder = owner;
            final int start = (int)((slot.cycle + slot.pullRound++) & 0x7fffffff);
            for (int k = 0; k < size; k++)
            {
                final int r = (start + k) % size;
                if (r != self && table.isActive(r) && stability.reported(r, e) >= slot.cycle)
                {
                    holder = table.node(r);
                    break;
                }
            }
            if (holder != nodeId)
            {
                wire.sendPull(holder, slot.cycle, owner, table.incarnation(e));
                counters.proposalPulls++;
                work++;
            }
        }
        return work;
    }

    /**
     * Gets sibling vnode {@code s}'s state for a cycle. The rack's representative for the sibling
     * asks an emulator; its request also subscribes it to the next {@code pipelineDepth} cycles
     * (a standing request), so in steady state the states arrive without a request per cycle.
     * Whatever has not arrived after the fetch timeout is asked of the next emulator (fail-over);
     * a member that is not the representative fetches itself if the relayed state does not come.
     */
    private int fetchSibling(final CycleSlot slot, final int s)
    {
        final int height = siblingHeight[s];
        final int index = siblingIndex[s];
        if (vnodeComplete(slot, height, index))
        {
            if (slot.fetchAttempts[s] == 0 && isRepresentative(s))
            {
                // Pushed by a standing request before this node started the cycle: relay it now.
                slot.fetchAttempts[s] = 1;
                sendVnodeState(Wire.RACK, slot, height, index, true);
                counters.relaysSent++;
                return 1;
            }
            return 0;
        }
        if (slot.fetchAttempts[s] == 0)
        {
            final boolean representative = isRepresentative(s);
            if (!representative && nowNs - slot.startedAtNs < config.fetchTimeoutNs())
            {
                return 0;
            }
            slot.relayPending[s] = representative;
            if (!representative)
            {
                counters.ownStateFetches++;
            }
            else if (subscribedThrough[s] >= slot.cycle)
            {
                slot.fetchAttempts[s] = 1; // covered by the standing request: wait for the push
                slot.fetchSentAtNs[s] = nowNs;
                counters.standingRequestHits++;
                return 0;
            }
        }
        else if (nowNs - slot.fetchSentAtNs[s] < config.fetchTimeoutNs())
        {
            return 0;
        }
        else
        {
            counters.stateFetchFailovers++;
        }
        final int emulators = topology.emulatorCount(height, index);
        final int pick = (int)((slot.cycle + rack + (long)slot.fetchAttempts[s]) % emulators);
        final int emulator = topology.emulator(height, index, pick);
        slot.fetchAttempts[s]++;
        slot.fetchSentAtNs[s] = nowNs;
        wire.sendStateRequest(emulator, slot.cycle, height, index);
        counters.stateFetches++;
        if (slot.relayPending[s])
        {
            subscribedThrough[s] = Math.max(subscribedThrough[s], slot.cycle + config.pipelineDepth());
        }
        return 1;
    }

    /**
     * The k representatives of sibling s are spread over the active members by sibling and stay
     * the same for a whole epoch, so that one of them holds the standing request.
     */
    private boolean isRepresentative(final int s)
    {
        final int active = table.activeCount();
        if (active == 0)
        {
            return true;
        }
        int myRank = -1;
        int rank = 0;
        for (int e = 0; e < table.size(); e++)
        {
            if (table.isActive(e))
            {
                if (table.node(e) == nodeId && table.incarnation(e) == incarnation)
                {
                    myRank = rank;
                }
                rank++;
            }
        }
        if (myRank < 0)
        {
            return false;
        }
        final int first = (int)Math.floorMod(table.epoch() + s, (long)active);
        final int distance = Math.floorMod(myRank - first, active);
        return distance < config.representatives();
    }

    /**
     * Whom to ask for committed cycles on a given attempt: the own rack's nodes first (cheapest,
     * and they share its view), then every node of the cluster, rotating by {@code spread} so that
     * different cycles ask different peers; never this node.
     *
     * @return a node id, or -1 in a one-node cluster.
     */
    private int peerForAttempt(final long spread, final long attempt)
    {
        final int[] peers = topology.rackNodes(rack);
        final int nodes = topology.nodeCount();
        for (long a = attempt; a <= attempt + nodes; a++)
        {
            final int peer = a < peers.length ? peers[(int)((spread + a) % peers.length)] : (int)((spread + a) % nodes);
            if (peer != nodeId)
            {
                return peer;
            }
        }
        return -1;
    }

    /**
     * A node more than a pipeline behind the cycles it has seen asks one peer for a window of
     * committed cycles at once, instead of a request per cycle; the answers fill the same slots
     * as per-cycle fetches, which still cover whatever the peer could not send.
     */
    private int catchUp()
    {
        if (highestSeen - committed <= config.pipelineDepth() || nowNs - lastCatchUpNs < config.fetchTimeoutNs())
        {
            return 0;
        }
        final int peer = peerForAttempt(0, catchUpAttempts);
        if (peer < 0)
        {
            return 0;
        }
        catchUpAttempts++;
        lastCatchUpNs = nowNs;
        wire.sendCatchUpRequest(peer, committed + 1, window);
        counters.catchUpRequests++;
        return 1;
    }

    /**
     * Fetches a whole cycle (the root state) from a peer: own rack first, then any node, since a
     * cycle committed anywhere is the same everywhere and the own rack may have lost every copy of
     * a removed member's proposals that other racks already committed.
     */
    private int learnerFetch(final CycleSlot slot)
    {
        if (slot.learnAttempts > 0 && nowNs - slot.learnSentAtNs < config.fetchTimeoutNs())
        {
            return 0;
        }
        final int peer = peerForAttempt(slot.cycle, slot.learnAttempts);
        if (peer < 0)
        {
            return 0;
        }
        slot.learnAttempts++;
        slot.learnSentAtNs = nowNs;
        wire.sendStateRequest(peer, slot.cycle, topology.height(), 0);
        counters.catchUpCycles++;
        return 1;
    }

    // ------------------------------------------------------------------ commit and apply

    private int commitReady()
    {
        int work = 0;
        while (true)
        {
            final CycleSlot slot = slotIfPresent(committed + 1);
            if (slot == null || !slot.allRacksComplete())
            {
                return work;
            }
            if (isMemberOf(slot.cycle) && !slot.started)
            {
                return work; // a member commits only cycles it proposed in
            }
            commit(slot);
            work++;
        }
    }

    private void commit(final CycleSlot slot)
    {
        final long cycle = slot.cycle;
        assert cycle == committed + 1 : "commit out of order: " + cycle + " after " + committed;
        assert !isMemberOf(cycle) || slot.rackKnown[rack] : "commit of " + cycle + " before round 1 completed";
        final int n = merge.order(slot);
        // Journal first: a crash after the append replays the cycle; before it, peers still hold it.
        final int position = merge.merge(wire, slot, topology.height(), recordBuffer);
        log.append(cycle, recordBuffer, 0, position);

        int writes = 0;
        for (int i = 0; i < n; i++)
        {
            final int proposer = merge.node(i);
            final ProposalCopy copy = slot.proposals[proposer];
            writes += applyProposal(cycle, copy.frame, 0, proposer == nodeId && copy.incarnation == incarnation);
        }
        committed = cycle;
        stability.stale = true;
        if (started < committed)
        {
            started = committed;
        }
        final boolean ownCycle = slot.started;
        final long startedAtNs = slot.startedAtNs;
        slot.release();
        counters.cyclesCommitted++;
        sink.onCommitted(cycle, n, writes);
        if (ownCycle)
        {
            sink.onCycleLatency(cycle, nowNs - startedAtNs);
        }
    }

    /** Applies the writes of one proposal frame; acknowledges clients when this node proposed it. */
    private int applyProposal(final long cycle, final DirectBuffer frame, final int offset, final boolean mine)
    {
        header.wrap(frame, offset);
        proposalDecoder.wrap(frame, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        int writes = 0;
        for (final ProposalDecoder.WritesDecoder w : proposalDecoder.writes())
        {
            final long sessionId = w.sessionId();
            final long sequence = w.sequence();
            w.wrapPayload(payloadView);
            final SessionTable.Outcome outcome = sessions.apply(sessionId, sequence, payloadView, 0, payloadView.capacity(), stateMachine);
            final boolean duplicate = outcome != SessionTable.Outcome.APPLIED;
            if (duplicate)
            {
                counters.writesDuplicate++;
            }
            else
            {
                counters.writesCommitted++;
            }
            sink.onApplied(cycle, sessionId, sequence, duplicate);
            if (mine)
            {
                final long client = clients.takeAwaiting(sessionId, sequence);
                if (client != Long.MIN_VALUE)
                {
                    final ClientStatus status = outcome == SessionTable.Outcome.DUPLICATE_STALE ? ClientStatus.REJECTED : ClientStatus.OK;
                    wire.sendClientResponse(client, sessionId, sequence, status, -1, cycle, sessions.result(), sessions.resultLength());
                }
            }
            writes++;
        }
        return writes;
    }

    private void replayLog()
    {
        stateMachine.reset();
        sessions.reset();
        final long last = log.lastPosition();
        for (long c = 1; c <= last; c++)
        {
            final int length = log.read(c, readBuffer, 0);
            if (length < 0)
            {
                throw new IllegalStateException("journal of node " + nodeId + " has no record for cycle " + c + " of " + last);
            }
            int position = 0;
            final int headerLength = CommitRecord.frameLength(readBuffer, position, length);
            if (headerLength < 0)
            {
                throw new IllegalStateException("journal record of cycle " + c + " is malformed at node " + nodeId);
            }
            position += CommitRecord.LENGTH_PREFIX + headerLength;
            while (position < length)
            {
                final int frameLength = CommitRecord.frameLength(readBuffer, position, length);
                if (frameLength < 0)
                {
                    throw new IllegalStateException("journal record of cycle " + c + " is malformed at node " + nodeId);
                }
                applyProposal(c, readBuffer, position + CommitRecord.LENGTH_PREFIX, false);
                position += CommitRecord.LENGTH_PREFIX + frameLength;
            }
            committed = c;
        }
    }

    // ------------------------------------------------------------------ clients

    private void onClientRequest()
    {
        final long clientId = clientDecoder.clientId();
        final long sessionId = clientDecoder.sessionId();
        final long sequence = clientDecoder.sequence();
        final ClientOp op = clientDecoder.op();
        clientDecoder.wrapPayload(payloadView);
        final int length = payloadView.capacity();
        if (length > config.maxPayloadBytes())
        {
            wire.sendClientResponse(clientId, sessionId, sequence, ClientStatus.REJECTED, -1, committed, resultBuffer, 0);
            return;
        }
        if (!isActiveMember())
        {
            wire.sendClientResponse(clientId, sessionId, sequence, ClientStatus.NOT_MEMBER, hintMember(), committed, resultBuffer, 0);
            return;
        }
        final boolean accepted = op == ClientOp.WRITE ?
            clients.offerWrite(clientId, sessionId, sequence, payloadView, 0, length) :
            clients.offerRead(clientId, sessionId, payloadView, 0, length);
        if (!accepted)
        {
            counters.clientRejectedBusy++;
            wire.sendClientResponse(clientId, sessionId, sequence, ClientStatus.BUSY, -1, committed, resultBuffer, 0);
        }
    }

    /**
     * Answers reads whose cycle has committed. A read waits for a cycle this node started after the
     * read arrived: that this node's own proposal made it into a committed cycle proves it had not
     * been removed from its rack before the read arrived, so every write acknowledged before then
     * is in an earlier cycle.
     */
    private int answerReads()
    {
        int work = 0;
        while (true)
        {
            final int i = clients.readyRead(committed);
            if (i < 0)
            {
                return work;
            }
            final long target = clients.readTarget(i);
            if (!table.isMember(nodeId, incarnation, target))
            {
                wire.sendClientResponse(clients.readClient(i), clients.readSession(i), 0, ClientStatus.NOT_MEMBER, hintMember(), target, resultBuffer, 0);
            }
            else
            {
                final int length = stateMachine.read(clients.readPayload(i), 0, clients.readLength(i), resultBuffer, 0);
                wire.sendClientResponse(clients.readClient(i), clients.readSession(i), 0, ClientStatus.OK, -1, target, resultBuffer, length);
                counters.readsAnswered++;
            }
            clients.popRead();
            work++;
        }
    }

    private int hintMember()
    {
        if (table.isKnown())
        {
            for (int e = 0; e < table.size(); e++)
            {
                if (table.isActive(e) && table.node(e) != nodeId)
                {
                    return table.node(e);
                }
            }
        }
        return -1;
    }

    /** Turns away queued client work when this node stops being a member: the client retries elsewhere. */
    private void rejectQueuedClientWork()
    {
        for (int i = clients.oldestWrite(); i >= 0; i = clients.oldestWrite())
        {
            wire.sendClientResponse(clients.writeClient(i), clients.writeSession(i), clients.writeSequence(i),
                ClientStatus.NOT_MEMBER, hintMember(), committed, resultBuffer, 0);
            clients.popWrite();
        }
        for (int i = clients.oldestRead(); i >= 0; i = clients.oldestRead())
        {
            wire.sendClientResponse(clients.readClient(i), clients.readSession(i), 0, ClientStatus.NOT_MEMBER, hintMember(), committed, resultBuffer, 0);
            clients.popRead();
        }
        clients.clearAwaiting();
    }

    // ------------------------------------------------------------------ rack view changes

    private int checkMembership()
    {
        final boolean member = isActiveMember();
        final int self = selfEntry();
        // Removed: seen as the end of membership, or read straight from the table when the decision
        // arrived before this node ever saw itself active (in the same duty cycle as its boot): its
        // join would otherwise keep matching its own removed entry and never be added again.
        if (!member && (wasMember || self >= 0 && !table.isActive(self)))
        {
            // Removed (falsely suspected, or a decision made while this node was cut off): come back
            // as a new incarnation so nothing it proposed after its last cycle can be mistaken for
            // the proposals of the next incarnation. Those proposals are void: forget them, so the
            // next incarnation proposes afresh in every cycle it joins.
            final int e = selfEntry();
            final long lastCycle = e >= 0 ? table.to(e) : committed;
            started = Math.max(committed, Math.min(started, lastCycle));
            for (long c = Math.max(committed, lastCycle) + 1; c <= committed + window; c++)
            {
                final CycleSlot slot = slotIfPresent(c);
                if (slot != null)
                {
                    slot.started = false;
                    slot.proposals[nodeId].clear();
                }
            }
            stability.stale = true;
            rejectQueuedClientWork();
            incarnation++;
            log.writeMetadata(META_INCARNATION, incarnation);
            markUsed();
        }
        if (!wasMember && member)
        {
            final int e = selfEntry();
            if (started < table.from(e) - 1)
            {
                started = table.from(e) - 1;
            }
        }
        wasMember = member;
        return 0;
    }

    private void onTableChanged()
    {
        stability.reset(nowNs);
        viewChange.resetForEpoch();
        viewChange.pruneJoins(table);
        final int e = selfEntry();
        if (e >= 0 && table.isActive(e) && started < table.from(e) - 1)
        {
            started = Math.max(started, table.from(e) - 1);
        }
        stability.dirty = true;
    }

    private void install(final RackTable decided)
    {
        if (decided.epoch() <= table.epoch())
        {
            return;
        }
        assert decided.incarnationsDisjoint() : "overlapping incarnations in " + decided;
        // Entries of the old table that the decided one no longer lists were pruned: their cycles
        // are no longer covered by the table, and this node must learn them rather than guess.
        long prunedBelow = Math.max(table.prunedBelow(), decided.prunedBelow());
        for (int e = 0; e < table.size(); e++)
        {
            if (decided.indexOf(table.node(e), table.incarnation(e)) < 0)
            {
                prunedBelow = Math.max(prunedBelow, table.to(e) + 1);
            }
        }
        // A table says nothing about cycles before its earliest entry (e.g. the table of a cold
        // restart starts after every journal): those are learned too.
        long earliest = RackTable.ACTIVE;
        for (int e = 0; e < decided.size(); e++)
        {
            earliest = Math.min(earliest, decided.from(e));
        }
        if (earliest != RackTable.ACTIVE)
        {
            prunedBelow = Math.max(prunedBelow, earliest);
        }
        markUsed();
        if (decided.epoch() > installedEpoch)
        {
            installedEpoch = decided.epoch();
            log.writeMetadata(META_EPOCH, installedEpoch);
        }
        table.copyFrom(decided);
        table.prunedBelow(prunedBelow);
        noteCycle(prunedBelow - 1);
        counters.viewChangesDecided++;
        onTableChanged();
    }

    private void queryView(final int peer)
    {
        if (peer >= 0 && peer < topology.nodeCount() && peer != nodeId && nowNs - lastQueryNs >= config.retransmitTimeoutNs())
        {
            lastQueryNs = nowNs;
            wire.sendViewQuery(peer, rack, table.epoch());
        }
    }

    private int suspect()
    {
        if (!isActiveMember() || viewChange.coordinating)
        {
            return 0;
        }
        // The oldest cycle held up in round 1 names the members to suspect.
        final CycleSlot slot = slotIfPresent(committed + 1);
        int suspectEntry = -1;
        if (slot != null && slot.started && !slot.rackKnown[rack] && nowNs - slot.ownRackWaitSinceNs > config.suspicionTimeoutNs())
        {
            for (int e = 0; e < table.size(); e++)
            {
                if (table.isActive(e) && table.covers(e, slot.cycle) && !(table.node(e) == nodeId && table.incarnation(e) == incarnation) &&
                    nowNs - stability.lastHeardNs[e] > config.suspicionTimeoutNs() / 2)
                {
                    suspectEntry = e;
                    break;
                }
            }
        }
        // A member rejoining under a new incarnation replaces its old entry.
        if (suspectEntry < 0)
        {
            for (int j = 0; j < viewChange.joins; j++)
            {
                final int old = table.activeIndexOfNode(viewChange.joinNode[j]);
                if (old >= 0 && table.incarnation(old) < viewChange.joinIncarnation[j])
                {
                    suspectEntry = old;
                    break;
                }
            }
        }
        if (suspectEntry >= 0)
        {
            if (isCoordinator(suspectEntry) && nowNs >= viewChange.retryAtNs)
            {
                beginViewChange(ViewChange.OP_REMOVE, table.node(suspectEntry), table.incarnation(suspectEntry));
                return 1;
            }
            return 0;
        }
        if (viewChange.joins > 0 && isCoordinator(-1) && nowNs >= viewChange.retryAtNs)
        {
            beginViewChange(ViewChange.OP_JOIN, viewChange.joinNode[0], viewChange.joinIncarnation[0]);
            return 1;
        }
        return 0;
    }

    /** The lowest-id active member that is neither suspected nor silent coordinates; others step in after a timeout. */
    private boolean isCoordinator(final int suspectEntry)
    {
        for (int e = 0; e < table.size(); e++)
        {
            if (!table.isActive(e) || e == suspectEntry)
            {
                continue;
            }
            if (table.node(e) == nodeId && table.incarnation(e) == incarnation)
            {
                return true;
            }
            if (nowNs - stability.lastHeardNs[e] <= config.suspicionTimeoutNs())
            {
                return false; // a lower live member will do it
            }
        }
        return false;
    }

    private void beginViewChange(final int op, final int opNode, final int opIncarnation)
    {
        final ViewChange vc = viewChange;
        vc.coordinating = true;
        vc.accepting = false;
        vc.op = op;
        vc.opNode = opNode;
        vc.opIncarnation = opIncarnation;
        vc.coordEpoch = table.epoch() + 1;
        vc.coordRound = Math.max(vc.maxRoundSeen, vc.promisedEpoch == vc.coordEpoch ? vc.promisedRound : 0) + 1;
        vc.maxRoundSeen = vc.coordRound;
        vc.phaseStartNs = nowNs;
        vc.promises = 0;
        vc.accepts = 0;
        java.util.Arrays.fill(vc.promiseFrom, false);
        java.util.Arrays.fill(vc.acceptFrom, false);
        vc.bestAcceptedRound = -1;
        vc.bestAcceptedNode = -1;
        counters.viewChangesStarted++;
        wire.sendPrepare(rack, vc.coordEpoch, vc.coordRound, nodeId);
        onPrepareFrom(vc.coordEpoch, vc.coordRound, nodeId); // this node's own promise
    }

    private int viewChangeTimers()
    {
        final ViewChange vc = viewChange;
        if (vc.coordinating && nowNs - vc.phaseStartNs > config.viewChangeTimeoutNs())
        {
            vc.coordinating = false;
            // Back off by a random amount so that two coordinators do not keep pre-empting each other.
            vc.retryAtNs = nowNs + random.nextLong(config.viewChangeTimeoutNs());
            return 1;
        }
        if (vc.frozen && !vc.coordinating && nowNs >= vc.frozenRetryAtNs && isActiveMember())
        {
            // The coordinator this node promised to went quiet. A decision may exist: ask a peer; and
            // drive the epoch to a decision ourselves (Paxos re-proposes anything already accepted).
            final int[] peers = topology.rackNodes(rack);
            queryView(peers[(int)random.nextLong(peers.length)]);
            vc.frozenRetryAtNs = nowNs + 2 * config.viewChangeTimeoutNs() + random.nextLong(config.viewChangeTimeoutNs());
            beginViewChange(vc.op, vc.opNode, vc.opIncarnation);
            return 1;
        }
        return 0;
    }

    private void onPrepare()
    {
        if (prepareDecoder.rack() != rack)
        {
            counters.framesRejected++;
            return;
        }
        onPrepareFrom(prepareDecoder.epoch(), prepareDecoder.ballotRound(), prepareDecoder.ballotNode());
    }

    private void onPrepareFrom(final long epoch, final long round, final int ballotNode)
    {
        final ViewChange vc = viewChange;
        if (ballotNode < 0 || ballotNode >= topology.nodeCount())
        {
            counters.framesRejected++;
            return;
        }
        vc.maxRoundSeen = Math.max(vc.maxRoundSeen, round);
        if (epoch <= table.epoch())
        {
            if (ballotNode != nodeId)
            {
                wire.sendDecided(ballotNode, rack, table);
            }
            return;
        }
        if (epoch > table.epoch() + 1 || !isActiveMember())
        {
            queryView(ballotNode);
            return;
        }
        final boolean ok = vc.promisedEpoch < epoch ||
            ViewChange.ballotGreater(round, ballotNode, vc.promisedRound, vc.promisedNode) ||
            round == vc.promisedRound && ballotNode == vc.promisedNode;
        if (ok)
        {
            if (vc.promisedEpoch < epoch)
            {
                vc.acceptedEpoch = -1;
            }
            vc.promisedEpoch = epoch;
            vc.promisedRound = round;
            vc.promisedNode = ballotNode;
            freeze();
        }
        final boolean hasAccepted = vc.acceptedEpoch == epoch;
        if (ballotNode == nodeId)
        {
            if (ok)
            {
                recordPromise(nodeId, incarnation, epoch, round, hasAccepted ? vc.acceptedRound : -1, hasAccepted ? vc.acceptedNode : -1,
                    vc.frozenHeld, table.size(), hasAccepted ? vc.acceptedValue : null);
            }
            return;
        }
        wire.sendPromise(ballotNode, rack, epoch, round, ballotNode, incarnation, ok, hasAccepted ? vc.acceptedRound : -1,
            hasAccepted ? vc.acceptedNode : -1, table, vc.frozenHeld, hasAccepted ? vc.acceptedValue : null);
    }

    /**
     * From the first promise or accept of an epoch on, this node neither reports nor completes
     * round 1 in this epoch: the held-through values it promised bound everything anyone can see
     * stable, which is what makes the chosen horizons safe (see {@link ViewChange}).
     */
    private void freeze()
    {
        final ViewChange vc = viewChange;
        if (vc.frozen)
        {
            return;
        }
        refreshHeld();
        vc.frozen = true;
        System.arraycopy(stability.heldThrough, 0, vc.frozenHeld, 0, table.size());
        // If no decision follows (the coordinator died), any frozen member may finish the epoch.
        vc.frozenRetryAtNs = nowNs + 2 * config.viewChangeTimeoutNs() + random.nextLong(config.viewChangeTimeoutNs());
    }

    private final long[] promiseHeldScratch = new long[RackTable.MAX_ENTRIES];
    private final RackTable promiseAcceptedScratch = new RackTable();

    private void onPromise()
    {
        final ViewChange vc = viewChange;
        if (promiseDecoder.rack() != rack || !vc.coordinating || vc.accepting || promiseDecoder.epoch() != vc.coordEpoch ||
            promiseDecoder.ballotRound() != vc.coordRound || promiseDecoder.ballotNode() != nodeId)
        {
            if (promiseDecoder.rack() == rack && promiseDecoder.ok() == 0)
            {
                vc.maxRoundSeen = Math.max(vc.maxRoundSeen, promiseDecoder.ballotRound());
            }
            return;
        }
        final int from = promiseDecoder.nodeId();
        final int fromInc = promiseDecoder.incarnation();
        if (promiseDecoder.ok() == 0)
        {
            return;
        }
        final long acceptedRound = promiseDecoder.acceptedRound();
        final int acceptedNode = promiseDecoder.acceptedNode();
        java.util.Arrays.fill(promiseHeldScratch, StabilityTracker.NONE);
        for (final ViewPromiseDecoder.HeldDecoder h : promiseDecoder.held())
        {
            final int m = table.indexOf(h.memberId(), h.memberIncarnation());
            if (m >= 0)
            {
                promiseHeldScratch[m] = h.heldThrough();
            }
        }
        RackTable accepted = null;
        if (acceptedNode >= 0)
        {
            promiseAcceptedScratch.clear(vc.coordEpoch);
            for (final ViewPromiseDecoder.AcceptedDecoder a : promiseDecoder.accepted())
            {
                promiseAcceptedScratch.add(a.nodeId(), a.incarnation(), a.fromCycle(), a.toCycle(), a.horizon());
            }
            accepted = promiseAcceptedScratch;
        }
        recordPromise(from, fromInc, vc.coordEpoch, vc.coordRound, acceptedRound, acceptedNode, promiseHeldScratch, table.size(), accepted);
    }

    private void recordPromise(
        final int from, final int fromInc, final long epoch, final long round, final long acceptedRound, final int acceptedNode,
        final long[] held, final int heldCount, final RackTable accepted)
    {
        final ViewChange vc = viewChange;
        if (!vc.coordinating || vc.accepting || epoch != vc.coordEpoch || round != vc.coordRound)
        {
            return;
        }
        final int e = table.indexOf(from, fromInc);
        if (e < 0 || !table.isActive(e) || vc.promiseFrom[e])
        {
            return;
        }
        vc.promiseFrom[e] = true;
        vc.promises++;
        System.arraycopy(held, 0, vc.promiseHeld[e], 0, heldCount);
        if (accepted != null && ViewChange.ballotGreater(acceptedRound, acceptedNode, vc.bestAcceptedRound, vc.bestAcceptedNode))
        {
            vc.bestAcceptedRound = acceptedRound;
            vc.bestAcceptedNode = acceptedNode;
            vc.bestAccepted.copyFrom(accepted);
        }
        if (vc.promises < table.majority())
        {
            return;
        }
        // Phase 2: a value some acceptor may already have accepted must be proposed again.
        if (vc.bestAcceptedNode >= 0)
        {
            vc.value.copyFrom(vc.bestAccepted);
            vc.value.epoch(vc.coordEpoch);
        }
        else
        {
            final int target = vc.op == ViewChange.OP_REMOVE ? table.indexOf(vc.opNode, vc.opIncarnation) : -1;
            if (target >= 0 && vc.promiseFrom[target])
            {
                // The suspect just answered: it is alive, and removing it could leave the rack without
                // a live majority if another member is down. Finish the epoch with a no-op instead.
                vc.op = ViewChange.OP_NONE;
            }
            vc.computeValue(table, 4L * window);
        }
        vc.accepting = true;
        vc.phaseStartNs = nowNs;
        wire.sendAccept(rack, vc.coordEpoch, vc.coordRound, nodeId, vc.value);
        onAcceptFrom(vc.coordEpoch, vc.coordRound, nodeId, vc.value);
    }

    private final RackTable acceptScratch = new RackTable();

    private void onAccept()
    {
        if (acceptDecoder.rack() != rack)
        {
            counters.framesRejected++;
            return;
        }
        final long epoch = acceptDecoder.epoch();
        acceptScratch.clear(epoch);
        for (final io.canopus.codecs.ViewAcceptDecoder.EntriesDecoder en : acceptDecoder.entries())
        {
            if (!acceptScratch.add(en.nodeId(), en.incarnation(), en.fromCycle(), en.toCycle(), en.horizon()))
            {
                counters.framesRejected++;
                return;
            }
        }
        onAcceptFrom(epoch, acceptDecoder.ballotRound(), acceptDecoder.ballotNode(), acceptScratch);
    }

    private void onAcceptFrom(final long epoch, final long round, final int ballotNode, final RackTable value)
    {
        final ViewChange vc = viewChange;
        if (ballotNode < 0 || ballotNode >= topology.nodeCount())
        {
            counters.framesRejected++;
            return;
        }
        if (epoch != table.epoch() + 1 || !isActiveMember())
        {
            if (epoch > table.epoch() + 1)
            {
                queryView(ballotNode);
            }
            return;
        }
        final boolean ok = vc.promisedEpoch < epoch || !ViewChange.ballotGreater(vc.promisedRound, vc.promisedNode, round, ballotNode);
        if (ok)
        {
            vc.promisedEpoch = epoch;
            vc.promisedRound = round;
            vc.promisedNode = ballotNode;
            vc.acceptedEpoch = epoch;
            vc.acceptedRound = round;
            vc.acceptedNode = ballotNode;
            vc.acceptedValue.copyFrom(value);
            freeze();
        }
        if (ballotNode == nodeId)
        {
            if (ok)
            {
                recordAccepted(nodeId, incarnation, epoch, round);
            }
            return;
        }
        wire.sendAccepted(ballotNode, rack, epoch, round, ballotNode, incarnation, ok);
    }

    private void onAccepted()
    {
        if (acceptedDecoder.rack() != rack || acceptedDecoder.ok() == 0)
        {
            return;
        }
        recordAccepted(acceptedDecoder.nodeId(), acceptedDecoder.incarnation(), acceptedDecoder.epoch(), acceptedDecoder.ballotRound());
    }

    private void recordAccepted(final int from, final int fromInc, final long epoch, final long round)
    {
        final ViewChange vc = viewChange;
        if (!vc.coordinating || !vc.accepting || epoch != vc.coordEpoch || round != vc.coordRound)
        {
            return;
        }
        final int e = table.indexOf(from, fromInc);
        if (e < 0 || !table.isActive(e) || vc.acceptFrom[e])
        {
            return;
        }
        vc.acceptFrom[e] = true;
        vc.accepts++;
        if (vc.accepts >= table.majority())
        {
            vc.coordinating = false;
            wire.sendDecidedToRack(rack, vc.value);
            install(vc.value);
        }
    }

    private final RackTable decidedScratch = new RackTable();

    private void onDecided()
    {
        if (decidedDecoder.rack() != rack)
        {
            counters.framesRejected++;
            return;
        }
        final long epoch = decidedDecoder.epoch();
        if (epoch <= table.epoch())
        {
            return;
        }
        decidedScratch.clear(epoch);
        for (final ViewDecidedDecoder.EntriesDecoder en : decidedDecoder.entries())
        {
            if (!decidedScratch.add(en.nodeId(), en.incarnation(), en.fromCycle(), en.toCycle(), en.horizon()))
            {
                counters.framesRejected++;
                return;
            }
        }
        install(decidedScratch);
    }

    private void onJoinRequest()
    {
        if (joinDecoder.rack() != rack || topology.rackOf(clamp(joinDecoder.nodeId())) != rack)
        {
            counters.framesRejected++;
            return;
        }
        if (!table.isKnown())
        {
            return;
        }
        final int node = joinDecoder.nodeId();
        final int inc = joinDecoder.incarnation();
        if (table.indexOf(node, inc) >= 0)
        {
            wire.sendDecided(node, rack, table);
            return;
        }
        viewChange.addJoin(node, inc);
    }

    /**
     * Without a table this node may be part of a whole-cluster restart (see {@link ColdRestart}): it
     * reports its journal to the seed, and the seed announces itself, decides once every node has
     * reported, installs its own rack's table and sends every other node its rack's table.
     */
    private void coldRestartTimer()
    {
        if (nodeId != ColdRestart.SEED)
        {
            wire.sendRestartStatus(ColdRestart.SEED, committed, installedEpoch, incarnation, cold.seedIncarnation);
            return;
        }
        cold.record(nodeId, incarnation, committed, installedEpoch);
        if (!cold.everyNodeHeard())
        {
            for (int peer = 0; peer < topology.nodeCount(); peer++)
            {
                if (peer != nodeId)
                {
                    wire.sendRestartStatus(peer, committed, installedEpoch, incarnation, incarnation);
                }
            }
            return;
        }
        cold.decide();
        counters.coldRestarts++;
        for (int peer = 0; peer < topology.nodeCount(); peer++)
        {
            if (peer != nodeId)
            {
                sendColdTable(peer);
            }
        }
        cold.tableFor(rack, topology, coldScratch);
        install(coldScratch);
    }

    private void sendColdTable(final int peer)
    {
        final int peerRack = topology.rackOf(peer);
        cold.tableFor(peerRack, topology, coldScratch);
        wire.sendDecided(peer, peerRack, coldScratch);
    }

    private void onRestartStatus()
    {
        final int from = restartDecoder.nodeId();
        if (from < 0 || from >= topology.nodeCount() || from == nodeId)
        {
            counters.framesRejected++;
            return;
        }
        if (from == ColdRestart.SEED)
        {
            cold.seedIncarnation = restartDecoder.incarnation();
            return;
        }
        if (nodeId != ColdRestart.SEED)
        {
            counters.framesRejected++; // only the seed collects reports
            return;
        }
        if (!table.isKnown())
        {
            if (restartDecoder.seedIncarnation() == incarnation)
            {
                cold.record(from, restartDecoder.incarnation(), restartDecoder.committedCycle(), restartDecoder.highestEpoch());
            }
        }
        else if (cold.decided() && restartDecoder.incarnation() == cold.decidedIncarnation(from))
        {
            sendColdTable(from); // the decision did not reach it
        }
    }

    private int clamp(final int node)
    {
        return node < 0 || node >= topology.nodeCount() ? nodeId : node;
    }

    private void onViewQuery()
    {
        final int peer = queryDecoder.nodeId();
        if (queryDecoder.rack() != rack || peer < 0 || peer >= topology.nodeCount())
        {
            counters.framesRejected++;
            return;
        }
        if (table.isKnown() && queryDecoder.epoch() < table.epoch())
        {
            wire.sendDecided(peer, rack, table);
        }
    }

    /** Records that the current incarnation acts on a table, before it does (see {@link #META_USED_INCARNATION}). */
    private void markUsed()
    {
        if (usedIncarnation < incarnation)
        {
            usedIncarnation = incarnation;
            log.writeMetadata(META_USED_INCARNATION, incarnation);
        }
    }

    private int joinTimers()
    {
        if (isActiveMember() || nowNs - lastJoinNs < config.joinRetryNs())
        {
            return 0;
        }
        lastJoinNs = nowNs;
        if (!table.isKnown())
        {
            coldRestartTimer();
        }
        final int[] peers = topology.rackNodes(rack);
        if (peers.length == 1)
        {
            return 0;
        }
        // Catch up first: joining while far behind would hold the rack up on this node's proposals.
        final boolean caughtUp = committed + config.pipelineDepth() >= highestSeen;
        for (final int peer : peers)
        {
            if (peer == nodeId)
            {
                continue;
            }
            wire.sendViewQuery(peer, rack, table.epoch());
            if (caughtUp && table.isKnown())
            {
                wire.sendJoin(peer, rack, incarnation, committed);
            }
        }
        return 1;
    }
}
