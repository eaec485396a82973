package io.canopus.codecs.frame;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionTest
{
    @Test
    void codesAreNegativeUniqueAndMapBack()
    {
        final Set<Integer> seen = new HashSet<>();
        for (final Rejection reason : Rejection.values())
        {
            assertThat(reason.code()).as(reason.name()).isNegative();
            assertThat(seen.add(reason.code())).as("unique code for " + reason).isTrue();
            assertThat(Rejection.fromCode(reason.code())).isSameAs(reason);
            assertThat(reason.description()).isNotBlank();
        }
    }

    @Test
    void nonRejectionCodesMapToNull()
    {
        assertThat(Rejection.fromCode(0)).isNull();
        assertThat(Rejection.fromCode(1)).isNull();
        assertThat(Rejection.fromCode(Integer.MAX_VALUE)).isNull();
        assertThat(Rejection.fromCode(-1000)).isNull();
        assertThat(Rejection.fromCode(Integer.MIN_VALUE)).isNull();
    }

    /** Codes are part of logs and metrics: pin the ones the brief names so a reorder cannot renumber them. */
    @Test
    void codesAreStable()
    {
        assertThat(Rejection.FRAME_OUTSIDE_BUFFER.code()).isEqualTo(-1);
        assertThat(Rejection.TOO_SHORT_FOR_HEADER.code()).isEqualTo(-3);
        assertThat(Rejection.WRONG_SCHEMA_ID.code()).isEqualTo(-4);
        assertThat(Rejection.UNSUPPORTED_VERSION.code()).isEqualTo(-5);
        assertThat(Rejection.UNKNOWN_TEMPLATE.code()).isEqualTo(-6);
        assertThat(Rejection.GROUP_TOO_LARGE.code()).isEqualTo(-10);
        assertThat(Rejection.TRAILING_GARBAGE.code()).isEqualTo(-15);
    }
}
