package io.canopus.engine.canopus;

import io.canopus.codecs.CatchUpRequestEncoder;
import io.canopus.codecs.ClientResponseEncoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.JoinRequestEncoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.codecs.ProposalPullEncoder;
import io.canopus.codecs.StabilityReportEncoder;
import io.canopus.codecs.StateHeaderEncoder;
import io.canopus.codecs.StateRequestEncoder;
import io.canopus.codecs.StateStatus;
import io.canopus.codecs.ViewAcceptEncoder;
import io.canopus.codecs.ViewAcceptedEncoder;
import io.canopus.codecs.ViewDecidedEncoder;
import io.canopus.codecs.ViewPrepareEncoder;
import io.canopus.codecs.ViewPromiseEncoder;
import io.canopus.codecs.RestartStatusEncoder;
import io.canopus.codecs.ViewQueryEncoder;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.OutputSink;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes every message a Canopus node sends, with flyweights and one scratch buffer allocated once,
 * and hands it to the {@link OutputSink}. A refused send is counted and otherwise treated as a lost
 * datagram: the protocol's pulls, fetches and retries recover from it.
 */
final class Wire
{
    /** Destination meaning "multicast to the own rack". */
    static final int RACK = -1;

    private static final int WRITE_OVERHEAD = 8 + 8 + 2;

    private final int nodeId;
    private final OutputSink sink;
    private final NodeCounters counters;
    private final int maxProposalBytes;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ProposalEncoder proposal = new ProposalEncoder();
    private final StabilityReportEncoder report = new StabilityReportEncoder();
    private final ProposalPullEncoder pull = new ProposalPullEncoder();
    private final StateRequestEncoder stateRequest = new StateRequestEncoder();
    private final CatchUpRequestEncoder catchUp = new CatchUpRequestEncoder();
    private final StateHeaderEncoder stateHeader = new StateHeaderEncoder();
    private final ViewPrepareEncoder prepare = new ViewPrepareEncoder();
    private final ViewPromiseEncoder promise = new ViewPromiseEncoder();
    private final ViewAcceptEncoder accept = new ViewAcceptEncoder();
    private final ViewAcceptedEncoder accepted = new ViewAcceptedEncoder();
    private final ViewDecidedEncoder decided = new ViewDecidedEncoder();
    private final JoinRequestEncoder join = new JoinRequestEncoder();
    private final ViewQueryEncoder query = new ViewQueryEncoder();
    private final RestartStatusEncoder restartStatus = new RestartStatusEncoder();
    private final ClientResponseEncoder clientResponse = new ClientResponseEncoder();

    Wire(final int nodeId, final OutputSink sink, final NodeCounters counters, final int maxProposalBytes)
    {
        this.nodeId = nodeId;
        this.sink = sink;
        this.counters = counters;
        this.maxProposalBytes = maxProposalBytes;
    }

    /**
     * Encodes this node's proposal for a cycle into {@code copy} with as many queued writes as fit
     * the write and byte limits.
     *
     * @return how many queued writes it took (oldest first).
     */
    int encodeProposal(
        final ProposalCopy copy, final long cycle, final int incarnation, final long epoch, final long random,
        final ClientQueues clients, final int maxWrites)
    {
        int n = 0;
        int bytes = MessageHeaderEncoder.ENCODED_LENGTH + ProposalEncoder.BLOCK_LENGTH + 4;
        final int available = Math.min(clients.pendingWrites(), maxWrites);
        while (n < available)
        {
            final int size = WRITE_OVERHEAD + clients.writeLength(clients.writeIndex(n));
            if (bytes + size > maxProposalBytes)
            {
                break;
            }
            bytes += size;
            n++;
        }
        proposal.wrapAndApplyHeader(copy.frame, 0, header)
            .cycle(cycle)
            .nodeId(nodeId)
            .incarnation(incarnation)
            .epoch(epoch)
            .random(random)
            .relayed((short)0)
            .senderId(nodeId);
        final ProposalEncoder.WritesEncoder writes = proposal.writesCount(n);
        for (int k = 0; k < n; k++)
        {
            final int i = clients.writeIndex(k);
            writes.next()
                .sessionId(clients.writeSession(i))
                .sequence(clients.writeSequence(i))
                .putPayload(clients.writePayload(i), 0, clients.writeLength(i));
        }
        copy.length = MessageHeaderEncoder.ENCODED_LENGTH + proposal.encodedLength();
        copy.random = random;
        assert copy.length <= maxProposalBytes : "proposal of " + copy.length + " bytes";
        return n;
    }

