package io.canopus.sim.check;

import static io.canopus.sim.check.LivenessChecker.NO_FAULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LivenessCheckerTest
{
    private static final long MS = 1_000_000L;
    private static final long BOUND = 500 * MS;

    private static long[] at(final long... millis)
    {
        final long[] ns = new long[millis.length];
        for (int i = 0; i < millis.length; i++)
        {
            ns[i] = millis[i] * MS;
        }
        return ns;
    }

    @Nested
    class AfterFaults
    {
        @Test
        void commitWithinBoundAfterHealPasses()
        {
            assertThat(LivenessChecker.check(at(100, 200, 2_400), 2_000 * MS, 10_000 * MS, BOUND))
                .isEqualTo(CheckResult.ok());
        }

        @Test
        void commitExactlyAtTheBoundPasses()
        {
            assertThat(LivenessChecker.check(at(2_500), 2_000 * MS, 10_000 * MS, BOUND).verdict())
                .isEqualTo(Verdict.OK);
        }

        @Test
        void stallDuringFaultsIsAllowed()
        {
            assertThat(LivenessChecker.check(at(100, 2_100), 2_000 * MS, 10_000 * MS, BOUND).verdict())
                .isEqualTo(Verdict.OK);
        }

        @Test
        void commitAtTheHealInstantDoesNotCount()
        {
            final CheckResult result = LivenessChecker.check(at(2_000), 2_000 * MS, 10_000 * MS, BOUND);
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("no commit in the 8000.000 ms");
        }

        @Test
        void lateRecoveryIsViolatedWithTheGap()
        {
            final CheckResult result = LivenessChecker.check(at(100, 2_750), 2_000 * MS, 10_000 * MS, BOUND);
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("came 750.000 ms later").contains("bound of 500.000 ms");
        }

        @Test
        void runEndingBeforeTheDeadlineIsUnknown()
        {
            assertThat(LivenessChecker.check(at(100), 2_000 * MS, 2_300 * MS, BOUND).verdict())
                .isEqualTo(Verdict.UNKNOWN);
        }

        @Test
        void shortRunWithRecoveryStillPasses()
        {
            assertThat(LivenessChecker.check(at(100, 2_200), 2_000 * MS, 2_300 * MS, BOUND).verdict())
                .isEqualTo(Verdict.OK);
        }
    }

    @Nested
    class WithoutFaults
    {
        @Test
        void steadyCommitsPass()
        {
            assertThat(LivenessChecker.check(at(50, 400, 800, 1_200, 1_600), NO_FAULTS, 2_000 * MS, BOUND))
                .isEqualTo(CheckResult.ok());
        }

        @Test
        void gapLongerThanBoundIsViolated()
        {
            final CheckResult result = LivenessChecker.check(at(50, 400, 1_100, 1_500), NO_FAULTS, 1_800 * MS, BOUND);
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("no commit for 700.000 ms from 400.000 ms");
        }

        @Test
        void stallAtTheEndIsViolated()
        {
            final CheckResult result = LivenessChecker.check(at(50, 400), NO_FAULTS, 1_800 * MS, BOUND);
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("1400.000 ms").contains("to the end of the run");
        }

        @Test
        void lateFirstCommitIsViolated()
        {
            final CheckResult result = LivenessChecker.check(at(900, 1_000), NO_FAULTS, 1_200 * MS, BOUND);
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("first commit only at 900.000 ms");
        }

        @Test
        void noCommitAtAllIsViolated()
        {
            assertThat(LivenessChecker.check(new long[0], NO_FAULTS, 5_000 * MS, BOUND).verdict())
                .isEqualTo(Verdict.VIOLATED);
        }

        @Test
        void runShorterThanTheBoundWithoutCommitIsUnknown()
        {
            assertThat(LivenessChecker.check(new long[0], NO_FAULTS, 300 * MS, BOUND).verdict())
                .isEqualTo(Verdict.UNKNOWN);
        }
    }

    @Nested
    class Ready
    {
        @Test
        void oneEarlyCommitIsEnoughEvenWithALongSilenceAfterIt()
        {
            assertThat(LivenessChecker.checkReady(at(120), 5_000 * MS, BOUND)).isEqualTo(CheckResult.ok());
        }

        @Test
        void aFirstCommitAfterTheBoundIsViolated()
        {
            final CheckResult result = LivenessChecker.checkReady(at(700, 800), 5_000 * MS, BOUND);
            assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
            assertThat(result.detail()).contains("700.000 ms");
        }

        @Test
        void noCommitInARunShorterThanTheBoundIsUnknownAndInALongerOneViolated()
        {
            assertThat(LivenessChecker.checkReady(new long[0], 300 * MS, BOUND).verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(LivenessChecker.checkReady(new long[0], 900 * MS, BOUND).verdict()).isEqualTo(Verdict.VIOLATED);
        }
    }

    @Test
    void rejectsUnsortedTimesAndBadBound()
    {
        assertThatThrownBy(() -> LivenessChecker.check(at(5, 3), NO_FAULTS, 10 * MS, BOUND))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LivenessChecker.check(at(5), NO_FAULTS, 10 * MS, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
