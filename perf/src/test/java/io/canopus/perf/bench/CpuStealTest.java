package io.canopus.perf.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuStealTest
{
    @TempDir
    Path dir;

    @Test
    void stealIsTheStolenShareOfAllCpuTimeBetweenTwoSamples()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice, as Linux writes them
        final CpuSteal.Sample before = CpuSteal.parse("cpu  1000 0 500 8000 100 0 50 350 0 0");
        final CpuSteal.Sample after = CpuSteal.parse("cpu  1600 0 700 8900 100 0 90 410 40 0");

        assertThat(before).isEqualTo(new CpuSteal.Sample(10_000, 350));
        assertThat(after.totalTicks()).as("guest time is inside user already, not added").isEqualTo(11_800);
        assertThat(CpuSteal.percent(before, after)).isCloseTo(100.0 * 60 / 1_800, within(1e-9));
    }

    @Test
    void anUnreadableOrForeignStatGivesNoFigureRatherThanAWrongOne() throws Exception
    {
        assertThat(CpuSteal.parse("cpu0 1 2 3 4 5 6 7 8")).as("a per-CPU line").isNull();
        assertThat(CpuSteal.parse("cpu  1 2 3 4")).as("a kernel without a steal column").isNull();
        assertThat(CpuSteal.parse("cpu  1 2 x 4 5 6 7 8")).isNull();
        assertThat(CpuSteal.sample(dir.resolve("missing"))).isNull();
        final Path empty = Files.createFile(dir.resolve("empty"));
        assertThat(CpuSteal.sample(empty)).isNull();
        final CpuSteal.Sample s = new CpuSteal.Sample(100, 5);
        assertThat(CpuSteal.percent(s, s)).as("no time passed").isNull();
        assertThat(CpuSteal.percent(null, s)).isNull();
        assertThat(CpuSteal.percent(s, new CpuSteal.Sample(200, 4))).as("counters went back").isNull();
    }

    @Test
    void thisMachineReportsAFigureWhenItHasProcStat()
    {
        if (Files.isReadable(CpuSteal.PROC_STAT))
        {
            assertThat(CpuSteal.sample()).isNotNull();
        }
    }
}
