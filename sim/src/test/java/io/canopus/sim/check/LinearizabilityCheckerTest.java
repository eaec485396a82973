package io.canopus.sim.check;

import static io.canopus.sim.check.KvOperation.ABSENT;
import static io.canopus.sim.check.Ops.cas;
import static io.canopus.sim.check.Ops.get;
import static io.canopus.sim.check.Ops.pendingCas;
import static io.canopus.sim.check.Ops.pendingPut;
import static io.canopus.sim.check.Ops.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest
{
    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private Verdict verdict(final KvOperation... history)
    {
        return checker.check(List.of(history)).verdict();
    }

    @Nested
    class Accepts
    {
        @Test
        void emptyHistory()
        {
            assertThat(checker.check(List.of())).isEqualTo(CheckResult.ok());
        }

        @Test
        void sequentialHistory()
        {
            assertThat(verdict(
                get(1, ABSENT, 0, 10),
                put(1, 5, 20, 30),
                get(2, 5, 40, 50),
                put(2, 6, 60, 70),
                get(1, 6, 80, 90))).isEqualTo(Verdict.OK);
        }

        @Test
        void overlappingWritesReadInEitherOrder()
        {
            for (final long first : new long[] {1, 2})
            {
                final long second = 3 - first;
                assertThat(verdict(
                    put(1, 1, 0, 100),
                    put(2, 2, 10, 90),
                    get(3, first, 20, 30),
                    get(3, second, 40, 50),
                    get(4, second, 200, 210)))
                    .as("reads %d then %d", first, second).isEqualTo(Verdict.OK);
            }
        }

        @Test
        void readConcurrentWithWriteSeesOldOrNewValue()
        {
            assertThat(verdict(put(1, 1, 0, 10), put(1, 2, 20, 40), get(2, 1, 25, 30))).isEqualTo(Verdict.OK);
            assertThat(verdict(put(1, 1, 0, 10), put(1, 2, 20, 40), get(2, 2, 25, 30))).isEqualTo(Verdict.OK);
        }

        @Test
        void readsLinearizedInsideTheWriteNeedNotFollowInvocationOrder()
        {
            // c3's read is invoked first but must be linearized after the write; c4's read before it.
            assertThat(verdict(
                put(1, 1, 0, 5),
                put(2, 2, 10, 100),
                get(3, 2, 20, 60),
                get(4, 1, 30, 50))).isEqualTo(Verdict.OK);
        }

        @Test
        void casSuccessAndFailure()
        {
            assertThat(verdict(
                cas(1, ABSENT, 1, true, 0, 10),
                cas(2, ABSENT, 9, false, 20, 30),
                cas(1, 1, 2, true, 40, 50),
                cas(2, 1, 3, false, 60, 70),
                get(3, 2, 80, 90))).isEqualTo(Verdict.OK);
        }

        @Test
        void failedCasLinearizedWhereTheValueDiffered()
        {
            // The value is 1 before and after, but 2 while c2's write is in flight: the CAS fails then.
            assertThat(verdict(
                put(1, 1, 0, 10),
                put(2, 2, 20, 100),
                cas(3, 1, 5, false, 30, 40),
                put(2, 1, 110, 120),
                get(1, 1, 130, 140))).isEqualTo(Verdict.OK);
        }

        @Test
        void concurrentCasOneWins()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                cas(2, 1, 2, true, 20, 40),
                cas(3, 1, 3, false, 25, 45),
                get(1, 2, 50, 60))).isEqualTo(Verdict.OK);
        }

        @Test
        void pendingWriteThatTookEffect()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                pendingPut(2, 2, 20),
                get(3, 1, 30, 40),
                get(3, 2, 1000, 1010),
                get(1, 2, 2000, 2010))).isEqualTo(Verdict.OK);
        }

        @Test
        void pendingWriteThatNeverTookEffect()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                pendingPut(2, 2, 20),
                get(3, 1, 30, 40),
                get(3, 1, 1000, 1010))).isEqualTo(Verdict.OK);
        }

        @Test
        void pendingWriteTakingEffectLongAfterItsInvocation()
        {
            assertThat(verdict(
                pendingPut(2, 2, 0),
                put(1, 1, 10, 20),
                get(3, 1, 30, 40),
                get(3, 2, 50, 60))).isEqualTo(Verdict.OK);
        }

        @Test
        void pendingCasThatTookEffect()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                pendingCas(2, 1, 7, 20),
                get(3, 7, 30, 40))).isEqualTo(Verdict.OK);
        }

        @Test
        void pendingReadIsIgnored()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                get(2, 424242, 20, KvOperation.PENDING))).isEqualTo(Verdict.OK);
        }

        @Test
        void putAnsweredWithFailureMayStillHaveBeenApplied()
        {
            final KvOperation failedPut = new KvOperation(
                2, 2, 1, KvOperation.Type.PUT, Ops.KEY, 8, ABSENT, false, 0, 10);
            assertThat(verdict(failedPut, get(1, 8, 20, 30))).isEqualTo(Verdict.OK);
            assertThat(verdict(failedPut, get(1, ABSENT, 20, 30))).isEqualTo(Verdict.OK);
        }

        @Test
        void responseAndInvocationAtTheSameInstantAreConcurrent()
        {
            // The documented tie rule: invocations sort before responses, so the read may precede the write.
            assertThat(verdict(put(1, 1, 0, 10), get(2, ABSENT, 10, 20))).isEqualTo(Verdict.OK);
        }

        @Test
        void keysAreIndependent()
        {
            assertThat(verdict(
                put(1, 1, 7, 0, 10),
                put(1, 2, 8, 20, 30),
                get(2, 1, 7, 40, 50),
                get(2, 2, 8, 40, 50),
                get(2, 3, ABSENT, 60, 70))).isEqualTo(Verdict.OK);
        }
    }

    @Nested
    class Rejects
    {
        @Test
        void staleReadAfterCompletedWrite()
        {
            final CheckResult result = checker.check(List.of(
                put(1, 1, 0, 10),
                put(1, 2, 20, 30),
                get(2, 1, 40, 50)));
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("key 1").contains("c2 GET -> 1");
        }

        @Test
        void readOfAbsentAfterCompletedWrite()
        {
            assertThat(verdict(put(1, 1, 0, 10), get(2, ABSENT, 11, 20))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void readOfValueNeverWritten()
        {
            assertThat(verdict(put(1, 1, 0, 10), get(2, 99, 5, 20))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void lostWriteReadsGoBackwards()
        {
            assertThat(verdict(
                put(1, 1, 0, 100),
                put(2, 2, 0, 100),
                get(3, 2, 110, 120),
                get(4, 1, 130, 140))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void nonOverlappingReadsOfConcurrentWritesGoBackwards()
        {
            assertThat(verdict(
                put(1, 1, 0, 100),
                put(2, 2, 10, 90),
                get(3, 2, 20, 30),
                get(3, 1, 40, 50),
                get(4, 2, 200, 210))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void casSucceededAgainstValueThatCouldNotBeCurrent()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                put(1, 2, 20, 30),
                cas(2, 1, 3, true, 40, 50))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void twoCasSucceededFromTheSameExpectedValue()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                cas(2, 1, 2, true, 20, 40),
                cas(3, 1, 3, true, 25, 45))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void casFailedAlthoughTheValueMatchedThroughout()
        {
            assertThat(verdict(put(1, 1, 0, 10), cas(2, 1, 2, false, 20, 30))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void readOfPendingWriteThenItsDisappearance()
        {
            assertThat(verdict(
                put(1, 1, 0, 10),
                pendingPut(2, 2, 20),
                get(3, 2, 30, 40),
                get(3, 1, 50, 60))).isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void pendingCasCannotApplyWhenItsExpectedValueNeverHeld()
        {
            assertThat(verdict(put(1, 1, 0, 10), pendingCas(2, 5, 7, 20), get(3, 7, 30, 40)))
                .isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void reportsSmallestFailingKeyAmongSeveral()
        {
            final List<KvOperation> history = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                history.add(put(1, 3, i, 100L * i, 100L * i + 10));
            }
            history.add(get(2, 3, 99, 2000, 2010));
            history.add(put(1, 5, 1, 0, 10));
            history.add(get(2, 5, 2, 20, 30));
            history.add(put(1, 9, 1, 0, 10));

            final CheckResult result = checker.check(history);
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("2 key(s) [3, 5]").contains("key 5 (2 ops)");
        }
    }

    @Test
    void searchBudgetExceededIsUnknownAndNamesTheKey()
    {
        // 14 racing writes, then two reads that disagree although nothing can change in between. Refuting it
        // means trying the orders of the other 12 writes before the two that were read: thousands of states.
        final List<KvOperation> history = new ArrayList<>();
        for (int c = 0; c < 14; c++)
        {
            history.add(put(c, 42, c + 1, 0, 1000));
        }
        history.add(get(99, 42, 3, 2000, 2010));
        history.add(get(99, 42, 5, 2020, 2030));

        final CheckResult bounded = new LinearizabilityChecker(100).check(history);
        assertThat(bounded.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(bounded.detail()).contains("[42]");

        final CheckResult full = checker.check(history);
        assertThat(full.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(full.detail()).contains("key 42");
    }

    @Test
    void violationReportNamesTheStrandedRead()
    {
        final CheckResult result = checker.check(List.of(
            put(1, 1, 0, 10),
            put(2, 2, 20, 30),
            get(3, 1, 40, 50)));

        assertThat(result.detail()).contains("then the value is 2")
            .contains("never be linearized")
            .contains("c3 GET -> 1 [0.000040ms, 0.000050ms]");
    }

    @Test
    void rejectsOperationCompletingBeforeItsInvocation()
    {
        assertThatThrownBy(() -> checker.check(List.of(put(1, 1, 10, 5))))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonPositiveBudget()
    {
        assertThatThrownBy(() -> new LinearizabilityChecker(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
