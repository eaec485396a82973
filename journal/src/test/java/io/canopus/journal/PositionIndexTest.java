package io.canopus.journal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PositionIndexTest
{
    @Test
    void contiguousPositionsAndIndexesShareOneRun()
    {
        final PositionIndex index = new PositionIndex();
        assertThat(index.indexOf(1)).isEqualTo(-1);
        assertThat(index.lastIndex()).isEqualTo(-1);
        for (long p = 1; p <= 1000; p++)
        {
            index.add(p, 5000 + p);
        }
        assertThat(index.runs()).isEqualTo(1);
        assertThat(index.indexOf(1)).isEqualTo(5001);
        assertThat(index.indexOf(1000)).isEqualTo(6000);
        assertThat(index.indexOf(0)).isEqualTo(-1);
        assertThat(index.indexOf(1001)).isEqualTo(-1);
        assertThat(index.firstPosition()).isEqualTo(1);
        assertThat(index.lastPosition()).isEqualTo(1000);
    }

    @Test
    void jumpsInTheIndexStartNewRunsAndLookupsFindTheRightOne()
    {
        final PositionIndex index = new PositionIndex();
        final long[] runStartIndex = new long[100];
        long position = 10;
        for (int run = 0; run < 100; run++)
        {
            runStartIndex[run] = ((long)run << 32) + run; // a roll or a truncation between runs
            for (int i = 0; i < 7; i++)
            {
                index.add(position++, runStartIndex[run] + i);
            }
        }
        assertThat(index.runs()).isEqualTo(100);
        for (long p = 10; p < position; p++)
        {
            final int run = (int)((p - 10) / 7);
            assertThat(index.indexOf(p)).as("position %d", p).isEqualTo(runStartIndex[run] + (p - 10) % 7);
        }
        assertThat(index.indexOf(9)).isEqualTo(-1);
        assertThat(index.indexOf(position)).isEqualTo(-1);
    }
}
