package io.canopus.sim.graph;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One direction's propagation delay: fixed, or drawn per copy from a distribution given as a mean
 * and a jitter, all in ns. Every distribution is bounded, so a protocol's timeouts stay meaningful
 * and a worst case is known:
 * <ul>
 *   <li>{@code FIXED}: always {@code mean}.</li>
 *   <li>{@code UNIFORM}: uniform in {@code [mean - jitter, mean + jitter]}.</li>
 *   <li>{@code NORMAL}: normal with standard deviation {@code jitter}, clipped to
 *       {@code mean +/- 3 jitter} (and to at least 1 ns).</li>
 *   <li>{@code EXPONENTIAL}: {@code mean - jitter} plus an exponential tail of mean {@code jitter}
 *       (so the mean is {@code mean} and the minimum {@code mean - jitter}), the tail cut at 20 jitters.</li>
 * </ul>
 *
 * @param distribution the shape.
 * @param meanNs       mean delay, >= 1.
 * @param jitterNs     spread (see above), >= 0; at most {@code meanNs} for uniform and exponential.
 */
public record Latency(Distribution distribution, long meanNs, long jitterNs)
{
    /** The shapes a delay may take. */
    public enum Distribution
    {
        FIXED, UNIFORM, NORMAL, EXPONENTIAL;

        /** @return the shape named {@code name} (case-insensitive), or null. */
        public static Distribution named(final String name)
        {
            for (final Distribution d : values())
            {
                if (d.name().equalsIgnoreCase(name))
                {
                    return d;
                }
            }
            return null;
        }

        /** @return the name as written in configuration files. */
        public String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Latency
    {
        if (distribution == null)
        {
            throw new IllegalArgumentException("a latency needs a distribution");
        }
        if (meanNs < 1)
        {
            throw new IllegalArgumentException("mean latency must be at least 1 ns: " + meanNs);
        }
        if (jitterNs < 0)
        {
            throw new IllegalArgumentException("jitter must be >= 0: " + jitterNs);
        }
        if ((distribution == Distribution.UNIFORM || distribution == Distribution.EXPONENTIAL) && jitterNs > meanNs)
        {
            throw new IllegalArgumentException(distribution.label() + " jitter " + jitterNs + " exceeds the mean " + meanNs +
                ": the delay could be negative");
        }
        if (distribution == Distribution.FIXED && jitterNs != 0)
        {
            throw new IllegalArgumentException("a fixed latency has no jitter: " + jitterNs);
        }
    }

    /** @return a fixed delay of {@code ns}. */
    public static Latency fixed(final long ns)
    {
        return new Latency(Distribution.FIXED, ns, 0);
    }

    /** @return the delay routes are chosen by: the mean. */
    public long routingWeightNs()
    {
        return meanNs;
    }

    /** @return one delay draw, at least 1 ns; fixed delays draw nothing from {@code random}. */
    long draw(final SplittableRandom random)
    {
        final double j = jitterNs;
        final double d;
        switch (distribution)
        {
            case UNIFORM:
                d = meanNs + j * (2.0 * random.nextDouble() - 1.0);
                break;
            case NORMAL:
                d = meanNs + Math.max(-3.0, Math.min(3.0, random.nextGaussian())) * j;
                break;
            case EXPONENTIAL:
                // 1 - u is in (0, 1], so the log is finite.
                d = meanNs - j + Math.min(20.0, -Math.log(1.0 - random.nextDouble())) * j;
                break;
            default:
                return meanNs;
        }
        return Math.max(1L, Math.round(d));
    }
}
