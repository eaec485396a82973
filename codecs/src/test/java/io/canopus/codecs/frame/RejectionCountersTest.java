package io.canopus.codecs.frame;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionCountersTest
{
    @Test
    void countsPerReasonAndInTotal()
    {
        final RejectionCounters counters = new RejectionCounters();
        assertThat(counters.total()).isZero();
        for (final Rejection reason : Rejection.values())
        {
            assertThat(counters.get(reason)).isZero();
        }

        counters.increment(Rejection.TRUNCATED_GROUP);
        counters.increment(Rejection.TRUNCATED_GROUP);
        counters.increment(Rejection.BAD_ENUM_VALUE);

        assertThat(counters.get(Rejection.TRUNCATED_GROUP)).isEqualTo(2);
        assertThat(counters.get(Rejection.BAD_ENUM_VALUE)).isEqualTo(1);
        assertThat(counters.get(Rejection.WRONG_SCHEMA_ID)).isZero();
        assertThat(counters.total()).isEqualTo(3);
    }

    @Test
    void toStringListsTheNonZeroCounters()
    {
        final RejectionCounters counters = new RejectionCounters();
        assertThat(counters.toString()).isEqualTo("RejectionCounters{total=0}");

        counters.increment(Rejection.UNKNOWN_TEMPLATE);
        counters.increment(Rejection.TRAILING_GARBAGE);
        counters.increment(Rejection.TRAILING_GARBAGE);

        assertThat(counters.toString())
            .isEqualTo("RejectionCounters{total=3, UNKNOWN_TEMPLATE=1, TRAILING_GARBAGE=2}");
    }

    @Test
    void incrementDoesNotAllocate()
    {
        final RejectionCounters counters = new RejectionCounters();
        final Rejection[] reasons = Rejection.values();
        final long allocated = Allocations.bytesAllocatedBy(() ->
        {
            for (int i = 0; i < 1_000_000; i++)
            {
                counters.increment(reasons[i % reasons.length]);
            }
        });
        assertThat(allocated).isLessThan(Allocations.NOISE_BYTES);
        assertThat(counters.total()).isEqualTo(2_000_000); // warm-up run plus measured run
    }
}
