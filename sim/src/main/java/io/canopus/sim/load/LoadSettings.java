package io.canopus.sim.load;

import io.canopus.engine.statemachine.KeyValueStateMachine;

import java.util.concurrent.TimeUnit;

/**
 * What an {@link OpenLoopLoad} sends: a rate, a warm-up and a measured period, the key-value mix.
 * Fluent setters; {@link #validate()} names the first bad setting.
 * <p>
 * Operation {@code i} (counted over all clients, from 0) is intended to be sent at
 * {@code start + i / rate}. Operations intended before {@code start + warmup} are sent but their
 * latencies are kept apart from the measured ones.
 */
public final class LoadSettings
{
    /** Highest rate accepted, operations per second: far above what one client thread can send. */
    public static final long MAX_RATE = 10_000_000L;

    private long ratePerSec = 10_000;
    private long warmupNs = TimeUnit.SECONDS.toNanos(2);
    private long durationNs = TimeUnit.SECONDS.toNanos(10);
    private int valueBytes = 32;
    private double readRatio;
    private long keys = 10_000;
    private long seed = System.nanoTime();
    private long drainNs = TimeUnit.SECONDS.toNanos(2);
    private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(10);

    /** Operations per second, over all clients (1..{@value #MAX_RATE}). */
    public LoadSettings ratePerSec(final long ratePerSec)
    {
        this.ratePerSec = ratePerSec;
        return this;
    }

    public long ratePerSec()
    {
        return ratePerSec;
    }

    /** Time sent at the rate before measuring starts, so the JIT and the cluster settle (>= 0). */
    public LoadSettings warmupNs(final long warmupNs)
    {
        this.warmupNs = warmupNs;
        return this;
    }

    public long warmupNs()
    {
        return warmupNs;
    }

    /** The measured period (> 0). */
    public LoadSettings durationNs(final long durationNs)
    {
        this.durationNs = durationNs;
        return this;
    }

    public long durationNs()
    {
        return durationNs;
    }

    /** Bytes of each PUT's value (1..{@link KeyValueStateMachine#MAX_VALUE_LENGTH}). */
    public LoadSettings valueBytes(final int valueBytes)
    {
        this.valueBytes = valueBytes;
        return this;
    }

    public int valueBytes()
    {
        return valueBytes;
    }

    /** Fraction of operations that are GETs (linearizable reads), 0..1; the rest are PUTs. */
    public LoadSettings readRatio(final double readRatio)
    {
        this.readRatio = readRatio;
        return this;
    }

    public double readRatio()
    {
        return readRatio;
    }

    /** Keys are drawn uniformly from 0..keys-1 (>= 1). */
    public LoadSettings keys(final long keys)
    {
        this.keys = keys;
        return this;
    }

    public long keys()
    {
        return keys;
    }

    /** Seed of the key and read/write choices (client {@code k} uses {@code seed + k}). */
    public LoadSettings seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    public long seed()
    {
        return seed;
    }

    /** How long after its last send a client waits for the responses still missing (>= 0). */
    public LoadSettings drainNs(final long drainNs)
    {
        this.drainNs = drainNs;
        return this;
    }

    public long drainNs()
    {
        return drainNs;
    }

    /** How long a client may take to get its first answer (a probe read) before the load gives up (> 0). */
    public LoadSettings connectTimeoutNs(final long connectTimeoutNs)
    {
        this.connectTimeoutNs = connectTimeoutNs;
        return this;
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    /** @return operations intended over warm-up and measured period together, over all clients. */
    public long totalOps()
    {
        return (long)Math.ceil((warmupNs + durationNs) * (ratePerSec / 1e9));
    }

    /**
     * @return this.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public LoadSettings validate()
    {
        require(ratePerSec >= 1 && ratePerSec <= MAX_RATE, "ratePerSec must be 1.." + MAX_RATE + ", was " + ratePerSec);
        require(warmupNs >= 0, "warmupNs must not be negative, was " + warmupNs);
        require(durationNs > 0, "durationNs must be positive, was " + durationNs);
        require(valueBytes >= 1 && valueBytes <= KeyValueStateMachine.MAX_VALUE_LENGTH,
            "valueBytes must be 1.." + KeyValueStateMachine.MAX_VALUE_LENGTH + ", was " + valueBytes);
        require(readRatio >= 0 && readRatio <= 1, "readRatio must be 0..1, was " + readRatio);
        require(keys >= 1, "keys must be at least 1, was " + keys);
        require(drainNs >= 0, "drainNs must not be negative, was " + drainNs);
        require(connectTimeoutNs > 0, "connectTimeoutNs must be positive, was " + connectTimeoutNs);
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
