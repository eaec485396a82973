package io.canopus.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Histories linearizable by construction must pass; one impossible read must make them fail. */
class LinearizabilityPropertyTest
{
    private static final long IMPOSSIBLE = 1_000_000_007L;

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    @Property(tries = 300)
    void constructedHistoriesAreLinearizable(
        @ForAll final long seed,
        @ForAll @IntRange(min = 1, max = 15) final int clients,
        @ForAll @IntRange(min = 1, max = 5) final int keys,
        @ForAll @IntRange(min = 1, max = 40) final int opsPerClient,
        @ForAll @IntRange(min = 1, max = 8) final int maxValue)
    {
        final List<KvOperation> history = new LinearizableHistoryGenerator(seed)
            .clients(clients).keys(keys).opsPerClient(opsPerClient).maxValue(maxValue).generate();

        final CheckResult result = checker.check(history);

        assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.OK);
    }

    @Property(tries = 300)
    void oneImpossibleReadIsViolated(
        @ForAll final long seed,
        @ForAll @IntRange(min = 1, max = 15) final int clients,
        @ForAll @IntRange(min = 1, max = 5) final int keys,
        @ForAll @IntRange(min = 1, max = 40) final int opsPerClient,
        @ForAll @IntRange(min = 1, max = 8) final int maxValue)
    {
        final LinearizableHistoryGenerator generator = new LinearizableHistoryGenerator(seed)
            .clients(clients).keys(keys).opsPerClient(opsPerClient).maxValue(maxValue);
        final List<KvOperation> history = new ArrayList<>(generator.generate());
        final List<Integer> reads = new ArrayList<>();
        for (int i = 0; i < history.size(); i++)
        {
            if (history.get(i).type() == KvOperation.Type.GET && !history.get(i).isPending())
            {
                reads.add(i);
            }
        }
        Assume.that(!reads.isEmpty());
        final int victim = reads.get(generator.random().nextInt(reads.size()));
        final KvOperation read = history.get(victim);
        history.set(victim, new KvOperation(read.clientId(), read.sessionId(), read.sequence(), read.type(),
            read.key(), IMPOSSIBLE, read.expected(), read.ok(), read.invokeNs(), read.completeNs()));

        final CheckResult result = checker.check(history);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).contains("on 1 key(s) [" + read.key() + "]");
    }

    /**
     * Tiny histories with arbitrary (mostly wrong) results, judged by the checker and by exhaustive search.
     * Values and times are drawn from small ranges so that equal values and equal timestamps are common.
     */
    @Property(tries = 2000)
    void agreesWithExhaustiveSearchOnTinyHistories(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final List<KvOperation> history = random.nextBoolean() ?
            perturbed(random, new LinearizableHistoryGenerator(seed).clients(1 + random.nextInt(4)).keys(1)
                .opsPerClient(1 + random.nextInt(3)).maxValue(3).pendingProbability(0.2).timing(3, 6).generate()) :
            arbitrary(random, 1 + random.nextInt(7));

        final boolean expected = BruteForceLinearizability.isLinearizable(history);
        Statistics.collect(expected ? "linearizable" : "not linearizable");
        Statistics.coverage(coverage ->
        {
            coverage.check("linearizable").percentage(p -> p > 25);
            coverage.check("not linearizable").percentage(p -> p > 25);
        });

        assertThat(checker.check(history).verdict())
            .as("%s", history)
            .isEqualTo(expected ? Verdict.OK : Verdict.VIOLATED);
    }

    private static List<KvOperation> perturbed(final Random random, final List<KvOperation> history)
    {
        final List<KvOperation> copy = new ArrayList<>(history);
        if (!copy.isEmpty() && random.nextBoolean())
        {
            final int i = random.nextInt(copy.size());
            final KvOperation op = copy.get(i);
            copy.set(i, new KvOperation(op.clientId(), op.sessionId(), op.sequence(), op.type(), op.key(),
                op.type() == KvOperation.Type.GET ? small(random) : op.value(), op.expected(),
                op.type() == KvOperation.Type.CAS ? !op.ok() : op.ok(), op.invokeNs(), op.completeNs()));
        }
        return copy;
    }

    private static List<KvOperation> arbitrary(final Random random, final int count)
    {
        final List<KvOperation> history = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final KvOperation.Type type = KvOperation.Type.values()[random.nextInt(3)];
            final long invoke = random.nextInt(8);
            final long complete = random.nextInt(6) == 0 ? KvOperation.PENDING : invoke + random.nextInt(5);
            final boolean ok = type != KvOperation.Type.CAS || random.nextBoolean();
            history.add(new KvOperation(i, i, i, type, random.nextInt(4) == 0 ? 2 : 1, small(random), small(random),
                ok, invoke, complete));
        }
        return history;
    }

    private static long small(final Random random)
    {
        final int v = random.nextInt(4);
        return v == 0 ? KvOperation.ABSENT : v;
    }
}
