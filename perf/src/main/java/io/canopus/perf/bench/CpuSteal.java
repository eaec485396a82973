package io.canopus.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time the hypervisor took from this (virtual) machine, from the {@code cpu} line of
 * {@code /proc/stat}: the share of all CPU time between two samples that was {@code steal}.
 * <p>
 * Why: on a cloud VM a probe can lose milliseconds to the host, which shows up as a p99 over the
 * SLO that neither system caused. Reporting steal beside each probe lets a reader tell such a probe
 * from a real limit. On a machine without {@code /proc/stat} (or without a steal column) samples are
 * null and nothing is reported.
 */
final class CpuSteal
{
    static final Path PROC_STAT = Path.of("/proc/stat");
    /** Index of {@code steal} among the numbers of the {@code cpu} line (user nice system idle iowait irq softirq steal). */
    private static final int STEAL_FIELD = 7;

    /** Cumulative CPU time of all CPUs and the part of it stolen, in clock ticks. */
    record Sample(long totalTicks, long stealTicks)
    {
    }

    private CpuSteal()
    {
    }

    /** @return the machine's counters now, or null when they cannot be read. */
    static Sample sample()
    {
        return sample(PROC_STAT);
    }

    static Sample sample(final Path procStat)
    {
        try
        {
            final List<String> lines = Files.readAllLines(procStat);
            return lines.isEmpty() ? null : parse(lines.get(0));
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * @param cpuLine the aggregate line, {@code cpu  user nice system idle iowait irq softirq steal ...}.
     * @return its total and steal ticks (guest time is already inside user and nice, so not added), or
     *         null when it is not such a line.
     */
    static Sample parse(final String cpuLine)
    {
        final String[] fields = cpuLine.trim().split("\\s+");
        if (fields.length < STEAL_FIELD + 2 || !fields[0].equals("cpu"))
        {
            return null;
        }
        try
        {
            long total = 0;
            for (int i = 1; i <= STEAL_FIELD + 1; i++)
            {
                final long ticks = Long.parseLong(fields[i]);
                if (ticks < 0)
                {
                    return null;
                }
                total += ticks;
            }
            return new Sample(total, Long.parseLong(fields[STEAL_FIELD + 1]));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    /** @return the percentage of CPU time stolen between the samples, or null when unknown. */
    static Double percent(final Sample before, final Sample after)
    {
        if (before == null || after == null || after.totalTicks() <= before.totalTicks() || after.stealTicks() < before.stealTicks())
        {
            return null;
        }
        return 100.0 * (after.stealTicks() - before.stealTicks()) / (after.totalTicks() - before.totalTicks());
    }
}
