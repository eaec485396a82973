package io.canopus.sim.check;

import static io.canopus.sim.check.KvOperation.ABSENT;
import static io.canopus.sim.check.KvRegisterModel.CAS_SWAPPED;
import static io.canopus.sim.check.KvRegisterModel.GET;
import static io.canopus.sim.check.KvRegisterModel.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StrandedReadsTest
{
    // op 0: PUT 1, op 1: PUT 2, op 2: GET 1, op 3: CAS 2->3, op 4: GET 3
    private final byte[] kinds = {PUT, PUT, GET, CAS_SWAPPED, GET};
    private final long[] values = {1, 2, 1, 3, 3};
    private final long[] expecteds = {ABSENT, ABSENT, ABSENT, 2, ABSENT};
    private final StrandedReads stranded = new StrandedReads(kinds, values, expecteds);
    private final Set<Integer> done = new HashSet<>();

    private void linearize(final int op)
    {
        stranded.linearized(op);
        done.add(op);
    }

    private void undo(final int op)
    {
        stranded.undone(op);
        done.remove(op);
    }

    @Test
    void nothingStrandedWhileEveryNeededValueCanStillBeWritten()
    {
        assertThat(stranded.anyStranded(ABSENT)).isFalse();
        linearize(0);
        assertThat(stranded.anyStranded(1)).isFalse();
    }

    @Test
    void readIsStrandedOnceItsValueIsOverwrittenForGood()
    {
        linearize(0);
        linearize(1);

        assertThat(stranded.anyStranded(2)).isTrue();
        assertThat(stranded.strandedOperation(2, done::contains)).isEqualTo(2);
    }

    @Test
    void readOfTheCurrentValueIsNotStranded()
    {
        final StrandedReads reads = new StrandedReads(new byte[] {PUT, GET, GET}, new long[] {1, 1, 1}, new long[3]);
        reads.linearized(0);

        assertThat(reads.anyStranded(1)).as("the register still holds 1").isFalse();
        assertThat(reads.anyStranded(2)).as("1 is gone for good").isTrue();
        reads.linearized(1);
        reads.linearized(2);
        assertThat(reads.anyStranded(2)).as("nobody needs 1 any more").isFalse();
    }

    @Test
    void casNeedsItsExpectedValue()
    {
        linearize(1);
        linearize(0);
        linearize(2);
        // CAS 2->3 needs 2, but PUT 2 is used up and the register holds 1.
        assertThat(stranded.anyStranded(1)).isTrue();
        assertThat(stranded.strandedOperation(1, done::contains)).isEqualTo(3);
    }

    @Test
    void undoRestoresTheCounts()
    {
        linearize(0);
        linearize(1);
        assertThat(stranded.anyStranded(2)).isTrue();

        undo(1);
        undo(0);

        assertThat(stranded.anyStranded(ABSENT)).isFalse();
        linearize(1);
        linearize(3);
        linearize(0);
        linearize(2);
        // GET 3 still needs 3, which CAS wrote but the register now holds 1.
        assertThat(stranded.anyStranded(1)).isTrue();
        assertThat(stranded.strandedOperation(1, done::contains)).isEqualTo(4);
    }

    @Test
    void readOfAValueNobodyWritesIsStrandedFromTheStart()
    {
        final StrandedReads never = new StrandedReads(new byte[] {PUT, GET}, new long[] {1, 9}, new long[] {0, 0});

        assertThat(never.anyStranded(ABSENT)).isTrue();
        assertThat(never.anyStranded(9)).isFalse();
    }
}
