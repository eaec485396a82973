package io.canopus.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;

import static io.canopus.journal.JournalTestSupport.appendRange;
import static io.canopus.journal.JournalTestSupport.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncPolicyTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    File dir;

    @Test
    void parsesTheAcceptedForms()
    {
        assertThat(SyncPolicy.parse("none")).isSameAs(SyncPolicy.NONE);
        assertThat(SyncPolicy.parse(" NONE ")).isSameAs(SyncPolicy.NONE);
        assertThat(SyncPolicy.parse("cycle")).isSameAs(SyncPolicy.CYCLE);
        assertThat(SyncPolicy.parse("Cycle")).isSameAs(SyncPolicy.CYCLE);
        assertThat(SyncPolicy.parse("10ms")).isEqualTo(SyncPolicy.period(10));
        assertThat(SyncPolicy.parse("1ms").periodMs()).isEqualTo(1);
        assertThat(SyncPolicy.parse("250MS").isPeriodic()).isTrue();
        assertThat(SyncPolicy.NONE.isNone()).isTrue();
        assertThat(SyncPolicy.CYCLE.isEveryAppend()).isTrue();
        assertThat(SyncPolicy.NONE.periodMs()).isZero();
    }

    @Test
    void toStringRoundTrips()
    {
        for (final SyncPolicy policy : new SyncPolicy[] {SyncPolicy.NONE, SyncPolicy.CYCLE, SyncPolicy.period(1),
            SyncPolicy.period(10), SyncPolicy.period(86_400_000)})
        {
            assertThat(SyncPolicy.parse(policy.toString())).isEqualTo(policy).hasSameHashCodeAs(policy);
        }
        assertThat(SyncPolicy.period(25).toString()).isEqualTo("25ms");
        assertThat(SyncPolicy.CYCLE.toString()).isEqualTo("cycle");
        assertThat(SyncPolicy.NONE.toString()).isEqualTo("none");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "0ms", "-5ms", "ms", "10", "10s", "10 ms", "1.5ms", "+5ms", "fast", "cycles",
        "9999999999999999999ms"})
    void rejectsBadValuesNamingThemAndTheAcceptedForms(final String value)
    {
        assertThatThrownBy(() -> SyncPolicy.parse(value))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(String.valueOf(value))
            .hasMessageContaining("\"none\", \"cycle\" or \"<N>ms\" with N > 0");
    }

    @Test
    void periodMustBePositive()
    {
        assertThatThrownBy(() -> SyncPolicy.period(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("> 0");
    }

    @Test
    void noneNeverSyncs()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).syncPolicy(SyncPolicy.NONE)))
        {
            appendRange(journal, 1, 10);
            for (long t = 0; t < 100; t++)
            {
                assertThat(journal.doWork(t * 10 * MS)).isZero();
            }
            assertThat(journal.counters().syncs()).isZero();
            journal.close();
            assertThat(journal.counters().syncs()).isZero();
        }
    }

    @Test
    void cycleSyncsAfterEveryAppend()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).syncPolicy(SyncPolicy.CYCLE)))
        {
            for (long p = 1; p <= 10; p++)
            {
                appendRange(journal, p, p);
                assertThat(journal.counters().syncs()).isEqualTo(p);
                // Chronicle's own record of how far it msynced.
                assertThat(journal.lastIndexMSynced()).isEqualTo(journal.chronicleIndexOf(p));
            }
            assertThat(journal.doWork(System.nanoTime())).isZero();
            journal.close();
            assertThat(journal.counters().syncs()).isEqualTo(10);
        }
    }

    @Test
    void periodSyncsFromDoWorkWhenDueAndSomethingWasAppended()
    {
        final long t0 = 123_456_789L;
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).syncPolicy(SyncPolicy.period(5))))
        {
            assertThat(journal.doWork(t0)).isZero(); // starts the clock
            appendRange(journal, 1, 3);
            assertThat(journal.counters().syncs()).isZero();
            assertThat(journal.doWork(t0 + 4 * MS)).isZero();
            assertThat(journal.doWork(t0 + 5 * MS)).isEqualTo(1);
            assertThat(journal.counters().syncs()).isEqualTo(1);
            assertThat(journal.lastIndexMSynced()).isEqualTo(journal.chronicleIndexOf(3));

            assertThat(journal.doWork(t0 + 50 * MS)).as("nothing appended since").isZero();
            appendRange(journal, 4, 4);
            assertThat(journal.doWork(t0 + 8 * MS)).as("3 ms after the last sync").isZero();
            assertThat(journal.doWork(t0 + 10 * MS)).isEqualTo(1);
            assertThat(journal.counters().syncs()).isEqualTo(2);

            appendRange(journal, 5, 5);
            journal.close(); // syncs what is pending
            assertThat(journal.counters().syncs()).isEqualTo(3);
        }
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir).syncPolicy(SyncPolicy.parse("5ms"))))
        {
            assertThat(journal.lastPosition()).isEqualTo(5);
            journal.close();
            assertThat(journal.counters().syncs()).as("nothing to sync on close").isZero();
        }
    }

    @Test
    void metadataIsForcedUnderEveryPolicyButNotCountedAsASync()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(context(dir)))
        {
            journal.writeMetadata(1, 1);
            assertThat(journal.counters().metadataWrites()).isEqualTo(1);
            assertThat(journal.counters().syncs()).isZero();
        }
    }
}
