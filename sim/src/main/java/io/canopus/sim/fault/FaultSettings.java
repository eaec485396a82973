package io.canopus.sim.fault;

/**
 * The random fault model. New faults start as a Poisson process of mean gap {@code meanIntervalNs}
 * until {@code faultsEndFraction} of the run; each is one kind, drawn by weight, with a duration
 * drawn uniformly from its range and clipped so that it heals by the end of the fault window.
 *
 * @param faultsEndFraction   part of the run (0..1] after which no fault starts and all have healed.
 * @param meanIntervalNs      mean gap between fault starts.
 * @param crashWeight         weight of crash-then-restart.
 * @param pauseWeight         weight of a node pause (a stop-the-world stall).
 * @param lossBurstWeight     weight of a loss burst on the links inside one rack.
 * @param partitionWeight     weight of a partition of the racks into two groups.
 * @param isolateWeight       weight of cutting one node off from everyone (a partition inside a rack).
 * @param minDowntimeNs       shortest time a crashed node stays down.
 * @param maxDowntimeNs       longest time a crashed node stays down.
 * @param minPauseNs          shortest pause.
 * @param maxPauseNs          longest pause.
 * @param minBurstNs          shortest loss burst.
 * @param maxBurstNs          longest loss burst.
 * @param minBurstLoss        lowest loss probability of a burst.
 * @param maxBurstLoss        highest loss probability of a burst.
 * @param minPartitionNs      shortest rack partition.
 * @param maxPartitionNs      longest rack partition.
 * @param minIsolationNs      shortest node isolation.
 * @param maxIsolationNs      longest node isolation.
 */
public record FaultSettings(
    double faultsEndFraction,
    long meanIntervalNs,
    int crashWeight,
    int pauseWeight,
    int lossBurstWeight,
    int partitionWeight,
    int isolateWeight,
    long minDowntimeNs,
    long maxDowntimeNs,
    long minPauseNs,
    long maxPauseNs,
    long minBurstNs,
    long maxBurstNs,
    double minBurstLoss,
    double maxBurstLoss,
    long minPartitionNs,
    long maxPartitionNs,
    long minIsolationNs,
    long maxIsolationNs)
{
    private static final long MS = 1_000_000L;

    public static final FaultSettings DEFAULT = new FaultSettings(
        0.6, 50 * MS,
        3, 2, 2, 2, 1,
        20 * MS, 200 * MS,
        5 * MS, 50 * MS,
        5 * MS, 30 * MS,
        0.05, 0.5,
        20 * MS, 200 * MS,
        10 * MS, 100 * MS);

    public FaultSettings
    {
        if (!(faultsEndFraction > 0 && faultsEndFraction <= 1))
        {
            throw new IllegalArgumentException("faultsEndFraction must be in (0, 1]: " + faultsEndFraction);
        }
        if (meanIntervalNs < 1)
        {
            throw new IllegalArgumentException("meanIntervalNs must be >= 1");
        }
        if (crashWeight < 0 || pauseWeight < 0 || lossBurstWeight < 0 || partitionWeight < 0 || isolateWeight < 0)
        {
            throw new IllegalArgumentException("weights must be >= 0");
        }
        range("downtime", minDowntimeNs, maxDowntimeNs);
        range("pause", minPauseNs, maxPauseNs);
        range("burst", minBurstNs, maxBurstNs);
        range("partition", minPartitionNs, maxPartitionNs);
        range("isolation", minIsolationNs, maxIsolationNs);
        if (!(minBurstLoss >= 0 && minBurstLoss <= maxBurstLoss && maxBurstLoss <= 1))
        {
            throw new IllegalArgumentException("burst loss range must satisfy 0 <= min <= max <= 1");
        }
    }

    private static void range(final String name, final long min, final long max)
    {
        if (min < 1 || max < min)
        {
            throw new IllegalArgumentException(name + " range must satisfy 1 <= min <= max");
        }
    }

    public int totalWeight()
    {
        return crashWeight + pauseWeight + lossBurstWeight + partitionWeight + isolateWeight;
    }

    public FaultSettings withFaultsEndFraction(final double fraction)
    {
        return new FaultSettings(fraction, meanIntervalNs, crashWeight, pauseWeight, lossBurstWeight, partitionWeight,
            isolateWeight, minDowntimeNs, maxDowntimeNs, minPauseNs, maxPauseNs, minBurstNs, maxBurstNs, minBurstLoss,
            maxBurstLoss, minPartitionNs, maxPartitionNs, minIsolationNs, maxIsolationNs);
    }

    public FaultSettings withMeanIntervalNs(final long ns)
    {
        return new FaultSettings(faultsEndFraction, ns, crashWeight, pauseWeight, lossBurstWeight, partitionWeight,
            isolateWeight, minDowntimeNs, maxDowntimeNs, minPauseNs, maxPauseNs, minBurstNs, maxBurstNs, minBurstLoss,
            maxBurstLoss, minPartitionNs, maxPartitionNs, minIsolationNs, maxIsolationNs);
    }

    /** @return these settings with the given kind weights (crash, pause, loss burst, partition, isolate). */
    public FaultSettings withWeights(final int crash, final int pause, final int lossBurst, final int partition, final int isolate)
    {
        return new FaultSettings(faultsEndFraction, meanIntervalNs, crash, pause, lossBurst, partition,
            isolate, minDowntimeNs, maxDowntimeNs, minPauseNs, maxPauseNs, minBurstNs, maxBurstNs, minBurstLoss,
            maxBurstLoss, minPartitionNs, maxPartitionNs, minIsolationNs, maxIsolationNs);
    }

    public FaultSettings withDowntimeNs(final long min, final long max)
    {
        return new FaultSettings(faultsEndFraction, meanIntervalNs, crashWeight, pauseWeight, lossBurstWeight, partitionWeight,
            isolateWeight, min, max, minPauseNs, maxPauseNs, minBurstNs, maxBurstNs, minBurstLoss,
            maxBurstLoss, minPartitionNs, maxPartitionNs, minIsolationNs, maxIsolationNs);
    }
}
