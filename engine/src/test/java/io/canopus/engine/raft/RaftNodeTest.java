package io.canopus.engine.raft;

import io.canopus.codecs.AppendEntriesDecoder;
import io.canopus.codecs.AppendEntriesEncoder;
import io.canopus.codecs.AppendEntriesResponseDecoder;
import io.canopus.codecs.AppendEntriesResponseEncoder;
import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.RaftEntryKind;
import io.canopus.codecs.RequestVoteDecoder;
import io.canopus.codecs.RequestVoteEncoder;
import io.canopus.codecs.RequestVoteResponseDecoder;
import io.canopus.codecs.RequestVoteResponseEncoder;
import io.canopus.engine.protocol.Role;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.canopus.engine.raft.RaftHarness.MS;
import static org.assertj.core.api.Assertions.assertThat;

class RaftNodeTest
{
    private static final byte[] COMMAND = {1, 2, 3};
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private static RaftConfig config()
    {
        return new RaftConfig().electionTimeoutNs(10 * MS, 20 * MS).heartbeatIntervalNs(2 * MS);
    }

    private int appendEntries(final long term, final int leader, final long prevIndex, final long prevTerm, final long commit,
        final long... entryTerms)
    {
        final AppendEntriesEncoder e = new AppendEntriesEncoder().wrapAndApplyHeader(frame, 0, header)
            .term(term).leaderId(leader).prevLogIndex(prevIndex).prevLogTerm(prevTerm).leaderCommit(commit).readRound(0);
        final AppendEntriesEncoder.EntriesEncoder entries = e.entriesCount(entryTerms.length);
        for (final long t : entryTerms)
        {
            entries.next().term(t).kind(RaftEntryKind.WRITE).sessionId(7).sequence(t).putCommand(COMMAND, 0, COMMAND.length);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int requestVote(final long term, final int candidate, final long lastIndex, final long lastTerm, final boolean preVote)
    {
        final RequestVoteEncoder e = new RequestVoteEncoder().wrapAndApplyHeader(frame, 0, header)
            .term(term).candidateId(candidate).lastLogIndex(lastIndex).lastLogTerm(lastTerm).preVote((short)(preVote ? 1 : 0));
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int voteGranted(final long term, final int voter)
    {
        final RequestVoteResponseEncoder e = new RequestVoteResponseEncoder().wrapAndApplyHeader(frame, 0, header)
            .term(term).voterId(voter).granted((short)1).preVote((short)0).requestTerm(term);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int appendResponse(final long term, final int follower, final long match, final long round)
    {
        final AppendEntriesResponseEncoder e = new AppendEntriesResponseEncoder().wrapAndApplyHeader(frame, 0, header)
            .term(term).followerId(follower).success((short)1).matchIndex(match).conflictIndex(0).conflictTerm(-1).readRound(round);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private static RequestVoteResponseDecoder lastVoteResponse(final RaftHarness h, final int from)
    {
        RaftHarness.Frame last = null;
        for (final RaftHarness.Frame f : h.inFlight)
        {
            if (f.from() == from && f.templateId() == RequestVoteResponseDecoder.TEMPLATE_ID)
            {
                last = f;
            }
        }
        assertThat(last).as("a vote response from %d", from).isNotNull();
        final UnsafeBuffer b = new UnsafeBuffer(last.bytes());
        final MessageHeaderDecoder hd = new MessageHeaderDecoder().wrap(b, 0);
        return new RequestVoteResponseDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH, hd.blockLength(), hd.version());
    }

    private static AppendEntriesResponseDecoder lastAppendResponse(final RaftHarness h, final int from)
    {
        RaftHarness.Frame last = null;
        for (final RaftHarness.Frame f : h.inFlight)
        {
            if (f.from() == from && f.templateId() == AppendEntriesResponseDecoder.TEMPLATE_ID)
            {
                last = f;
            }
        }
        assertThat(last).as("an append response from %d", from).isNotNull();
        final UnsafeBuffer b = new UnsafeBuffer(last.bytes());
        final MessageHeaderDecoder hd = new MessageHeaderDecoder().wrap(b, 0);
        return new AppendEntriesResponseDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH, hd.blockLength(), hd.version());
    }

    @Test
    void electsExactlyOneLeaderThatEveryoneFollowsAndReplicatesWrites()
    {
        final RaftHarness h = new RaftHarness(5, config());
        h.runUntil(60 * MS);
        final int leader = h.leader();
        assertThat(leader).isNotNegative();
        for (int i = 0; i < 5; i++)
        {
            assertThat(h.nodes[i].currentTerm()).isEqualTo(h.nodes[leader].currentTerm());
            assertThat(h.nodes[i].leaderId()).isEqualTo(leader);
        }
        h.request(leader, 100, 1, 1, ClientOp.WRITE, COMMAND);
        h.runUntil(70 * MS);
        assertThat(h.answers).anySatisfy(a -> assertThat(a.status()).isEqualTo(ClientStatus.OK));
        for (int i = 0; i < 5; i++)
        {
            assertThat(h.applied.get(i)).as("node %d applied the write once", i).containsExactly(1L);
        }
    }

    @Test
    void aFollowerRedirectsClientsToTheLeaderItKnows()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.runUntil(60 * MS);
        final int leader = h.leader();
        final int follower = (leader + 1) % 3;
        h.request(follower, 100, 1, 1, ClientOp.WRITE, COMMAND);
        assertThat(h.answers).last().satisfies(a ->
        {
            assertThat(a.status()).isEqualTo(ClientStatus.REDIRECT);
            assertThat(a.hint()).isEqualTo(leader);
        });
    }

    @Test
    void refusesToVoteForACandidateWhoseLogIsLessUpToDate()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.inFlight.clear();
        h.inject(0, frame, appendEntries(2, 1, 0, 0, 0, 1, 2)); // node 0 now holds entries of terms 1 and 2
        assertThat(h.nodes[0].lastLogIndex()).isEqualTo(2);

        h.inject(0, frame, requestVote(3, 2, 5, 1, false)); // longer log, but an older last term
        assertThat(lastVoteResponse(h, 0).granted()).isEqualTo((short)0);
        h.inject(0, frame, requestVote(3, 2, 1, 2, false)); // same last term, shorter log
        assertThat(lastVoteResponse(h, 0).granted()).isEqualTo((short)0);
        h.inject(0, frame, requestVote(3, 2, 2, 2, false)); // as up to date
        assertThat(lastVoteResponse(h, 0).granted()).isEqualTo((short)1);
        h.inject(0, frame, requestVote(3, 1, 9, 3, false)); // one vote per term
        assertThat(lastVoteResponse(h, 0).granted()).isEqualTo((short)0);
    }

    @Test
    void aConflictingSuffixIsReplacedAndTheHintNamesTheFirstIndexOfTheConflictingTerm()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.inFlight.clear();
        h.inject(0, frame, appendEntries(1, 1, 0, 0, 0, 1, 1, 1)); // entries 1..3 of term 1
        h.inject(0, frame, appendEntries(3, 2, 3, 2, 0)); // leader of term 3 believes entry 3 is of term 2
        final AppendEntriesResponseDecoder hint = lastAppendResponse(h, 0);
        assertThat(hint.success()).isEqualTo((short)0);
        assertThat(hint.conflictTerm()).isEqualTo(1);
        assertThat(hint.conflictIndex()).isEqualTo(1);

        h.inject(0, frame, appendEntries(3, 2, 1, 1, 0, 3)); // keep entry 1, replace 2..3 with one entry of term 3
        assertThat(lastAppendResponse(h, 0).success()).isEqualTo((short)1);
        assertThat(h.nodes[0].lastLogIndex()).isEqualTo(2);
        assertThat(h.nodes[0].logTerm(1)).isEqualTo(1);
        assertThat(h.nodes[0].logTerm(2)).isEqualTo(3);

        // The truncation is in the journal: a restart rebuilds exactly this log.
        h.crash(0);
        h.boot(0);
        assertThat(h.nodes[0].lastLogIndex()).isEqualTo(2);
        assertThat(h.nodes[0].logTerm(2)).isEqualTo(3);
    }

