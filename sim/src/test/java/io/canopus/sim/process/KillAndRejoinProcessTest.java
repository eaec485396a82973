package io.canopus.sim.process;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.transport.AeronHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three node processes (1 rack x 3) under a write load from UDP clients in the test JVM; node 2 is
 * killed with SIGKILL mid-load, the others keep committing and the client that talked to node 2
 * fails over; node 2 restarts from the same config, replays its journal, catches up and serves
 * writes again. After a clean stop, every node's journal (node 2's included) holds every
 * acknowledged write, applied exactly once, and the journals agree cycle by cycle.
 */
final class KillAndRejoinProcessTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    @Timeout(150)
    void killedNodeRejoinsAndEveryJournalHoldsEveryAcknowledgedWriteOnce()
    {
        final ClusterConfig config = ProcessTestSupport.localCluster(1, 3, dir);
        final List<KvClient> clients = new ArrayList<>();
        final Map<String, Long> node2Counters;
        final long[] phaseMs = new long[4];
        try (ProcessCluster cluster = new ProcessCluster(config, dir);
            AeronHost host = AeronHost.launch(new AeronHost.Context()))
        {
            final long t0 = System.nanoTime();
            cluster.startAll(0, 1, 2);
            phaseMs[0] = (System.nanoTime() - t0) / MS;
            final KvClient.Keys keys = new KvClient.Keys(1);
            // a talks to node 2 first, so the kill forces it to fail over; b talks to node 0.
            try (KvClient a = KvClient.open("a", config, host, 2, 4, c -> c.responseTimeoutNs(200 * MS));
                KvClient b = KvClient.open("b", config, host, 0, 4, c -> c.responseTimeoutNs(200 * MS)))
            {
                clients.add(a);
                clients.add(b);
                a.startLoad(keys, 1);
                b.startLoad(keys, 2);
                KvClient.driveUntil("200 writes acknowledged before the kill", () -> acked(clients) >= 200, 30_000,
                    cluster::tails, a, b);
                assertThat(a.acked).as("client a got answers before the kill: %s%s", a.describe(), cluster.tails()).isNotEmpty();
                cluster.assertEveryNodeTakesPart(1500, a, b);
                final int ackedAtKill = acked(clients);

                cluster.node(2).kill();
                phaseMs[1] = KvClient.driveUntil("150 more writes acknowledged with node 2 dead",
                    () -> acked(clients) >= ackedAtKill + 150 && a.acked.size() > 0 && a.client.currentNode() != 2, 20_000,
                    cluster::tails, a, b);
                assertThat(a.client.failovers()).as("client a failed over from the dead node 2: %s", a.describe()).isPositive();
                assertThat(a.client.currentNode()).as("client a's node").isNotEqualTo(2);

                final int ackedAtRestart = acked(clients);
                final NodeProcess restarted = cluster.start(2);
                restarted.awaitRunning(ProcessCluster.START_TIMEOUT_MS, () -> KvClient.driveOnce(a, b));
                // A client that never fails over: while node 2 is not a member again its writes fail
                // (NOT_MEMBER or time-out), so an acknowledgement proves node 2 proposes and commits.
                try (KvClient probe = KvClient.open("probe", config, host, 2, 1,
                    c -> c.maxAttempts(1).responseTimeoutNs(300 * MS)))
                {
                    clients.add(probe);
                    probe.pauseAfterFailure(20 * MS);
                    probe.startLoad(keys, 3);
                    phaseMs[2] = KvClient.driveUntil("node 2 acknowledges 20 writes after its restart", () -> probe.acked.size() >= 20,
                        30_000, cluster::tails, a, b, probe);
                    assertThat(probe.client.failovers()).as("probe stayed on node 2").isZero();
                    cluster.assertEveryNodeTakesPart(1000, a, b, probe);
                    KvClient.driveUntil("150 more writes acknowledged after the restart", () -> acked(clients) >= ackedAtRestart + 150,
                        20_000, cluster::tails, a, b, probe);
                    node2Counters = ProcessTestSupport.nodeCounters(restarted);
                    for (final KvClient c : clients)
                    {
                        c.stopLoad();
                    }
                    KvClient.driveUntil("every write answered", () -> pending(clients) == 0, 10_000, cluster::tails, a, b, probe);
                    // Heartbeat cycles carry every node past the cycles of the last acknowledged writes.
                    KvClient.driveFor(500, a, b, probe);
                }
            }
            final long stopStart = System.nanoTime();
            final int[] status = cluster.terminateAll();
            phaseMs[3] = (System.nanoTime() - stopStart) / MS;
            final String tails = cluster.allTails();
            for (int id = 0; id < status.length; id++)
            {
                assertThat(status[id]).as("exit status of node %d after SIGTERM%n%s", id, tails).isIn(0, 143);
                assertThat(cluster.node(id).output()).as("node %d log", id).doesNotContain("halted").doesNotContain("ERROR");
            }
        }
        for (final KvClient c : clients)
        {
            assertThat(c.oddities).as("client %s oddities", c.name).isEmpty();
        }
        assertThat(node2Counters).as("node 2 counters, read from its driver's CnC file in /dev/shm/canopus-<pid>-node-<id>").isNotEmpty();
        assertThat(node2Counters.get("restarts")).as("node 2 counters %s", node2Counters).isEqualTo(1L);
        assertThat(node2Counters.get("catchUpCycles")).as("node 2 learned the cycles it missed: %s", node2Counters).isPositive();

        final Map<Long, Long> acked = new HashMap<>();
        final Map<Long, Long> uncertain = new HashMap<>();
        long retries = 0;
        for (final KvClient c : clients)
        {
            retries += c.client.retries();
            for (final KvClient.Done d : c.acked)
            {
                assertThat(acked.put(d.key(), d.value())).as("key %d acknowledged once", d.key()).isNull();
            }
            for (final KvClient.Failed f : c.failures)
            {
                uncertain.put(f.key(), f.value());
            }
        }

        final List<List<Journals.Cycle>> journals = new ArrayList<>();
        for (int id = 0; id < config.nodeCount(); id++)
        {
            final Journals.NodeJournal journal = Journals.read(config, id);
            assertThat(journal.recovery().tornTailTruncated()).as("node %d's journal after SIGTERM: %s", id, journal.recovery()).isFalse();
            journals.add(journal.cycles());
        }
        final long shared = Journals.assertAgree(journals);
        final List<KvClient.Done> acknowledged = new ArrayList<>();
        clients.forEach(c -> acknowledged.addAll(c.acked));
        Journals.assertAppliedOnce(journals, acknowledged);
        int duplicateCopies = 0;
        for (final List<Journals.Cycle> journal : journals)
        {
            for (final Map.Entry<String, Integer> e : Journals.appliedCounts(journal).entrySet())
            {
                final long key = Long.parseLong(e.getKey().substring(0, e.getKey().indexOf('=')));
                assertThat(acked.containsKey(key) || uncertain.containsKey(key))
                    .as("journaled write %s was offered and either acknowledged or failed", e.getKey()).isTrue();
            }
            for (final Integer count : Journals.occurrences(journal).values())
            {
                duplicateCopies += count - 1;
            }
        }
        // A write proposed twice (once before a time-out, once after the retry) is journaled twice
        // with one (session, sequence) and applied once: only retries can cause it.
        assertThat(duplicateCopies / journals.size()).as("re-proposed writes per journal, %d client retries", retries)
            .isLessThanOrEqualTo((int)retries);

        System.out.printf("kill-and-rejoin: start %d ms, %d writes acked (%d uncertain), %d client retries, kill->150 acks %d ms, " +
            "restart->node 2 acks 20 %d ms, stop %d ms, %d cycles in every journal, %d re-proposed copies in all journals, node 2 counters %s%n",
            phaseMs[0], acked.size(), uncertain.size(), retries, phaseMs[1], phaseMs[2], phaseMs[3], shared, duplicateCopies, node2Counters);
        clients.forEach(c -> System.out.println("  " + c.describe()));
    }

    private static int acked(final List<KvClient> clients)
    {
        int n = 0;
        for (final KvClient c : clients)
        {
            n += c.acked.size();
        }
        return n;
    }

    private static int pending(final List<KvClient> clients)
    {
        int n = 0;
        for (final KvClient c : clients)
        {
            n += c.pendingWriteCount() + c.pendingReadCount();
        }
        return n;
    }
}
