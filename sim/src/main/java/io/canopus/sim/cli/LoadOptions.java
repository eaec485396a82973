package io.canopus.sim.cli;

import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.sim.load.LoadSettings;
import picocli.CommandLine;

import java.util.concurrent.TimeUnit;

/**
 * The load options that {@code load} and {@code demo} share, checked with messages naming the
 * option, and turned into {@link LoadSettings}.
 */
final class LoadOptions
{
    /** Longest measured period or warm-up accepted, in seconds. */
    static final double MAX_SECONDS = 3600;

    private LoadOptions()
    {
    }

    /**
     * @throws CommandLine.ParameterException naming the first bad option (exit status 2).
     */
    static LoadSettings settings(
        final CommandLine commandLine,
        final long rate,
        final double seconds,
        final int size,
        final double readRatio,
        final double warmup,
        final long keys)
    {
        require(commandLine, rate >= 1 && rate <= LoadSettings.MAX_RATE,
            "--rate must be 1.." + LoadSettings.MAX_RATE + " operations per second, was " + rate);
        require(commandLine, seconds > 0 && seconds <= MAX_SECONDS, "--seconds must be > 0 and <= 3600, was " + seconds);
        require(commandLine, warmup >= 0 && warmup <= MAX_SECONDS, "--warmup must be 0..3600 seconds, was " + warmup);
        require(commandLine, size >= 1 && size <= KeyValueStateMachine.MAX_VALUE_LENGTH,
            "--size must be 1.." + KeyValueStateMachine.MAX_VALUE_LENGTH + " bytes (the largest value the key-value store takes), was " + size);
        require(commandLine, readRatio >= 0 && readRatio <= 1, "--read-ratio must be between 0 and 1 (the fraction of GETs), was " + readRatio);
        require(commandLine, keys >= 1, "--keys must be at least 1, was " + keys);
        return new LoadSettings()
            .ratePerSec(rate)
            .durationNs(toNanos(seconds))
            .warmupNs(toNanos(warmup))
            .valueBytes(size)
            .readRatio(readRatio)
            .keys(keys)
            .validate();
    }

    static void require(final CommandLine commandLine, final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new CommandLine.ParameterException(commandLine, message);
        }
    }

    private static long toNanos(final double seconds)
    {
        return Math.round(seconds * TimeUnit.SECONDS.toNanos(1));
    }
}
