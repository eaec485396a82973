package io.canopus.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ExactlyOnceCheckerTest
{
    private static final WriteId W1 = new WriteId(10, 1);
    private static final WriteId W2 = new WriteId(10, 2);
    private static final WriteId W3 = new WriteId(11, 1);
    private static final WriteId W4 = new WriteId(11, 2);

    @Test
    void distinctApplicationsPass()
    {
        assertThat(ExactlyOnceChecker.check(Map.of(
            0, List.of(W1, W2, W3),
            1, List.of(W1, W2),
            2, List.of()))).isEqualTo(CheckResult.ok());
    }

    @Test
    void sameSequenceInAnotherSessionIsADifferentWrite()
    {
        assertThat(ExactlyOnceChecker.check(Map.of(0, List.of(new WriteId(1, 1), new WriteId(2, 1)))).verdict())
            .isEqualTo(Verdict.OK);
    }

    @Test
    void writeAppliedTwiceIsViolated()
    {
        final CheckResult result = ExactlyOnceChecker.check(Map.of(
            0, List.of(W1, W2, W3),
            1, List.of(W1, W2, W1, W3)));

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).isEqualTo("node 1 applied 1 write(s) more than once: s10#1 again at index 2");
    }

    @Test
    void acknowledgedWritesPresentOnceOnTheLongestNodePass()
    {
        assertThat(ExactlyOnceChecker.checkAcknowledged(
            Set.of(W1, W3),
            Map.of(0, List.of(W1, W2, W3, W4), 1, List.of(W1)))).isEqualTo(CheckResult.ok());
    }

    @Test
    void nothingAcknowledgedPasses()
    {
        assertThat(ExactlyOnceChecker.checkAcknowledged(Set.of(), Map.of()).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void acknowledgedWriteMissingOnTheLongestNodeIsViolated()
    {
        final CheckResult result = ExactlyOnceChecker.checkAcknowledged(
            List.of(W1, W4),
            Map.of(0, List.of(W1, W2, W3), 1, List.of(W1, W4)));

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).contains("node 0 (3 applied writes)")
            .contains("1 acknowledged write(s) missing [s11#2]");
    }

    @Test
    void acknowledgedWriteAppliedTwiceOnTheLongestNodeIsViolated()
    {
        final CheckResult result = ExactlyOnceChecker.checkAcknowledged(
            List.of(W1, W2),
            Map.of(0, List.of(W1, W2, W1), 1, List.of(W1, W2)));

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).contains("1 applied more than once [s10#1 x2]");
    }

    @Test
    void acknowledgedWritesWithoutAnyNodeReportAreUnknown()
    {
        assertThat(ExactlyOnceChecker.checkAcknowledged(Set.of(W1), Map.of()).verdict()).isEqualTo(Verdict.UNKNOWN);
    }
}
