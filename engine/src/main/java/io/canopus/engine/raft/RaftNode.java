package io.canopus.engine.raft;

import io.canopus.codecs.AppendEntriesDecoder;
import io.canopus.codecs.AppendEntriesEncoder;
import io.canopus.codecs.AppendEntriesResponseDecoder;
import io.canopus.codecs.AppendEntriesResponseEncoder;
import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientResponseEncoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.RaftEntryKind;
import io.canopus.codecs.RequestVoteDecoder;
import io.canopus.codecs.RequestVoteEncoder;
import io.canopus.codecs.RequestVoteResponseDecoder;
import io.canopus.codecs.RequestVoteResponseEncoder;
import io.canopus.codecs.frame.FrameValidator;
import io.canopus.codecs.frame.MessageLimits;
import io.canopus.codecs.frame.RejectionCounters;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.DurableLog;
import io.canopus.engine.protocol.ElectionEvent;
import io.canopus.engine.protocol.ElectionReason;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.protocol.RandomSource;
import io.canopus.engine.protocol.Role;
import io.canopus.engine.statemachine.SessionTable;
import io.canopus.engine.statemachine.StateMachine;
import io.canopus.engine.topology.ClusterTopology;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * One Raft server as an IO-free state machine (see {@link ConsensusNode}): every server of the topology is a
 * voting member; racks play no part.
 * <p>
 * Elections: a follower that hears no leader for a randomized election timeout stands as candidate for the next
 * term (after a pre-vote round when configured); a server votes once per term, only for a candidate whose log is at
 * least as up to date as its own (last term, then last index). Replication: the leader appends client writes to its
 * log (durably, before counting itself), streams entries to each follower with {@code prevLogIndex/prevLogTerm},
 * pipelines up to {@link RaftConfig#maxInflightEntries()} and, on a mismatch, backs off using the follower's
 * conflict hint (the first index of the conflicting term, or the end of the follower's log). It commits an index
 * when a majority holds it and the entry is of its own term (earlier terms commit with it), and starts each term
 * with a no-op entry so that commitment resumes at once. Committed entries are applied in order through the session
 * table (a client's retry is applied once). Reads go through the leader (ReadIndex): the read waits until a
 * heartbeat round sent after it arrived is acknowledged by a majority, proving the leader was still leader, and
 * until the state machine has applied the commit index seen on arrival.
 * <p>
 * Natural batching: messages received in a duty cycle append to the log at once, and {@link #doWork} sends what
 * accumulated in as few AppendEntries as the limits allow.
 */
public final class RaftNode implements ConsensusNode
{
    /** Entries applied per {@link #doWork} at most, so one call stays short; the rest are applied in the next. */
    static final int MAX_APPLY_PER_WORK = 4096;
    /** AppendEntries sent to one follower per {@link #doWork} at most. */
    static final int MAX_APPENDS_PER_FOLLOWER = 4;
    /** Bytes of pending read commands held at most per pending read on average. */
    static final int READ_BYTES_PER_SLOT = 128;

    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int ENTRY_OVERHEAD = AppendEntriesEncoder.EntriesEncoder.sbeBlockLength() +
        AppendEntriesEncoder.EntriesEncoder.commandHeaderLength();
    private static final int APPEND_FIXED_LENGTH = HEADER_LENGTH + AppendEntriesEncoder.BLOCK_LENGTH + 4;

    private final int nodeId;
    private final int clusterSize;
    private final int majority;
    private final RaftConfig config;
    private final OutputSink sink;
    private final RandomSource random;
    private final StateMachine stateMachine;
    private final RaftJournal journal;
    private final RaftLog log;
    private final SessionTable sessions;
    private final NodeCounters counters = new NodeCounters();
    private final FrameValidator validator = new FrameValidator();

    // Codecs: flyweights over one send buffer, used by this node's thread only.
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[MessageLimits.MAX_FRAME_LENGTH]);
    private final UnsafeBuffer result = new UnsafeBuffer(new byte[StateMachine.MAX_RESULT_LENGTH]);
    private final UnsafeBuffer commandView = new UnsafeBuffer(0, 0);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RequestVoteEncoder voteEncoder = new RequestVoteEncoder();
    private final RequestVoteDecoder voteDecoder = new RequestVoteDecoder();
    private final RequestVoteResponseEncoder voteResponseEncoder = new RequestVoteResponseEncoder();
    private final RequestVoteResponseDecoder voteResponseDecoder = new RequestVoteResponseDecoder();
    private final AppendEntriesEncoder appendEncoder = new AppendEntriesEncoder();
    private final AppendEntriesDecoder appendDecoder = new AppendEntriesDecoder();
    private final AppendEntriesResponseEncoder appendResponseEncoder = new AppendEntriesResponseEncoder();
    private final AppendEntriesResponseDecoder appendResponseDecoder = new AppendEntriesResponseDecoder();
    private final ClientRequestDecoder clientDecoder = new ClientRequestDecoder();
    private final ClientResponseEncoder clientEncoder = new ClientResponseEncoder();

    // Persistent state (mirrored in the journal).
    private long currentTerm;
    private int votedFor = -1;

    // Volatile state.
    private Role role = Role.FOLLOWER;
    private int leaderId = -1;
    private long commitIndex;
    private long lastApplied;
    private long electionDeadlineNs;
    private long lastLeaderContactNs = Long.MIN_VALUE;
    private final boolean[] granted;
    private int grants;
    private int refusals;
    private boolean started;
    private long nowNs;

    // Leader state.
    private final long[] nextIndex;
    private final long[] matchIndex;
    private final long[] ackedRound;
    private final long[] lastSentNs;
    /** AppendEntries with entries sent to each follower and not yet answered (see {@link RaftConfig#maxInflightAppends()}). */
    private final int[] inflightAppends;
    private final long[] lastAnswerNs;
    private final long[] scratch;
    private long termStartIndex;
    /** Log index of a write appended by this leader -> the client to answer when it is applied. */
    private final Long2LongHashMap awaiting = new Long2LongHashMap(-1);
    private final ReadQueue reads;
    /** The ReadIndex round the next broadcast carries; reads that arrive now wait for it. */
    private long nextRound = 1;
    private long lastBroadcastRound;
    private long lastRoundSentNs;
    private boolean replicate;

    /**
     * @param nodeId       this server, 0..topology.nodeCount()-1.
     * @param topology     the cluster: its node count is the Raft membership.
     * @param config       validated settings.
     * @param sink         where messages, client answers and observations go.
     * @param log          the durable log: term, vote and the log survive crashes there.
     * @param random       randomness for election timeouts.
     * @param stateMachine the replicated state machine.
     */
    public RaftNode(
        final int nodeId,
        final ClusterTopology topology,
        final RaftConfig config,
        final OutputSink sink,
        final DurableLog log,
        final RandomSource random,
        final StateMachine stateMachine)
    {
        if (nodeId < 0 || nodeId >= topology.nodeCount())
        {
            throw new IllegalArgumentException("node " + nodeId + " is not in a cluster of " + topology.nodeCount());
        }
        this.nodeId = nodeId;
        this.clusterSize = topology.nodeCount();
        this.majority = clusterSize / 2 + 1;
        this.config = config;
        this.sink = sink;
        this.random = random;
        this.stateMachine = stateMachine;
        this.journal = new RaftJournal(log);
        this.log = new RaftLog(config.maxLogEntries());
        this.sessions = new SessionTable(config.maxSessions());
        this.granted = new boolean[clusterSize];
        this.nextIndex = new long[clusterSize];
        this.matchIndex = new long[clusterSize];
        this.ackedRound = new long[clusterSize];
        this.lastSentNs = new long[clusterSize];
        this.inflightAppends = new int[clusterSize];
        this.lastAnswerNs = new long[clusterSize];
        this.scratch = new long[clusterSize];
        this.reads = new ReadQueue(config.maxPendingReads(), config.maxPendingReads() * READ_BYTES_PER_SLOT);
    }

    @Override
    public int nodeId()
    {
        return nodeId;
    }

    @Override
    public void start(final long nowNs)
    {
        if (started)
        {
            throw new IllegalStateException("node " + nodeId + " already started");
        }
        started = true;
        this.nowNs = nowNs;
        if (!journal.isEmpty() || journal.term() > 0)
        {
            counters.restarts++;
        }
        currentTerm = journal.term();
        votedFor = journal.votedFor();
        journal.replay(log);
        stateMachine.reset();
        sessions.reset();
        resetElectionTimer();
        sink.onRoleChange(Role.FOLLOWER, currentTerm, -1);
        if (clusterSize == 1)
        {
            startElection(ElectionReason.TIMEOUT);
        }
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
        headerDecoder.wrap(buffer, offset);
        final int body = offset + HEADER_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (templateId)
        {
            case RequestVoteDecoder.TEMPLATE_ID:
                voteDecoder.wrap(buffer, body, blockLength, version);
                onRequestVote();
                break;
            case RequestVoteResponseDecoder.TEMPLATE_ID:
                voteResponseDecoder.wrap(buffer, body, blockLength, version);
                onVoteResponse();
                break;
            case AppendEntriesDecoder.TEMPLATE_ID:
                appendDecoder.wrap(buffer, body, blockLength, version);
                onAppendEntries();
                break;
            case AppendEntriesResponseDecoder.TEMPLATE_ID:
                appendResponseDecoder.wrap(buffer, body, blockLength, version);
                onAppendResponse();
                break;
            case ClientRequestDecoder.TEMPLATE_ID:
                clientDecoder.wrap(buffer, body, blockLength, version);
                onClientRequest();
                break;
            default:
                counters.framesRejected++; // well formed, but not a message a Raft server receives
        }
    }

    @Override
    public int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = 0;
        if (role == Role.LEADER)
        {
            work += replicateAll();
        }
        else if (nowNs >= electionDeadlineNs)
        {
            onElectionTimeout();
            work++;
        }
        work += applyCommitted();
        if (role == Role.LEADER)
        {
            work += answerReads();
        }
        return work;
    }

    @Override
    public long nextDeadlineNs()
    {
        if (lastApplied < commitIndex || replicate)
        {
            return nowNs;
        }
        if (role != Role.LEADER)
        {
            return electionDeadlineNs;
        }
        long deadline = Long.MAX_VALUE;
        for (int peer = 0; peer < clusterSize; peer++)
        {
            if (peer != nodeId)
            {
                deadline = Math.min(deadline, lastSentNs[peer] + config.heartbeatIntervalNs());
            }
        }
        return deadline;
    }

    @Override
    public boolean isActiveMember()
    {
        return started;
    }

    @Override
    public long committedPosition()
    {
        return lastApplied;
    }

    @Override
    public NodeCounters counters()
    {
        return counters;
    }

    /** @return the rejections of malformed frames, by reason. */
    public RejectionCounters rejections()
    {
        return validator.counters();
    }

    /** @return this server's role. */
    public Role role()
    {
        return role;
    }

    /** @return this server's current term. */
    public long currentTerm()
    {
        return currentTerm;
    }

    /** @return the leader this server knows of, or -1. */
    public int leaderId()
    {
        return leaderId;
    }

    /** @return the highest index known committed. */
    public long commitIndex()
    {
        return commitIndex;
    }

    /** @return the index of the last entry of this server's log. */
    public long lastLogIndex()
    {
        return log.lastIndex();
    }

    /** @return the term of the entry at {@code index} of this server's log (0 for index 0). */
    public long logTerm(final long index)
    {
        return log.term(index);
    }

    // ----- elections -----

    private void resetElectionTimer()
    {
        final long spread = config.electionTimeoutMaxNs() - config.electionTimeoutMinNs();
        electionDeadlineNs = nowNs + config.electionTimeoutMinNs() + (spread == 0 ? 0 : random.nextLong(spread + 1));
    }

    private void onElectionTimeout()
    {
        if (role == Role.CANDIDATE)
        {
            sink.onElection(ElectionEvent.LOST, ElectionReason.ELECTION_TIMEOUT, currentTerm);
        }
        else if (role == Role.PRE_CANDIDATE)
        {
            sink.onElection(ElectionEvent.LOST, ElectionReason.PRE_VOTE_REJECTED, currentTerm + 1);
        }
        if (config.preVote())
        {
            startPreVote();
        }
        else
        {
            startElection(ElectionReason.TIMEOUT);
        }
    }

    private void startPreVote()
    {
        resetElectionTimer();
        role = Role.PRE_CANDIDATE;
        leaderId = -1;
        clearVotes();
        sink.onRoleChange(role, currentTerm, -1);
        if (countGrant(nodeId))
        {
            startElection(ElectionReason.PRE_VOTE_GRANTED);
            return;
        }
        broadcastVoteRequest(currentTerm + 1, true);
    }

    private void startElection(final ElectionReason reason)
    {
        resetElectionTimer();
        currentTerm++;
        votedFor = nodeId;
        journal.termAndVote(currentTerm, votedFor);
        role = Role.CANDIDATE;
        leaderId = -1;
        clearVotes();
        sink.onRoleChange(role, currentTerm, -1);
        sink.onElection(ElectionEvent.STARTED, reason, currentTerm);
        if (countGrant(nodeId))
        {
            becomeLeader();
            return;
        }
        broadcastVoteRequest(currentTerm, false);
    }

    private void clearVotes()
    {
        Arrays.fill(granted, false);
        grants = 0;
        refusals = 0;
    }

    /** @return true when this grant makes a majority. */
    private boolean countGrant(final int voter)
    {
        if (!granted[voter])
        {
            granted[voter] = true;
            grants++;
        }
        return grants >= majority;
    }

    private void broadcastVoteRequest(final long term, final boolean preVote)
    {
        voteEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .term(term).candidateId(nodeId).lastLogIndex(log.lastIndex()).lastLogTerm(log.lastTerm())
            .preVote((short)(preVote ? 1 : 0));
        final int length = HEADER_LENGTH + voteEncoder.encodedLength();
        for (int peer = 0; peer < clusterSize; peer++)
        {
            if (peer != nodeId)
            {
                send(peer, length);
            }
        }
    }

    private void onRequestVote()
    {
        final int candidate = voteDecoder.candidateId();
        final long term = voteDecoder.term();
        final long lastIndex = voteDecoder.lastLogIndex();
        final long lastTerm = voteDecoder.lastLogTerm();
        final boolean preVote = voteDecoder.preVote() == 1;
        if (!isPeer(candidate) || term < 0 || term > RaftJournal.MAX_TERM || lastIndex < 0 || lastTerm < 0)
        {
            counters.framesRejected++;
            return;
        }
        final boolean upToDate = lastTerm > log.lastTerm() || (lastTerm == log.lastTerm() && lastIndex >= log.lastIndex());
        boolean grant;
        if (preVote)
        {
            // Refuse while a leader is known to be alive: a server that merely cannot hear it must not unseat it.
            final boolean leaderAlive = role == Role.LEADER ||
                (leaderId >= 0 && nowNs - lastLeaderContactNs < config.electionTimeoutMinNs());
            grant = term > currentTerm && upToDate && !leaderAlive;
        }
        else
        {
            if (term > currentTerm)
            {
                stepDown(term, -1, ElectionReason.HIGHER_TERM);
            }
            grant = term == currentTerm && (votedFor == -1 || votedFor == candidate) && upToDate;
            if (grant && votedFor != candidate)
            {
                votedFor = candidate;
                journal.termAndVote(currentTerm, votedFor); // durable before the vote leaves
            }
            if (grant)
            {
                resetElectionTimer();
            }
        }
        voteResponseEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .term(currentTerm).voterId(nodeId).granted((short)(grant ? 1 : 0)).preVote((short)(preVote ? 1 : 0))
            .requestTerm(term);
        send(candidate, HEADER_LENGTH + voteResponseEncoder.encodedLength());
    }

    private void onVoteResponse()
    {
        final int voter = voteResponseDecoder.voterId();
        final long term = voteResponseDecoder.term();
        if (!isPeer(voter) || term < 0 || term > RaftJournal.MAX_TERM)
        {
            counters.framesRejected++;
            return;
        }
        final boolean grant = voteResponseDecoder.granted() == 1;
        final boolean preVote = voteResponseDecoder.preVote() == 1;
        final long requestTerm = voteResponseDecoder.requestTerm();
        if (term > currentTerm && !(preVote && grant))
        {
            stepDown(term, -1, ElectionReason.HIGHER_TERM);
            return;
        }
        if (preVote)
        {
            if (role != Role.PRE_CANDIDATE || requestTerm != currentTerm + 1)
            {
                return; // an answer to an older round
            }
            if (grant)
            {
                if (countGrant(voter))
                {
                    startElection(ElectionReason.PRE_VOTE_GRANTED);
                }
            }
            else if (++refusals >= majority)
            {
                sink.onElection(ElectionEvent.LOST, ElectionReason.PRE_VOTE_REJECTED, currentTerm + 1);
                role = Role.FOLLOWER;
                sink.onRoleChange(role, currentTerm, leaderId);
            }
            return;
        }
        if (role == Role.CANDIDATE && requestTerm == currentTerm && term == currentTerm && grant && countGrant(voter))
        {
            becomeLeader();
        }
    }

    private void becomeLeader()
    {
        role = Role.LEADER;
        leaderId = nodeId;
        sink.onElection(ElectionEvent.WON, ElectionReason.MAJORITY, currentTerm);
        sink.onRoleChange(role, currentTerm, nodeId);
        for (int peer = 0; peer < clusterSize; peer++)
        {
            nextIndex[peer] = log.lastIndex() + 1;
            matchIndex[peer] = 0;
            ackedRound[peer] = 0;
            lastSentNs[peer] = Long.MIN_VALUE / 2;
            inflightAppends[peer] = 0;
            lastAnswerNs[peer] = nowNs;
        }
        nextRound = 1;
        lastBroadcastRound = 0;
        // A no-op of the new term: entries of earlier terms commit once it does (they cannot be counted alone),
        // and reads can be served once it has committed.
        termStartIndex = appendToLog(RaftEntryKind.NOOP, 0, 0, commandView, 0, 0);
        matchIndex[nodeId] = log.lastIndex();
        advanceCommit();
        replicate = true;
    }

    /**
     * Moves to {@code term} (if higher) as follower, knowing {@code leader}; a leader or candidate losing its role
     * reports why and turns its waiting clients away to the new leader.
     */
    private void stepDown(final long term, final int leader, final ElectionReason reason)
    {
        if (term < currentTerm)
        {
            throw new IllegalStateException("term " + term + " below current " + currentTerm);
        }
        final Role before = role;
        final int leaderBefore = leaderId;
        final long termBefore = currentTerm;
        if (term > currentTerm)
        {
            currentTerm = term;
            votedFor = -1;
            journal.termAndVote(currentTerm, votedFor);
        }
        if (before == Role.CANDIDATE || before == Role.PRE_CANDIDATE)
        {
            sink.onElection(ElectionEvent.LOST, reason, before == Role.CANDIDATE ? termBefore : termBefore + 1);
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        if (before == Role.LEADER)
        {
            resetElectionTimer();
            turnAwayClients();
        }
        if (before != role || leaderBefore != leaderId || termBefore != currentTerm)
        {
            sink.onRoleChange(role, currentTerm, leaderId);
        }
    }

    // ----- replication: leader side -----

    private long appendToLog(
        final RaftEntryKind kind, final long sessionId, final long sequence, final DirectBuffer command, final int offset,
        final int length)
    {
        final long index = log.lastIndex() + 1;
        journal.appendEntry(index, currentTerm, kind, sessionId, sequence, command, offset, length); // durable first
        log.append(currentTerm, kind, sessionId, sequence, command, offset, length);
        matchIndex[nodeId] = index;
        return index;
    }

    private int replicateAll()
    {
        int work = 0;
        // One ReadIndex round in flight at a time: reads arriving meanwhile wait for the next round and share it,
        // so a read costs a fraction of a broadcast instead of a broadcast of its own. A round unconfirmed for a
        // heartbeat interval (answers lost) does not hold the next one back.
        final boolean roundDue = reads.newestRound() >= nextRound &&
            (confirmedRound() >= lastBroadcastRound || nowNs - lastRoundSentNs >= config.heartbeatIntervalNs());
        final long round = roundDue ? nextRound : lastBroadcastRound;
        for (int peer = 0; peer < clusterSize; peer++)
        {
            if (peer == nodeId)
            {
                continue;
            }
            if (inflightAppends[peer] > 0 && nowNs - Math.max(lastAnswerNs[peer], lastSentNs[peer]) >= config.heartbeatIntervalNs())
            {
                inflightAppends[peer] = 0; // answers lost, or the follower is slow: probe again rather than stall
            }
            int sent = 0;
            while (sent < MAX_APPENDS_PER_FOLLOWER && nextIndex[peer] <= log.lastIndex() &&
                inflightAppends[peer] < config.maxInflightAppends() &&
                nextIndex[peer] - 1 - matchIndex[peer] < config.maxInflightEntries())
            {
                sendAppend(peer, round);
                inflightAppends[peer]++;
                sent++;
            }
            if (sent == 0 && (roundDue || nowNs - lastSentNs[peer] >= config.heartbeatIntervalNs()))
            {
                sendAppend(peer, round); // a heartbeat: no entries
                sent++;
            }
            work += sent;
        }
        if (roundDue)
        {
            lastBroadcastRound = nextRound++;
            lastRoundSentNs = nowNs;
        }
        replicate = false;
        return work;
    }

    private void sendAppend(final int peer, final long round)
    {
        final long prev = nextIndex[peer] - 1;
        final long last = log.lastIndex();
        final int maxEntries = config.batchRequests() ? config.maxEntriesPerAppend() : 1;
        int count = 0;
        int bytes = APPEND_FIXED_LENGTH;
        while (prev + count < last && count < maxEntries &&
            prev + count + 1 - 1 - matchIndex[peer] < config.maxInflightEntries())
        {
            final int entryBytes = ENTRY_OVERHEAD + log.commandLength(prev + count + 1);
            if (count > 0 && bytes + entryBytes > config.maxAppendBytes())
            {
                break;
            }
            bytes += entryBytes;
            count++;
        }
        appendEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .term(currentTerm).leaderId(nodeId).prevLogIndex(prev).prevLogTerm(log.term(prev))
            .leaderCommit(commitIndex).readRound(round);
        final AppendEntriesEncoder.EntriesEncoder entries = appendEncoder.entriesCount(count);
        for (int i = 1; i <= count; i++)
        {
            final long index = prev + i;
            log.wrapCommand(index, commandView);
            entries.next().term(log.term(index)).kind(log.kind(index)).sessionId(log.sessionId(index))
                .sequence(log.sequence(index)).putCommand(commandView, 0, commandView.capacity());
        }
        send(peer, HEADER_LENGTH + appendEncoder.encodedLength());
        nextIndex[peer] = prev + count + 1; // optimistic: a loss shows as a mismatch later and is repaired
        lastSentNs[peer] = nowNs;
    }

    private void onAppendResponse()
    {
        final int follower = appendResponseDecoder.followerId();
        final long term = appendResponseDecoder.term();
        final long match = appendResponseDecoder.matchIndex();
        final long conflictIndex = appendResponseDecoder.conflictIndex();
        final long conflictTerm = appendResponseDecoder.conflictTerm();
        if (!isPeer(follower) || term < 0 || term > RaftJournal.MAX_TERM || match < 0 || conflictIndex < 0)
        {
            counters.framesRejected++;
            return;
        }
        if (term > currentTerm)
        {
            stepDown(term, -1, ElectionReason.HIGHER_TERM);
            return;
        }
        if (role != Role.LEADER || term != currentTerm)
        {
            return; // stale
        }
        // Any answer of this term proves the follower still takes this server as its leader.
        ackedRound[follower] = Math.max(ackedRound[follower], appendResponseDecoder.readRound());
        if (inflightAppends[follower] > 0)
        {
            inflightAppends[follower]--;
        }
        lastAnswerNs[follower] = nowNs;
        replicate |= !reads.isEmpty(); // a confirmation may answer reads and open the next round
        if (appendResponseDecoder.success() == 1)
        {
            if (match > log.lastIndex())
            {
                counters.framesRejected++; // acknowledges entries this leader never had
                return;
            }
            if (match > matchIndex[follower])
            {
                matchIndex[follower] = match;
                advanceCommit();
            }
            nextIndex[follower] = Math.max(nextIndex[follower], match + 1);
            replicate |= nextIndex[follower] <= log.lastIndex();
        }
        else
        {
            long next = conflictIndex;
            if (conflictTerm >= 0)
            {
                final long ours = log.lastIndexOfTerm(conflictTerm);
                if (ours > 0)
                {
                    next = ours + 1;
                }
            }
            next = Math.max(matchIndex[follower] + 1, Math.min(next, log.lastIndex() + 1));
            nextIndex[follower] = Math.max(1, next);
            replicate = true;
        }
    }

    /** Commits the highest index a majority holds, if it is of the current term (Raft's figure 8 rule). */
    private void advanceCommit()
    {
        System.arraycopy(matchIndex, 0, scratch, 0, clusterSize);
        Arrays.sort(scratch);
        final long candidate = scratch[clusterSize - majority];
        if (candidate > commitIndex && log.term(candidate) == currentTerm)
        {
            assert candidate <= log.lastIndex() : "commit " + candidate + " beyond log " + log.lastIndex();
            commitIndex = candidate;
        }
    }

    // ----- replication: follower side -----

    private void onAppendEntries()
    {
        final long term = appendDecoder.term();
        final int leader = appendDecoder.leaderId();
        final long prevIndex = appendDecoder.prevLogIndex();
        final long prevTerm = appendDecoder.prevLogTerm();
        final long leaderCommit = appendDecoder.leaderCommit();
        final long round = appendDecoder.readRound();
        if (!isPeer(leader) || term < 0 || term > RaftJournal.MAX_TERM || prevIndex < 0 || prevTerm < 0 || leaderCommit < 0)
        {
            counters.framesRejected++;
            return;
        }
        if (term < currentTerm)
        {
            respondAppend(leader, false, 0, log.lastIndex() + 1, -1, round);
            return;
        }
        if (role == Role.LEADER && term == currentTerm)
        {
            // Two leaders of one term would mean two majorities voted in it: a forged frame or a broken peer.
            counters.framesRejected++;
            return;
        }
        if (term > currentTerm || role != Role.FOLLOWER || leaderId != leader)
        {
            stepDown(term, leader, term > currentTerm ? ElectionReason.HIGHER_TERM : ElectionReason.LEADER_SEEN);
        }
        lastLeaderContactNs = nowNs;
        resetElectionTimer();

        if (prevIndex > log.lastIndex())
        {
            respondAppend(leader, false, 0, log.lastIndex() + 1, -1, round);
            return;
        }
        if (log.term(prevIndex) != prevTerm)
        {
            final long conflictTerm = log.term(prevIndex);
            respondAppend(leader, false, 0, log.firstIndexOfTermAt(prevIndex), conflictTerm, round);
            return;
        }
        long index = prevIndex;
        for (final AppendEntriesDecoder.EntriesDecoder entry : appendDecoder.entries())
        {
            index++;
            final long entryTerm = entry.term();
            final RaftEntryKind kind = entry.kind();
            final long sessionId = entry.sessionId();
            final long sequence = entry.sequence();
            entry.wrapCommand(commandView);
            if (kind == RaftEntryKind.TRUNCATE || entryTerm > term || entryTerm < log.term(index - 1))
            {
                counters.framesRejected++; // not an entry a leader of this term could send
                return;
            }
            if (index <= log.lastIndex())
            {
                if (log.term(index) == entryTerm)
                {
                    continue; // already held (a retransmission)
                }
                if (index <= commitIndex)
                {
                    // A leader never conflicts with a committed entry (leader completeness): refuse, never rewrite it.
                    counters.framesRejected++;
                    return;
                }
                journal.appendTruncate(index);
                log.truncateFrom(index);
            }
            if (log.isFull())
            {
                index--;
                break; // the rest is refused: the leader sees a shorter match and retries
            }
            journal.appendEntry(index, entryTerm, kind, sessionId, sequence, commandView, 0, commandView.capacity());
            log.append(entryTerm, kind, sessionId, sequence, commandView, 0, commandView.capacity());
        }
        // Only what this message proved matches the leader may be committed here: beyond it the log may hold stale entries.
        final long newCommit = Math.min(leaderCommit, index);
        if (newCommit > commitIndex)
        {
            commitIndex = newCommit;
        }
        respondAppend(leader, true, index, 0, -1, round);
    }

    private void respondAppend(
        final int leader, final boolean success, final long match, final long conflictIndex, final long conflictTerm,
        final long round)
    {
        appendResponseEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .term(currentTerm).followerId(nodeId).success((short)(success ? 1 : 0)).matchIndex(match)
            .conflictIndex(conflictIndex).conflictTerm(conflictTerm).readRound(round);
        send(leader, HEADER_LENGTH + appendResponseEncoder.encodedLength());
    }

    // ----- applying -----

    private int applyCommitted()
    {
        int applied = 0;
        while (lastApplied < commitIndex && applied < MAX_APPLY_PER_WORK)
        {
            final long index = ++lastApplied;
            final RaftEntryKind kind = log.kind(index);
            int writes = 0;
            if (kind == RaftEntryKind.WRITE)
            {
                final long sessionId = log.sessionId(index);
                final long sequence = log.sequence(index);
                log.wrapCommand(index, commandView);
                final SessionTable.Outcome outcome =
                    sessions.apply(sessionId, sequence, commandView, 0, commandView.capacity(), stateMachine);
                final boolean duplicate = outcome != SessionTable.Outcome.APPLIED;
                if (duplicate)
                {
                    counters.writesDuplicate++;
                }
                else
                {
                    counters.writesCommitted++;
                }
                sink.onApplied(index, sessionId, sequence, duplicate);
                final long client = awaiting.remove(index);
                if (client != -1)
                {
                    final ClientStatus status = outcome == SessionTable.Outcome.DUPLICATE_STALE ? ClientStatus.REJECTED : ClientStatus.OK;
                    respondClient(client, sessionId, sequence, status, -1, index, sessions.result(), sessions.resultLength());
                }
                writes = 1;
            }
            counters.cyclesCommitted++;
            sink.onCommitted(index, 1, writes);
            applied++;
        }
        return applied;
    }

    // ----- clients -----

    private void onClientRequest()
    {
        final long clientId = clientDecoder.clientId();
        final long sessionId = clientDecoder.sessionId();
        final long sequence = clientDecoder.sequence();
        final ClientOp op = clientDecoder.op();
        clientDecoder.wrapPayload(commandView);
        final int length = commandView.capacity();
        if (length > config.maxPayloadBytes())
        {
            respondClient(clientId, sessionId, sequence, ClientStatus.REJECTED, leaderId, commitIndex, result, 0);
            return;
        }
        if (role != Role.LEADER)
        {
            respondClient(clientId, sessionId, sequence, ClientStatus.REDIRECT, leaderId, commitIndex, result, 0);
            return;
        }
        if (op == ClientOp.WRITE)
        {
            if (log.isFull() || log.lastIndex() - commitIndex >= config.maxUncommittedEntries() ||
                awaiting.size() >= config.maxUncommittedEntries())
            {
                counters.clientRejectedBusy++;
                respondClient(clientId, sessionId, sequence, ClientStatus.BUSY, -1, commitIndex, result, 0);
                return;
            }
            final long index = appendToLog(RaftEntryKind.WRITE, sessionId, sequence, commandView, 0, length);
            awaiting.put(index, clientId);
            if (clusterSize == 1)
            {
                advanceCommit();
            }
            replicate = true;
        }
        else
        {
            final long readIndex = Math.max(commitIndex, termStartIndex);
            // A single server is its own majority: no round to wait for.
            final long round = clusterSize == 1 ? 0 : nextRound;
            if (!reads.offer(clientId, sessionId, sequence, readIndex, round, commandView, 0, length))
            {
                counters.clientRejectedBusy++;
                respondClient(clientId, sessionId, sequence, ClientStatus.BUSY, -1, commitIndex, result, 0);
                return;
            }
            replicate |= round > 0;
        }
    }

    /** Answers reads whose leadership round a majority acknowledged and whose read index has been applied. */
    private int answerReads()
    {
        int work = 0;
        final long confirmed = confirmedRound();
        while (!reads.isEmpty() && reads.headRound() <= confirmed && reads.headReadIndex() <= lastApplied)
        {
            reads.wrapHeadCommand(commandView);
            final int length = stateMachine.read(commandView, 0, commandView.capacity(), result, 0);
            respondClient(reads.headClient(), reads.headSession(), reads.headSequence(), ClientStatus.OK, -1,
                reads.headReadIndex(), result, length);
            counters.readsAnswered++;
            reads.pop();
            work++;
        }
        return work;
    }

    /** @return the highest ReadIndex round a majority (this leader included) has acknowledged. */
    private long confirmedRound()
    {
        ackedRound[nodeId] = Long.MAX_VALUE;
        System.arraycopy(ackedRound, 0, scratch, 0, clusterSize);
        Arrays.sort(scratch);
        return scratch[clusterSize - majority];
    }

    /** A leader stepping down sends its waiting clients to whoever leads now (they retry; the session table dedups). */
    private void turnAwayClients()
    {
        awaiting.forEach((index, client) ->
            respondClient(client, log.sessionId(index), log.sequence(index), ClientStatus.REDIRECT, leaderId, commitIndex, result, 0));
        awaiting.clear();
        while (!reads.isEmpty())
        {
            respondClient(reads.headClient(), reads.headSession(), reads.headSequence(), ClientStatus.REDIRECT, leaderId,
                commitIndex, result, 0);
            reads.pop();
        }
    }

    private void respondClient(
        final long clientId, final long sessionId, final long sequence, final ClientStatus status, final int hint,
        final long position, final DirectBuffer payload, final int payloadLength)
    {
        clientEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .clientId(clientId).sessionId(sessionId).sequence(sequence).status(status).nodeHint(hint).cycle(position)
            .putPayload(payload, 0, payloadLength);
        if (!sink.sendToClient(clientId, out, 0, HEADER_LENGTH + clientEncoder.encodedLength()))
        {
            counters.sendsFailed++;
        }
    }

    // ----- helpers -----

    private boolean isPeer(final int node)
    {
        return node >= 0 && node < clusterSize && node != nodeId;
    }

    private void send(final int peer, final int length)
    {
        if (!sink.sendToNode(peer, out, 0, length))
        {
            counters.sendsFailed++; // like a lost datagram: heartbeats and conflict hints repair it
        }
    }

    @Override
    public String toString()
    {
        return "RaftNode{id=" + nodeId + ", role=" + role + ", term=" + currentTerm + ", leader=" + leaderId +
            ", last=" + log.lastIndex() + ", commit=" + commitIndex + ", applied=" + lastApplied + '}';
    }
}
