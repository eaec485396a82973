package io.canopus.sim.process;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.transport.AeronHost;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every node process of the cluster stops (SIGTERM, or SIGKILL mid-load) and all restart from the
 * same config, in another order and staggered, so the seed (node 0) must re-form the racks once
 * every node is back. Afterwards linearizable reads through a UDP client return the last
 * acknowledged value of every key, writes in flight at the stop complete at most once, new writes
 * are acknowledged, and the journals agree.
 */
final class WholeClusterRestartProcessTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int KEYS = 150;
    private static final long FRESH_KEYS = 10_000;
    private static final long AFTER_KEYS = 20_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}x{1}, {2} all, restart order {3}")
    @CsvSource({
        "1, 3, SIGTERM, 2 1 0",
        "1, 3, SIGKILL, 1 0 2",
        "2, 2, SIGKILL, 3 0 2 1",
    })
    @Timeout(120)
    void everyAcknowledgedWriteSurvivesAWholeClusterRestart(final int racks, final int nodesPerRack, final String signal,
        final String restartOrder)
    {
        final ClusterConfig config = ProcessTestSupport.localCluster(racks, nodesPerRack, dir);
        final int n = config.nodeCount();
        final int[] order = Arrays.stream(restartOrder.split(" ")).mapToInt(Integer::parseInt).toArray();
        final List<KvClient> clients = new ArrayList<>();
        final Map<Long, Long> expected = new HashMap<>();      // key -> last acknowledged value
        final Map<Long, Set<Long>> uncertain = new HashMap<>(); // key -> values a read may see instead (ABSENT included)
        final Map<String, Long> seedCounters;
        final long[] ms = new long[5];
        final int[] pendingAtStop = new int[1];
        try (ProcessCluster cluster = new ProcessCluster(config, dir);
            AeronHost host = AeronHost.launch(new AeronHost.Context()))
        {
            long t = System.nanoTime();
            final int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            cluster.startAll(all);
            ms[0] = (System.nanoTime() - t) / MS;
            try (KvClient writer = KvClient.open("writer", config, host, n - 1, 4,
                c -> c.responseTimeoutNs(200 * MS).maxAttempts(200)))
            {
                clients.add(writer);
                // Two writes of every key, the second offered only once the first was answered.
                for (final long tag : new long[] {1, 2})
                {
                    final KvClient.Keys keys = new KvClient.Keys(0, KEYS);
                    writer.startLoad(keys, tag);
                    KvClient.driveUntil("writes of tag " + tag + " answered", () -> keys.exhausted() && writer.pendingWriteCount() == 0,
                        30_000, cluster::tails, writer);
                }
                writer.stopLoad();
                assertThat(writer.failures).as("writes failed before any fault: %s", writer.describe()).isEmpty();
                // Fresh keys in flight when the cluster stops.
                final int before = writer.acked.size();
                writer.startLoad(new KvClient.Keys(FRESH_KEYS), 3);
                KvClient.driveUntil("100 fresh writes acknowledged", () -> writer.acked.size() >= before + 100, 20_000,
                    cluster::tails, writer);

                t = System.nanoTime();
                if ("SIGKILL".equals(signal))
                {
                    cluster.killAll();
                }
                else
                {
                    final int[] status = cluster.terminateAll();
                    for (int id = 0; id < n; id++)
                    {
                        assertThat(status[id]).as("exit status of node %d after SIGTERM%s", id, cluster.allTails()).isIn(0, 143);
                    }
                }
                writer.stopLoad();
                ms[1] = (System.nanoTime() - t) / MS;
                pendingAtStop[0] = writer.pendingWriteCount();
                KvClient.driveFor(100, writer);

                t = System.nanoTime();
                for (final int id : order)
                {
                    cluster.start(id);
                    KvClient.driveFor(300, writer);
                }
                for (final int id : order)
                {
                    cluster.node(id).awaitRunning(ProcessCluster.START_TIMEOUT_MS, () -> KvClient.driveOnce(writer));
                }
                ms[2] = (System.nanoTime() - t) / MS;
                t = System.nanoTime();
                // Writes in flight at the stop are retried through the restart, with the same session and sequence.
                KvClient.driveUntil("writes in flight at the stop answered after the restart", () -> writer.pendingWriteCount() == 0,
                    40_000, cluster::tails, writer);
                ms[3] = (System.nanoTime() - t) / MS;
                for (final KvClient.Done d : writer.acked)
                {
                    expected.put(d.key(), d.value());
                }
                for (final KvClient.Failed f : writer.failures)
                {
                    uncertain.computeIfAbsent(f.key(), k -> new HashSet<>()).add(f.value());
                }

                try (KvClient reader = KvClient.open("reader", config, host, 0, 1, c -> c.responseTimeoutNs(200 * MS).maxAttempts(50)))
                {
                    clients.add(reader);
                    t = System.nanoTime();
                    final Set<Long> keys = new HashSet<>(expected.keySet());
                    keys.addAll(uncertain.keySet());
                    readAll(reader, keys, cluster);
                    ms[4] = (System.nanoTime() - t) / MS;
                    assertReads(reader.reads, expected, uncertain);

                    // The cluster commits again: new writes are acknowledged and read back.
                    final int ackedBefore = writer.acked.size();
                    final KvClient.Keys after = new KvClient.Keys(AFTER_KEYS, AFTER_KEYS + 100);
                    writer.startLoad(after, 4);
                    KvClient.driveUntil("100 writes after the restart acknowledged",
                        () -> after.exhausted() && writer.pendingWriteCount() == 0, 20_000, cluster::tails, writer, reader);
                    assertThat(writer.acked.size() - ackedBefore).as("writes after the restart acknowledged: %s", writer.describe())
                        .isEqualTo(100);
                    for (final KvClient.Done d : writer.acked.subList(ackedBefore, writer.acked.size()))
                    {
                        expected.put(d.key(), d.value());
                    }
                    reader.reads.clear();
                    final Set<Long> afterKeys = new HashSet<>();
                    for (long k = AFTER_KEYS; k < AFTER_KEYS + 100; k++)
                    {
                        afterKeys.add(k);
                    }
                    readAll(reader, afterKeys, cluster);
                    assertReads(reader.reads, expected, uncertain);
                    // Every node is a member of its re-formed rack, under load.
                    writer.startLoad(new KvClient.Keys(AFTER_KEYS + 100, AFTER_KEYS + 100_000), 5);
                    cluster.assertEveryNodeTakesPart(1500, writer);
                    writer.stopLoad();
                    KvClient.driveUntil("last writes answered", () -> writer.pendingWriteCount() == 0, 20_000, cluster::tails, writer);
                }
                seedCounters = ProcessTestSupport.nodeCounters(cluster.node(0));
                // Heartbeat cycles carry every node past the cycles of the last acknowledged writes.
                KvClient.driveFor(500, writer);
            }
            final int[] status = cluster.terminateAll();
            for (int id = 0; id < n; id++)
            {
                assertThat(status[id]).as("exit status of node %d after SIGTERM%s", id, cluster.allTails()).isIn(0, 143);
                assertThat(cluster.node(id).output()).as("node %d log", id).doesNotContain("halted").doesNotContain("ERROR");
            }
        }
        for (final KvClient c : clients)
        {
            assertThat(c.oddities).as("client %s oddities", c.name).isEmpty();
        }
        assertThat(seedCounters).as("node 0 counters, read from its driver's CnC file in /dev/shm/canopus-<pid>-node-<id>").isNotEmpty();
        assertThat(seedCounters.get("coldRestarts")).as("the seed re-formed the racks once: %s", seedCounters).isEqualTo(1L);

        final List<List<Journals.Cycle>> journals = new ArrayList<>();
        for (int id = 0; id < n; id++)
        {
            journals.add(Journals.read(config, id).cycles());
        }
        final long shared = Journals.assertAgree(journals);
        Journals.assertAppliedOnce(journals, clients.get(0).acked);
        System.out.printf("whole-cluster restart %dx%d %s, order %s: start %d ms, stop %d ms, restart %d ms, %d writes in flight at the stop answered %d ms " +
                "after the restart, %d reads in %d ms; %d keys checked (%d uncertain), %d cycles in every journal, seed counters %s%n",
            racks, nodesPerRack, signal, restartOrder, ms[0], ms[1], ms[2], pendingAtStop[0], ms[3], expected.size() + uncertain.size(), ms[4],
            expected.size(), uncertain.size(), shared, seedCounters);
        clients.forEach(c -> System.out.println("  " + c.describe()));
    }

    /** Reads every key through {@code reader}, 16 at a time; fails if a read fails or does not finish in time. */
    private static void readAll(final KvClient reader, final Set<Long> keys, final ProcessCluster cluster)
    {
        final List<Long> todo = new ArrayList<>(keys);
        final int[] next = {0};
        final int failuresBefore = reader.failures.size();
        KvClient.driveUntil("reads of " + keys.size() + " keys answered", () ->
        {
            while (next[0] < todo.size() && reader.pendingReadCount() < 16 && reader.get(todo.get(next[0])) >= 0)
            {
                next[0]++;
            }
            return next[0] == todo.size() && reader.pendingReadCount() == 0;
        }, 30_000, cluster::tails, reader);
        assertThat(reader.failures.subList(failuresBefore, reader.failures.size())).as("failed reads: %s", reader.describe()).isEmpty();
    }

    private static void assertReads(final List<KvClient.Done> reads, final Map<Long, Long> expected, final Map<Long, Set<Long>> uncertain)
    {
        for (final KvClient.Done read : reads)
        {
            final Long value = expected.get(read.key());
            if (value != null)
            {
                final Set<Long> alsoPossible = uncertain.getOrDefault(read.key(), Set.of());
                assertThat(read.value() == value || alsoPossible.contains(read.value()))
                    .as("key %d read %d (cycle %d, node %d), last acknowledged %d", read.key(), read.value(), read.cycle(), read.node(), value)
                    .isTrue();
            }
            else
            {
                assertThat(read.value() == KvCodec.ABSENT || uncertain.get(read.key()).contains(read.value()))
                    .as("key %d of a failed write read %d (cycle %d), possible: absent or %s", read.key(), read.value(), read.cycle(),
                        uncertain.get(read.key()))
                    .isTrue();
            }
        }
    }
}
