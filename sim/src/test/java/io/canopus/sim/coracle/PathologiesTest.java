package io.canopus.sim.coracle;

import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.check.Verdict;
import io.canopus.sim.stats.SimStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The networks Coracle was built to show (Howard, SIGCOMM 2015), as Coracle files in
 * {@code src/test/resources/pathologies} (seed 7, elections 150..300 ms, heartbeats 50 ms, one client):
 * <ul>
 *     <li>{@code send_only_server}: servers 1-3 fully meshed; server 4 reaches them but hears nothing back;</li>
 *     <li>{@code client_bridged_groups}: servers {1,2} and {3,4} joined only through the client, which does not forward;</li>
 *     <li>{@code pair_reaching_one}: servers 1-3 fully meshed; servers 4 and 5 reach each other and server 3 only.</li>
 * </ul>
 * Raft shows what Coracle reported (repeated elections and rising terms, or no leader at all); pre-vote stops the
 * term inflation; Canopus stays safe on all of them (it may stop committing: a rack that cannot be reached blocks
 * its cycles, by design).
 */
class PathologiesTest
{
    private static SimResult run(final String file, final String protocol, final boolean preVote)
    {
        final CoracleScenario scenario = CoracleReader.read(CoracleResources.resource("/pathologies/" + file), file);
        return Simulation.run(CoracleRun.configure(scenario, protocol, OptionalLong.empty(), preVote).build());
    }

    private static void assertSafe(final SimResult r)
    {
        assertThat(r.agreement().isOk()).as("agreement %s", r.summary()).isTrue();
        assertThat(r.linearizable().isOk()).as("linearizable %s", r.summary()).isTrue();
        assertThat(r.exactlyOnce().isOk()).as("exactly-once %s", r.summary()).isTrue();
    }

    private static SimStats.Leader leader(final SimResult r)
    {
        return r.stats().protocol().leader();
    }

    @Test
    void aServerThatCanSendButNotReceiveKeepsUnseatingTheLeaderUntilPreVoteStopsIt()
    {
        final SimResult raft = run("send_only_server.json", "raft", false);
        assertSafe(raft);
        assertThat(leader(raft).electionsStarted()).as("repeated elections").isGreaterThanOrEqualTo(10);
        assertThat(leader(raft).highestTerm()).as("rising terms").isGreaterThanOrEqualTo(8);
        assertThat(leader(raft).leaderChanges()).as("leaders unseated").isGreaterThanOrEqualTo(3);

        final SimResult preVote = run("send_only_server.json", "raft", true);
        assertThat(preVote.allOk()).as(preVote.summary()).isTrue();
        assertThat(leader(preVote).highestTerm()).isEqualTo(1);
        assertThat(leader(preVote).leaderChanges()).isEqualTo(1);
        assertThat(leader(preVote).preVoteRounds()).as("server 4 keeps asking, nobody agrees").isGreaterThan(5);
        assertThat(preVote.stats().client().succeeded()).isGreaterThan(raft.stats().client().succeeded());
    }

    @Test
    void twoGroupsJoinedOnlyThroughAClientNeverElectALeader()
    {
        final SimResult raft = run("client_bridged_groups.json", "raft", false);
        assertSafe(raft);
        assertThat(leader(raft).timeToFirstLeaderMs()).as("no majority can ever form").isNull();
        assertThat(leader(raft).highestTerm()).as("terms rise on both sides").isGreaterThanOrEqualTo(8);
        assertThat(raft.liveness().verdict()).as("and nothing commits").isEqualTo(Verdict.VIOLATED);

        final SimResult preVote = run("client_bridged_groups.json", "raft", true);
        assertSafe(preVote);
        assertThat(leader(preVote).timeToFirstLeaderMs()).isNull();
        assertThat(leader(preVote).electionsStarted()).as("no pre-vote round finds a majority").isZero();
        assertThat(leader(preVote).highestTerm()).isZero();
        assertThat(leader(preVote).preVoteRounds()).isPositive();
    }

    @Test
    void aPairThatReachesOneServerOfTheGroupForcesElectionsUntilThatServerLeads()
    {
        final SimResult raft = run("pair_reaching_one.json", "raft", false);
        assertThat(raft.allOk()).as(raft.summary()).isTrue();
        assertThat(leader(raft).electionsStarted()).as("the pair's leader is unseated by the group and back").isGreaterThanOrEqualTo(3);
        assertThat(leader(raft).leaderChanges()).isGreaterThanOrEqualTo(2);
        assertThat(leader(raft).highestTerm()).isGreaterThanOrEqualTo(2);

        // Pre-vote keeps the first leader, here one of the pair: the group's servers cannot hear it, but the server
        // they share with the pair can, and refuses them. No term rises again; the client, linked only to the
        // group, never reaches the leader: pre-vote trades term inflation for a leader its clients cannot use.
        final SimResult preVote = run("pair_reaching_one.json", "raft", true);
        assertSafe(preVote);
        assertThat(leader(preVote).electionsStarted()).isEqualTo(1);
        assertThat(leader(preVote).leaderChanges()).isEqualTo(1);
        assertThat(preVote.stats().client().succeeded()).isZero();
        assertThat(preVote.liveness().verdict()).isEqualTo(Verdict.VIOLATED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"send_only_server.json", "client_bridged_groups.json", "pair_reaching_one.json"})
    void canopusStaysSafeOnEveryOneOfThem(final String file)
    {
        final SimResult canopus = run(file, "canopus", false);
        assertSafe(canopus);
    }
}