    void sendToRack(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!sink.sendToRack(buffer, offset, length))
        {
            counters.sendsFailed++;
        }
    }

    /** Sends a ready frame to a node, or to the rack when {@code destination} is {@link #RACK}. */
    void sendFrame(final int destination, final DirectBuffer buffer, final int offset, final int length)
    {
        final boolean sent = destination == RACK ? sink.sendToRack(buffer, offset, length) : sink.sendToNode(destination, buffer, offset, length);
        if (!sent)
        {
            counters.sendsFailed++;
        }
    }

    private void send(final int destination, final int length)
    {
        sendFrame(destination, out, 0, length);
    }

    void sendReport(final int rack, final int incarnation, final RackTable table, final long[] held, final long committed, final long started)
    {
        report.wrapAndApplyHeader(out, 0, header)
            .rack(rack)
            .nodeId(nodeId)
            .incarnation(incarnation)
            .epoch(table.epoch())
            .committedCycle(committed)
            .startedCycle(started);
        final StabilityReportEncoder.HeldEncoder group = report.heldCount(table.size());
        for (int e = 0; e < table.size(); e++)
        {
            group.next().memberId(table.node(e)).memberIncarnation(table.incarnation(e)).heldThrough(held[e]);
        }
        send(RACK, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
    }

    void sendPull(final int destination, final long cycle, final int owner, final int ownerIncarnation)
    {
        pull.wrapAndApplyHeader(out, 0, header).requesterId(nodeId).cycle(cycle).nodeId(owner).incarnation(ownerIncarnation);
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + pull.encodedLength());
    }

    void sendStateRequest(final int destination, final long cycle, final int height, final int index)
    {
        stateRequest.wrapAndApplyHeader(out, 0, header).requesterId(nodeId).cycle(cycle).height(height).vnodeIndex(index);
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + stateRequest.encodedLength());
    }

    void sendCatchUpRequest(final int destination, final long fromCycle, final int maxCycles)
    {
        catchUp.wrapAndApplyHeader(out, 0, header).requesterId(nodeId).fromCycle(fromCycle).maxCycles(maxCycles);
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + catchUp.encodedLength());
    }

    void sendStateUnavailable(final int destination, final long cycle, final int height, final int index)
    {
        stateHeader.wrapAndApplyHeader(out, 0, header)
            .responderId(nodeId).cycle(cycle).height(height).vnodeIndex(index).status(StateStatus.UNAVAILABLE).relayed((short)0);
        stateHeader.membersCount(0);
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + stateHeader.encodedLength());
    }

    void sendStateHeader(
        final int destination, final long cycle, final int height, final int index, final boolean relay,
        final int[] nodes, final int[] incarnations, final int count)
    {
        final int length = encodeStateHeader(out, 0, cycle, height, index, relay, nodes, incarnations, count);
        send(destination, length);
    }

    /**
     * Writes the root header of a committed cycle at the start of a journal record.
     *
     * @return the position after it.
     */
    int encodeRootHeader(final MutableDirectBuffer record, final long cycle, final int height, final int[] nodes, final int[] incarnations, final int count)
    {
        final int length = encodeStateHeader(record, CommitRecord.LENGTH_PREFIX, cycle, height, 0, false, nodes, incarnations, count);
        record.putInt(0, length);
        return CommitRecord.LENGTH_PREFIX + length;
    }

    private int encodeStateHeader(
        final MutableDirectBuffer buffer, final int offset, final long cycle, final int height, final int index, final boolean relay,
        final int[] nodes, final int[] incarnations, final int count)
    {
        stateHeader.wrapAndApplyHeader(buffer, offset, header)
            .responderId(nodeId).cycle(cycle).height(height).vnodeIndex(index).status(StateStatus.OK).relayed((short)(relay ? 1 : 0));
        final StateHeaderEncoder.MembersEncoder members = stateHeader.membersCount(count);
        for (int i = 0; i < count; i++)
        {
            members.next().nodeId(nodes[i]).incarnation(incarnations[i]);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + stateHeader.encodedLength();
    }

    void sendPrepare(final int rack, final long epoch, final long round, final int ballotNode)
    {
        prepare.wrapAndApplyHeader(out, 0, header).rack(rack).epoch(epoch).ballotRound(round).ballotNode(ballotNode);
        send(RACK, MessageHeaderEncoder.ENCODED_LENGTH + prepare.encodedLength());
    }

    void sendPromise(
        final int destination, final int rack, final long epoch, final long round, final int ballotNode, final int incarnation,
        final boolean ok, final long acceptedRound, final int acceptedNode, final RackTable table, final long[] held,
        final RackTable acceptedValue)
    {
        promise.wrapAndApplyHeader(out, 0, header)
            .rack(rack).epoch(epoch).ballotRound(round).ballotNode(ballotNode).nodeId(nodeId).incarnation(incarnation)
            .ok((short)(ok ? 1 : 0)).acceptedRound(acceptedRound).acceptedNode(acceptedNode);
        final ViewPromiseEncoder.HeldEncoder heldGroup = promise.heldCount(ok ? table.size() : 0);
        if (ok)
        {
            for (int e = 0; e < table.size(); e++)
            {
                heldGroup.next().memberId(table.node(e)).memberIncarnation(table.incarnation(e)).heldThrough(held[e]);
            }
        }
        final int acceptedCount = acceptedValue == null ? 0 : acceptedValue.size();
        final ViewPromiseEncoder.AcceptedEncoder acceptedGroup = promise.acceptedCount(acceptedCount);
        for (int e = 0; e < acceptedCount; e++)
        {
            acceptedGroup.next()
                .nodeId(acceptedValue.node(e)).incarnation(acceptedValue.incarnation(e))
                .fromCycle(acceptedValue.from(e)).toCycle(acceptedValue.to(e)).horizon(acceptedValue.horizon(e));
        }
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + promise.encodedLength());
    }

    void sendAccept(final int rack, final long epoch, final long round, final int ballotNode, final RackTable value)
    {
        accept.wrapAndApplyHeader(out, 0, header).rack(rack).epoch(epoch).ballotRound(round).ballotNode(ballotNode);
        final ViewAcceptEncoder.EntriesEncoder entries = accept.entriesCount(value.size());
        for (int e = 0; e < value.size(); e++)
        {
            entries.next().nodeId(value.node(e)).incarnation(value.incarnation(e))
                .fromCycle(value.from(e)).toCycle(value.to(e)).horizon(value.horizon(e));
        }
        send(RACK, MessageHeaderEncoder.ENCODED_LENGTH + accept.encodedLength());
    }

    void sendAccepted(final int destination, final int rack, final long epoch, final long round, final int ballotNode, final int incarnation, final boolean ok)
    {
        accepted.wrapAndApplyHeader(out, 0, header)
            .rack(rack).epoch(epoch).ballotRound(round).ballotNode(ballotNode).nodeId(nodeId).incarnation(incarnation).ok((short)(ok ? 1 : 0));
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + accepted.encodedLength());
    }

    void sendDecided(final int destination, final int rack, final RackTable table)
    {
        decided.wrapAndApplyHeader(out, 0, header).rack(rack).epoch(table.epoch());
        final ViewDecidedEncoder.EntriesEncoder entries = decided.entriesCount(table.size());
        for (int e = 0; e < table.size(); e++)
        {
            entries.next().nodeId(table.node(e)).incarnation(table.incarnation(e))
                .fromCycle(table.from(e)).toCycle(table.to(e)).horizon(table.horizon(e));
        }
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + decided.encodedLength());
    }

    void sendDecidedToRack(final int rack, final RackTable table)
    {
        sendDecided(RACK, rack, table);
    }

    void sendJoin(final int destination, final int rack, final int incarnation, final long committed)
    {
        join.wrapAndApplyHeader(out, 0, header).rack(rack).nodeId(nodeId).incarnation(incarnation).committedCycle(committed);
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + join.encodedLength());
    }

    void sendRestartStatus(
        final int destination, final long committed, final long highestEpoch, final int incarnation, final int seedIncarnation)
    {
        restartStatus.wrapAndApplyHeader(out, 0, header).committedCycle(committed).highestEpoch(highestEpoch)
            .nodeId(nodeId).incarnation(incarnation).seedIncarnation(seedIncarnation);
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + restartStatus.encodedLength());
    }

    void sendViewQuery(final int destination, final int rack, final long epoch)
    {
        query.wrapAndApplyHeader(out, 0, header).rack(rack).nodeId(nodeId).epoch(epoch);
        send(destination, MessageHeaderEncoder.ENCODED_LENGTH + query.encodedLength());
    }

    void sendClientResponse(
        final long clientId, final long sessionId, final long sequence, final ClientStatus status, final int hint, final long cycle,
        final DirectBuffer payload, final int payloadLength)
    {
        clientResponse.wrapAndApplyHeader(out, 0, header)
            .clientId(clientId).sessionId(sessionId).sequence(sequence).status(status).nodeHint(hint).cycle(cycle)
            .putPayload(payload, 0, payloadLength);
        if (!sink.sendToClient(clientId, out, 0, MessageHeaderEncoder.ENCODED_LENGTH + clientResponse.encodedLength()))
        {
            counters.sendsFailed++;
        }
    }
}
