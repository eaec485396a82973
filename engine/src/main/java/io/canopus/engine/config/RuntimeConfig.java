package io.canopus.engine.config;

import io.canopus.transport.MediaDriverMode;
/**
 * The {@code runtime} object of a cluster config: how a node process runs its duty cycle, its media
 * driver and its metrics. Every field is optional:
 * <pre>
 * {"idleStrategy": "backoff", "driverMode": "embedded-invoker", "aeronDir": null,
 *  "termLengthKiB": 1024, "metricsDirectory": null, "metricsIntervalMs": 1000}
 * </pre>
 *
 * @param idleStrategy      idle strategy of the node's agent; default {@code backoff}.
 * @param driverMode        where the media driver runs; default {@code embedded-invoker}.
 * @param aeronDir          the Aeron directory: required for {@code external} (the running driver's directory);
 *                          for an embedded driver {@code null} (the default) lets the runtime pick one per node.
 * @param termLengthKiB     the term length of the node's publications in KiB, a power of two from 64 to
 *                          1048576 (Aeron's limits); default {@value #DEFAULT_TERM_LENGTH_KIB}. Aeron's largest
 *                          message is an eighth of it, which bounds {@code cluster.maxProposalBytes}.
 * @param metricsDirectory  where HdrHistogram interval logs are written ({@code .hlog}); {@code null} (the default)
 *                          writes none (counters stay readable).
 * @param metricsIntervalMs the interval of those logs in milliseconds, positive; default
 *                          {@value #DEFAULT_METRICS_INTERVAL_MS}.
 */
public record RuntimeConfig(
    IdleStrategyType idleStrategy,
    MediaDriverMode driverMode,
    String aeronDir,
    int termLengthKiB,
    String metricsDirectory,
    int metricsIntervalMs)
{
    /** Default of {@code runtime.termLengthKiB}: 1 MiB terms keep many nodes on one host affordable. */
    public static final int DEFAULT_TERM_LENGTH_KIB = 1024;
    /** Smallest {@code runtime.termLengthKiB} (Aeron's minimum term length, 64 KiB). */
    public static final int MIN_TERM_LENGTH_KIB = 64;
    /** Largest {@code runtime.termLengthKiB} (Aeron's maximum term length, 1 GiB). */
    public static final int MAX_TERM_LENGTH_KIB = 1024 * 1024;
    /** Default of {@code runtime.metricsIntervalMs}. */
    public static final int DEFAULT_METRICS_INTERVAL_MS = 1000;

    /**
     * @return the defaults: backoff, embedded-invoker, no aeronDir, 1024 KiB terms, no metrics logs, 1000 ms.
     */
    public static RuntimeConfig defaults()
    {
        return new RuntimeConfig(IdleStrategyType.BACKOFF, MediaDriverMode.EMBEDDED_INVOKER, null, DEFAULT_TERM_LENGTH_KIB, null,
            DEFAULT_METRICS_INTERVAL_MS);
    }

    /**
     * @return the term length in bytes ({@code termLengthKiB * 1024}).
     */
    public int termLengthBytes()
    {
        return termLengthKiB * 1024;
    }

    /**
     * @return the largest message Aeron sends with this term length: an eighth of it.
     */
    public int maxMessageBytes()
    {
        return termLengthBytes() / 8;
    }
}
