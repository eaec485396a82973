package io.canopus.perf.guard;

import io.canopus.perf.guard.AllocationGuard.Report;
import io.canopus.perf.guard.AllocationGuard.Row;
import io.canopus.perf.guard.AllocationGuard.Settings;
import io.canopus.perf.guard.AllocationGuard.Target;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick allocation guard, in the test suite: every hot path of {@link AllocationGuard#QUICK} must
 * allocate nothing per op, and the guard must catch {@link AllocatingBenchmark}, which allocates 80 B
 * per op. Both run in one JMH run (one fork per benchmark, 1 x 1 s warm-up, 1 x 1 s measurement),
 * which took 30 s on this 2-core machine shared with two other builds (well under the minute it may take).
 *
 * <p>The quick subset (see {@link AllocationGuard#QUICK}): encode and decode of Proposal,
 * StabilityReport, ClientRequest and ClientResponse at 32-byte payloads, ordering and merging a 3 x 3
 * cycle, a 288-byte journal append and one consensus cycle of a loaded three-node rack
 * ({@code NodeCycleBenchmark}). The full set (validate, every other hot message and payload size,
 * the 3 x 9 merge, 4 KiB appends, journal reads, the simulator event) runs in {@code scripts/alloc-guard}.
 */
class AllocationGuardTest
{
    private static final String ALLOCATING = AllocatingBenchmark.class.getName() + ".allocate";

    @Test
    void noQuickHotPathAllocatesAndTheAllocatingControlIsCaught()
    {
        final Report report = AllocationGuard.run(
            Settings.quick().plus(List.of(Target.of(ALLOCATING))).verbose(false), "quick+control");
        System.out.print(report.table());

        final List<Row> guarded = report.rows().stream().filter(r -> !r.benchmark().equals(ALLOCATING)).toList();
        // 4 messages x encode/decode, merge, append, node cycle.
        assertThat(guarded).hasSize(11);
        assertThat(guarded).allSatisfy(r ->
            assertThat(r.allocBytesPerOp()).as(r.benchmark() + " " + r.params() + " B/op").isLessThan(AllocationGuard.THRESHOLD_BYTES_PER_OP));

        assertThat(report.violations()).singleElement().satisfies(r ->
        {
            assertThat(r.benchmark()).isEqualTo(ALLOCATING);
            assertThat(r.allocBytesPerOp()).isBetween(79.0, 81.0); // 16-byte array header + 64
            assertThat(r.verdict()).isEqualTo("ALLOCATES");
        });
        assertThat(report.passed()).isFalse();
        assertThat(report.json()).contains("\"passed\": false").contains("\"benchmark\": \"" + ALLOCATING + "\"");
    }

    @Test
    void theThresholdSeparatesBookkeepingNoiseFromOneObjectPerOp()
    {
        final Report report = new Report(List.of(
            new Row("a.B.noise", "-", 1.0, "ns/op", 0.01, 0.01 >= AllocationGuard.THRESHOLD_BYTES_PER_OP, true),
            new Row("a.B.object", "x=1", 1.0, "ns/op", 16.0, 16.0 >= AllocationGuard.THRESHOLD_BYTES_PER_OP, true),
            new Row("a.B.retained", "-", 1.0, "ns/op", 144.0, true, false)),
            AllocationGuard.THRESHOLD_BYTES_PER_OP, "test");

        assertThat(report.violations()).extracting(Row::benchmark).containsExactly("a.B.object");
        assertThat(report.rows()).extracting(Row::verdict).containsExactly("zero", "ALLOCATES", "allocates (not enforced)");
        assertThat(report.table()).contains("B.object").contains("x=1").contains("ALLOCATES");
        assertThat(report.json()).startsWith("{").contains("\"allocBytesPerOp\": 16.0000").contains("\"enforced\": false");
    }
}
