package io.canopus.sim.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedRecordTest
{
    @Test
    void aFaithfulReplayIsCheckedNotRecordedAgain()
    {
        final AppliedRecord record = new AppliedRecord();
        record.onApplied(1, 10, 1, false);
        record.onApplied(1, 11, 1, false);
        record.onApplied(3, 10, 1, true);
        record.onCommitted(1, 2, 100);
        record.onCommitted(2, 0, 200);
        record.onCommitted(3, 1, 300);

        record.onRestart();
        record.onApplied(1, 10, 1, false);
        record.onApplied(1, 11, 1, false);
        record.onCommitted(1, 2, 900);
        record.onApplied(3, 10, 1, true);
        record.onCommitted(3, 1, 950);
        record.onApplied(4, 12, 1, false);
        record.onCommitted(4, 1, 1000);

        assertThat(record.replayMismatches()).isZero();
        assertThat(record.replayed()).isEqualTo(3);
        assertThat(record.appliedCount()).isEqualTo(4);
        assertThat(record.sessionId(3)).isEqualTo(12);
        assertThat(record.commitCount()).isEqualTo(4);
        assertThat(record.commitTimeNs(0)).isEqualTo(100); // the first commit time is kept
        assertThat(record.commitTimeNs(3)).isEqualTo(1000);
    }

    @Test
    void aReplayThatContradictsTheAppliedHistoryIsCounted()
    {
        final AppliedRecord record = new AppliedRecord();
        record.onApplied(1, 10, 1, false);
        record.onApplied(2, 10, 2, false);
        record.onApplied(3, 10, 3, false);
        record.onRestart();
        record.onApplied(1, 10, 1, false);
        record.onApplied(2, 99, 2, false);   // different write at position 2
        record.onApplied(2, 10, 5, false);   // and one more than position 2 held
        assertThat(record.replayMismatches()).isEqualTo(2);
        assertThat(record.firstMismatch()).contains("position 2").contains("(99,2)");
        assertThat(record.appliedCount()).isEqualTo(3);
    }

    @Test
    void aPositionRecordedInPartBeforeACrashIsCompletedByTheReplay()
    {
        final AppliedRecord record = new AppliedRecord();
        record.onApplied(1, 10, 1, false);
        record.onApplied(2, 10, 2, false);   // position 2 had two writes; the crash came after one
        record.onRestart();
        record.onApplied(1, 10, 1, false);
        record.onApplied(2, 10, 2, false);
        record.onApplied(2, 11, 1, false);
        assertThat(record.replayMismatches()).isZero();
        assertThat(record.appliedCount()).isEqualTo(3);
    }

    @Test
    void snapshotsMayStartTheReplayLater()
    {
        final AppliedRecord record = new AppliedRecord();
        for (int p = 1; p <= 10; p++)
        {
            record.onApplied(p, 1, p, false);
        }
        record.onRestart();
        record.onApplied(8, 1, 8, false);
        record.onApplied(9, 1, 9, false);
        record.onApplied(10, 1, 10, false);
        record.onApplied(11, 1, 11, false);
        assertThat(record.replayMismatches()).isZero();
        assertThat(record.appliedCount()).isEqualTo(11);
    }
}
