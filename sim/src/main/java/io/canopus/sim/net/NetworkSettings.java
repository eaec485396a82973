package io.canopus.sim.net;

/**
 * The link model of a simulated cluster, immutable; {@code with...} methods return changed copies.
 * <p>
 * Delay: a one-way base delay ({@link #intraRackDelayNs()} between endpoints of one rack,
 * {@link #interRackDelayNs()} between racks) scaled by a uniform factor in
 * {@code [1 - jitter, 1 + jitter]}. Uniform jitter was chosen over an exponential tail because it is
 * bounded: timeouts in the protocol stay meaningful and the worst case is known. Reordering follows
 * from jitter (two messages on a link swap when their delay draws differ by more than their send
 * gap); {@link #reorderProbability()} adds an explicit form: with that probability a message is held
 * back by an extra uniform delay of up to twice its base delay, so later messages overtake it.
 * <p>
 * Loss and duplication are independent per copy: a multicast to a rack draws for each receiver.
 */
public final class NetworkSettings
{
    /** A clean rack network: 50 us inside a rack, 250 us between racks, +/-20% jitter. */
    public static final NetworkSettings DEFAULT = new NetworkSettings(50_000, 250_000, 0.2, 0.0, 0.0, 0.0);

    /**
     * The network of runs with random faults: {@link #DEFAULT} plus background loss and duplication
     * of 0.5% of all copies and 1% held back for reordering, on top of the generator's faults.
     */
    public static final NetworkSettings UNRELIABLE = DEFAULT.withLoss(0.005).withDuplication(0.005).withReorder(0.01);

    private final long intraRackDelayNs;
    private final long interRackDelayNs;
    private final double jitter;
    private final double lossProbability;
    private final double duplicationProbability;
    private final double reorderProbability;

    public NetworkSettings(
        final long intraRackDelayNs,
        final long interRackDelayNs,
        final double jitter,
        final double lossProbability,
        final double duplicationProbability,
        final double reorderProbability)
    {
        if (intraRackDelayNs < 1 || interRackDelayNs < 1)
        {
            throw new IllegalArgumentException("delays must be at least 1 ns");
        }
        if (jitter < 0 || jitter >= 1)
        {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        checkProbability("loss", lossProbability);
        checkProbability("duplication", duplicationProbability);
        checkProbability("reorder", reorderProbability);
        this.intraRackDelayNs = intraRackDelayNs;
        this.interRackDelayNs = interRackDelayNs;
        this.jitter = jitter;
        this.lossProbability = lossProbability;
        this.duplicationProbability = duplicationProbability;
        this.reorderProbability = reorderProbability;
    }

    private static void checkProbability(final String name, final double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new IllegalArgumentException(name + " probability must be in [0, 1]: " + p);
        }
    }

    public long intraRackDelayNs()
    {
        return intraRackDelayNs;
    }

    public long interRackDelayNs()
    {
        return interRackDelayNs;
    }

    /** @return the half-width of the uniform delay factor around 1. */
    public double jitter()
    {
        return jitter;
    }

    public double lossProbability()
    {
        return lossProbability;
    }

    public double duplicationProbability()
    {
        return duplicationProbability;
    }

    public double reorderProbability()
    {
        return reorderProbability;
    }

    public NetworkSettings withIntraRackDelayNs(final long ns)
    {
        return new NetworkSettings(ns, interRackDelayNs, jitter, lossProbability, duplicationProbability, reorderProbability);
    }

    public NetworkSettings withInterRackDelayNs(final long ns)
    {
        return new NetworkSettings(intraRackDelayNs, ns, jitter, lossProbability, duplicationProbability, reorderProbability);
    }

    public NetworkSettings withJitter(final double fraction)
    {
        return new NetworkSettings(intraRackDelayNs, interRackDelayNs, fraction, lossProbability, duplicationProbability, reorderProbability);
    }

    public NetworkSettings withLoss(final double p)
    {
        return new NetworkSettings(intraRackDelayNs, interRackDelayNs, jitter, p, duplicationProbability, reorderProbability);
    }

    public NetworkSettings withDuplication(final double p)
    {
        return new NetworkSettings(intraRackDelayNs, interRackDelayNs, jitter, lossProbability, p, reorderProbability);
    }

    public NetworkSettings withReorder(final double p)
    {
        return new NetworkSettings(intraRackDelayNs, interRackDelayNs, jitter, lossProbability, duplicationProbability, p);
    }

    @Override
    public String toString()
    {
        return "NetworkSettings{intraRack=" + intraRackDelayNs + "ns, interRack=" + interRackDelayNs + "ns, jitter=" + jitter +
            ", loss=" + lossProbability + ", dup=" + duplicationProbability + ", reorder=" + reorderProbability + '}';
    }
}
