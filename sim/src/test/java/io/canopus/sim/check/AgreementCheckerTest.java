package io.canopus.sim.check;

import static io.canopus.sim.check.AgreementChecker.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;

class AgreementCheckerTest
{
    private static final long A = fingerprint(1, 1, 11);
    private static final long B = fingerprint(1, 2, 22);
    private static final long C = fingerprint(2, 1, 33);
    private static final long D = fingerprint(2, 2, 44);
    private static final long X = fingerprint(3, 1, 99);

    @Test
    void identicalSequencesAgree()
    {
        assertThat(AgreementChecker.check(Map.of(0, new long[] {A, B, C}, 1, new long[] {A, B, C})))
            .isEqualTo(CheckResult.ok());
    }

    @Test
    void laggingNodesWithPrefixesAgree()
    {
        assertThat(AgreementChecker.check(Map.of(
            0, new long[] {A, B},
            1, new long[] {A, B, C, D},
            2, new long[] {},
            3, new long[] {A}))).isEqualTo(CheckResult.ok());
    }

    @Test
    void noNodesAgree()
    {
        assertThat(AgreementChecker.check(Map.of()).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void divergenceNamesNodesAndFirstIndex()
    {
        final CheckResult result = AgreementChecker.check(Map.of(
            0, new long[] {A, B, C, D},
            1, new long[] {A, B, X},
            2, new long[] {A, B, C}));

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).startsWith("node 1 diverges from node 0").contains("at index 2")
            .contains("1 node(s) diverge");
    }

    @Test
    void divergenceBetweenTwoShortNodesIsCaughtAgainstTheLongest()
    {
        final CheckResult result = AgreementChecker.check(Map.of(
            0, new long[] {A, B, C, D},
            1, new long[] {A, X},
            2, new long[] {A, B}));

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).contains("node 1").contains("at index 1");
    }

    @Test
    void equalLengthDivergenceReportsEarliestIndex()
    {
        final CheckResult result = AgreementChecker.check(Map.of(
            0, new long[] {A, B, C},
            1, new long[] {A, B, X},
            2, new long[] {X, B, C}));

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.detail()).startsWith("node 2 diverges from node 0").contains("at index 0")
            .contains("2 node(s) diverge");
    }

    @Test
    void agronaListsAreAccepted()
    {
        final LongArrayList full = new LongArrayList();
        full.addLong(A);
        full.addLong(B);
        final LongArrayList prefix = new LongArrayList();
        prefix.addLong(A);
        final LongArrayList other = new LongArrayList();
        other.addLong(B);

        assertThat(AgreementChecker.checkLists(Map.of(0, full, 1, prefix)).verdict()).isEqualTo(Verdict.OK);
        assertThat(AgreementChecker.checkLists(Map.of(0, full, 1, other)).verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(AgreementChecker.digestHexLists(Map.of(0, full, 1, prefix)))
            .isEqualTo(AgreementChecker.digestHex(Map.of(0, new long[] {A, B}, 1, new long[] {A})));
    }

    @Test
    void fingerprintIsDeterministicAndSeparatesFields()
    {
        assertThat(fingerprint(5, 7, 9)).isEqualTo(fingerprint(5, 7, 9));
        assertThat(fingerprint(5, 7, 9)).isNotEqualTo(fingerprint(7, 5, 9));
        assertThat(fingerprint(5, 7, 9)).isNotEqualTo(fingerprint(5, 9, 7));
        assertThat(fingerprint(0, 0, 0)).isNotZero();
    }

    @Test
    void fingerprintAvalanches()
    {
        final Random random = new Random(1);
        long flippedBits = 0;
        final int samples = 3_000;
        for (int i = 0; i < samples; i++)
        {
            final long s = random.nextLong();
            final long q = random.nextLong();
            final long p = random.nextLong();
            final int bit = random.nextInt(64);
            final long base = fingerprint(s, q, p);
            final long changed = switch (i % 3)
            {
                case 0 -> fingerprint(s ^ (1L << bit), q, p);
                case 1 -> fingerprint(s, q ^ (1L << bit), p);
                default -> fingerprint(s, q, p ^ (1L << bit));
            };
            flippedBits += Long.bitCount(base ^ changed);
        }
        // An ideal mix flips half of the 64 output bits on average.
        assertThat((double)flippedBits / samples).isBetween(31.0, 33.0);
    }

    @Test
    void digestIsStableAndIndependentOfMapOrder()
    {
        final Map<Integer, long[]> forward = new LinkedHashMap<>();
        forward.put(0, new long[] {A, B});
        forward.put(1, new long[] {A});
        final Map<Integer, long[]> backward = new HashMap<>();
        backward.put(1, new long[] {A});
        backward.put(0, new long[] {A, B});

        final String digest = AgreementChecker.digestHex(forward);
        assertThat(digest).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(AgreementChecker.digestHex(backward)).isEqualTo(digest);
        assertThat(AgreementChecker.digestHex(forward)).isEqualTo(digest);
    }

    @Test
    void digestChangesWithAnyDifference()
    {
        final String digest = AgreementChecker.digestHex(Map.of(0, new long[] {A, B}, 1, new long[] {A}));

        assertThat(AgreementChecker.digestHex(Map.of(0, new long[] {A, X}, 1, new long[] {A}))).isNotEqualTo(digest);
        assertThat(AgreementChecker.digestHex(Map.of(0, new long[] {A}, 1, new long[] {A, B}))).isNotEqualTo(digest);
        assertThat(AgreementChecker.digestHex(Map.of(0, new long[] {A, B}, 2, new long[] {A}))).isNotEqualTo(digest);
        assertThat(AgreementChecker.digestHex(Map.of(0, new long[] {A, B, A}))).isNotEqualTo(digest);
    }
}
