package io.canopus.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The checker runs after every simulation, so a typical run's history must be cheap: ~20k operations from
 * closed-loop clients over ~100 keys. The time bounds are loose (a cold JVM on a slow CI machine) but still
 * catch a search that lost its memoisation or its per-key partitioning.
 */
class LinearizabilityScaleTest
{
    private static final long MICROS = 1_000;

    @Test
    void twentyThousandOpsOverHundredKeysIsQuick()
    {
        final List<KvOperation> history = new LinearizableHistoryGenerator(42)
            .clients(30).keys(100).opsPerClient(667).maxValue(1_000_000).pendingProbability(0.0002)
            .timing((int)(200 * MICROS), (int)(2_000 * MICROS)).generate();
        assertThat(history.size()).isGreaterThan(10_000);

        final CheckResult result = timed("20k ops / 100 keys / 30 clients", history);

        assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.OK);
    }

    @Test
    void fiftyClientsOnFewKeysWithFewValues()
    {
        // Many indistinguishable writes racing on each key: the search must backtrack, and the cache bound it.
        final List<KvOperation> history = new LinearizableHistoryGenerator(7)
            .clients(50).keys(10).opsPerClient(400).maxValue(4).pendingProbability(0.001)
            .timing((int)(200 * MICROS), (int)(2_000 * MICROS)).generate();

        final CheckResult result = timed("20k ops / 10 keys / 50 clients / 4 values", history);

        assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.OK);
    }

    @Test
    void oneHotKeyWithFiftyClientsWritingDistinctValues()
    {
        // Every client on the same key, nearly all of them in flight at any moment.
        final List<KvOperation> history = new LinearizableHistoryGenerator(3)
            .clients(50).keys(1).opsPerClient(400).maxValue(1_000_000_000).pendingProbability(0.0002)
            .timing((int)(200 * MICROS), (int)(2_000 * MICROS)).generate();

        final CheckResult result = timed("20k ops / 1 key / 50 clients / distinct values", history);

        assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.OK);
    }

    @Test
    void violationInALargeHistoryIsFoundAndLocalised()
    {
        final List<KvOperation> history = new ArrayList<>(new LinearizableHistoryGenerator(11)
            .clients(30).keys(100).opsPerClient(667).maxValue(1_000_000).pendingProbability(0)
            .timing((int)(200 * MICROS), (int)(2_000 * MICROS)).generate());
        final int victim = lastCompletedRead(history);
        final KvOperation read = history.get(victim);
        history.set(victim, new KvOperation(read.clientId(), read.sessionId(), 0, KvOperation.Type.GET, read.key(),
            -5, KvOperation.ABSENT, true, read.invokeNs(), read.completeNs()));

        final CheckResult result = timed("20k ops with one bad read", history);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).contains("[" + read.key() + "]").contains("GET -> -5");
    }

    private static int lastCompletedRead(final List<KvOperation> history)
    {
        for (int i = history.size() - 1; i >= 0; i--)
        {
            if (history.get(i).type() == KvOperation.Type.GET && !history.get(i).isPending())
            {
                return i;
            }
        }
        throw new AssertionError("no read");
    }

    private static CheckResult timed(final String label, final List<KvOperation> history)
    {
        final LinearizabilityChecker checker = new LinearizabilityChecker();
        final long start = System.nanoTime();
        final CheckResult result = checker.check(history);
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println(label + ": " + history.size() + " ops checked in " + elapsedMs + " ms");
        assertThat(elapsedMs).as("check time in ms").isLessThan(5_000);
        return result;
    }
}