    @Test
    void aLeaderCommitsAnEarlierTermsEntryOnlyTogetherWithOneOfItsOwnTerm()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.inFlight.clear();
        h.inject(0, frame, appendEntries(2, 1, 0, 0, 0, 2)); // entry 1 of term 2, not committed
        h.nowNs = 100 * MS;
        h.nodes[0].doWork(h.nowNs); // election timeout: candidate of term 3
        assertThat(h.nodes[0].role()).isEqualTo(Role.CANDIDATE);
        h.inject(0, frame, voteGranted(3, 2));
        assertThat(h.nodes[0].role()).isEqualTo(Role.LEADER);
        assertThat(h.nodes[0].lastLogIndex()).as("the no-op of term 3").isEqualTo(2);

        h.inject(0, frame, appendResponse(3, 2, 1, 0)); // a majority {0, 2} holds entry 1, of term 2
        assertThat(h.nodes[0].commitIndex()).as("figure 8: not committed by counting").isZero();
        h.inject(0, frame, appendResponse(3, 2, 2, 0)); // and now the no-op of term 3
        assertThat(h.nodes[0].commitIndex()).isEqualTo(2);
    }

    @Test
    void aRestartKeepsTermVoteAndLog()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.inFlight.clear();
        h.inject(0, frame, appendEntries(4, 1, 0, 0, 0, 4, 4));
        h.inject(0, frame, requestVote(5, 1, 2, 4, false));
        assertThat(lastVoteResponse(h, 0).granted()).isEqualTo((short)1);

        h.crash(0);
        h.boot(0);
        assertThat(h.nodes[0].currentTerm()).isEqualTo(5);
        assertThat(h.nodes[0].lastLogIndex()).isEqualTo(2);
        assertThat(h.nodes[0].counters().restarts).isEqualTo(1);
        h.inject(0, frame, requestVote(5, 2, 2, 4, false));
        assertThat(lastVoteResponse(h, 0).granted()).as("the vote of term 5 survived the crash").isEqualTo((short)0);
    }

    @Test
    void withPreVoteAServerThatHearsNobodyNeverRaisesItsTerm()
    {
        final RaftHarness h = new RaftHarness(3, config().preVote(true));
        h.runUntil(60 * MS);
        final int leader = h.leader();
        final int isolated = (leader + 1) % 3;
        final long term = h.nodes[leader].currentTerm();
        // The isolated server hears nothing but can send: it pre-votes again and again; nobody grants.
        h.runUntil(400 * MS, (from, to) -> to == isolated);
        assertThat(h.nodes[isolated].currentTerm()).isEqualTo(term);
        assertThat(h.nodes[leader].currentTerm()).as("the leader was never disturbed").isEqualTo(term);
        assertThat(h.leader()).isEqualTo(leader);
        assertThat(h.elections).anyMatch(e -> e.startsWith(isolated + ":LOST:PRE_VOTE_REJECTED"));
    }

    @Test
    void withoutPreVoteThatServerRaisesTermsAndUnseatsTheLeader()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.runUntil(60 * MS);
        final int leader = h.leader();
        final int isolated = (leader + 1) % 3;
        final long term = h.nodes[leader].currentTerm();
        h.runUntil(400 * MS, (from, to) -> to == isolated);
        assertThat(h.nodes[isolated].currentTerm()).isGreaterThan(term + 5);
        assertThat(h.elections).anyMatch(e -> e.endsWith(":LOST:HIGHER_TERM:" + term) || e.contains(":HIGHER_TERM:"));
    }

    @Test
    void aReadIsAnsweredOnlyAfterAMajorityConfirmedTheLeadership()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.runUntil(60 * MS);
        final int leader = h.leader();
        h.answers.clear();
        h.request(leader, 100, 1, 0, ClientOp.READ, COMMAND);
        h.work();
        assertThat(h.answers).as("no answer before the heartbeat round returns").isEmpty();
        h.deliverAll((from, to) -> false, 2); // round delivered to followers, not yet answered
        assertThat(h.answers).isEmpty();
        h.deliverAll();
        assertThat(h.answers).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(ClientStatus.OK));
    }

    @Test
    void readsArrivingWhileARoundIsUnconfirmedShareTheNextRound()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.runUntil(60 * MS);
        final int leader = h.leader();
        h.answers.clear();
        h.inFlight.clear();
        h.request(leader, 100, 1, 0, ClientOp.READ, COMMAND);
        h.work();
        assertThat(h.inFlight).as("round 1 to both followers").hasSize(2);
        h.request(leader, 101, 2, 0, ClientOp.READ, COMMAND);
        h.request(leader, 102, 3, 0, ClientOp.READ, COMMAND);
        h.work();
        assertThat(h.inFlight).as("no second round while the first is unconfirmed").hasSize(2);
        final long appends = h.deliverAll();
        assertThat(h.answers).hasSize(3).allSatisfy(a -> assertThat(a.status()).isEqualTo(ClientStatus.OK));
        assertThat(appends).as("round 1 and its answers, then one shared round 2 and its answers").isEqualTo(8);
    }

    @Test
    void aLeaderCutOffFromItsFollowersNeverAnswersAReadAndTurnsItAwayWhenItStepsDown()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.runUntil(60 * MS);
        final int leader = h.leader();
        h.answers.clear();
        h.request(leader, 100, 1, 0, ClientOp.READ, COMMAND);
        h.runUntil(200 * MS, (from, to) -> from == leader || to == leader);
        assertThat(h.answers).isEmpty();
        h.runUntil(260 * MS); // healed: it hears the new term and steps down
        assertThat(h.answers).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(ClientStatus.REDIRECT));
    }

    @Test
    void beyondItsUncommittedLimitALeaderAnswersBusy()
    {
        final RaftHarness h = new RaftHarness(3, config().maxUncommittedEntries(2));
        h.runUntil(60 * MS);
        final int leader = h.leader();
        h.answers.clear();
        h.request(leader, 100, 1, 1, ClientOp.WRITE, COMMAND);
        h.request(leader, 100, 1, 2, ClientOp.WRITE, COMMAND);
        h.request(leader, 100, 1, 3, ClientOp.WRITE, COMMAND);
        assertThat(h.answers).extracting(RaftHarness.Answer::status).containsExactly(ClientStatus.BUSY);
        assertThat(h.nodes[leader].counters().clientRejectedBusy).isEqualTo(1);
    }

    @Test
    void aRetriedWriteIsAppliedOnceAndAnsweredFromTheSessionTable()
    {
        final RaftHarness h = new RaftHarness(3, config());
        h.runUntil(60 * MS);
        final int leader = h.leader();
        h.request(leader, 100, 1, 1, ClientOp.WRITE, COMMAND);
        h.request(leader, 100, 1, 1, ClientOp.WRITE, COMMAND); // the client's retry before the answer came
        h.runUntil(70 * MS);
        for (int i = 0; i < 3; i++)
        {
            assertThat(h.applied.get(i)).as("node %d: applied, then recognised as a duplicate", i).containsExactly(1L, -1L);
        }
        assertThat(h.answers).filteredOn(a -> a.sequence() == 1).extracting(RaftHarness.Answer::status)
            .containsOnly(ClientStatus.OK);
    }

    @Test
    void malformedAndForeignFramesAreCountedNotThrown()
    {
        final RaftHarness h = new RaftHarness(3, config());
        final RaftNode node = h.nodes[0];
        node.onMessage(0, new UnsafeBuffer(new byte[]{1, 2, 3}), 0, 3);
        final int length = appendEntries(1, 1, 0, 0, 0, 1);
        node.onMessage(0, frame, 0, length - 2); // truncated
        h.inject(0, frame, requestVote(1, 99, 0, 0, false)); // unknown candidate
        h.inject(0, frame, requestVote(1, 0, 0, 0, false)); // claims to be the receiver itself
        h.inject(0, frame, appendEntries(1, 1, -5, 0, 0)); // negative index
        h.inject(0, frame, appendEntries(3, 1, 0, 0, 0, 4)); // an entry of a term beyond the leader's
        assertThat(node.counters().framesRejected).isEqualTo(6);
        assertThat(node.rejections().total()).isEqualTo(2);
        assertThat(node.lastLogIndex()).isZero();
    }
}
