package io.canopus.perf.bench;

import io.canopus.perf.aeroncluster.AeronClusterBed;
import io.canopus.perf.aeroncluster.AeronClusterLoadClient;
import io.canopus.sim.load.LoadClientFactory;

/** The 3-member Aeron Cluster as a benchmark system: yield idle (the reference setup) or backoff idle. */
final class AeronClusterSystem implements BenchSystem
{
    /** Commands up to Canopus's client payload limit, and as many in flight as the Canopus client. */
    static final int MAX_PAYLOAD_BYTES = 2048;

    private final String name;
    private final AeronClusterBed bed;

    private AeronClusterSystem(final String name, final AeronClusterBed bed)
    {
        this.name = name;
        this.bed = bed;
    }

    static AeronClusterSystem launch(final String name)
    {
        final AeronClusterBed.Context ctx = new AeronClusterBed.Context().baseDir(ScratchDirs.create("aeron-cluster-bench-"));
        return new AeronClusterSystem(name, AeronClusterBed.launch(
            Systems.AERON_CLUSTER_BACKOFF.equals(name) ? ctx.backoffIdle() : ctx.yieldIdle()));
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String threading()
    {
        return AeronClusterBed.MEMBERS + " members x " + AeronClusterBed.THREADS_PER_MEMBER + " agent threads (SHARED media " +
            "driver, SHARED archive, consensus module, echo service container), " + bed.context().idleStrategyName() +
            " idle; 1 client thread (UDP ingress to the leader through member 0's driver, " + CanopusSystem.IN_FLIGHT +
            " in flight); file sync level 0, " + ScratchDirs.describe("archive and cluster dirs") + "; " +
            bed.context().termLength() / (1024 * 1024) + " MiB terms";
    }

    @Override
    public LoadClientFactory clients()
    {
        return AeronClusterLoadClient.factory(bed, MAX_PAYLOAD_BYTES, CanopusSystem.IN_FLIGHT);
    }

    @Override
    public long committedWrites()
    {
        return -1;
    }

    @Override
    public void close()
    {
        if (bed.echoesDropped() > 0 || bed.errors() > 0)
        {
            System.err.println("aeron-cluster: " + bed.echoesDropped() + " echoes dropped, " + bed.errors() + " errors");
        }
        bed.close();
    }
}
