package io.canopus.perf.aeroncluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.MinMulticastFlowControlSupplier;
import io.aeron.driver.ThreadingMode;
import io.canopus.sim.cli.LoopbackPorts;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A 3-member Aeron Cluster in this JVM, for benchmarks and system tests: per member a media driver
 * ({@link ThreadingMode#SHARED}: one thread), an archive ({@link ArchiveThreadingMode#SHARED}: one
 * thread), a consensus module (one thread) and a clustered service container running
 * {@link EchoService} (one thread), so 4 agent threads per member and 12 for the bed, all with the
 * same idle strategy. File sync level 0 for the consensus module and the archive (data and
 * catalog): nothing is forced to disk, the same durability as Canopus's sync policy {@code none}.
 * Members talk UDP unicast on 127.0.0.1; the cluster and archive directories go under
 * {@link Context#baseDir}, the Aeron directories to {@code /dev/shm}, and {@link #close()} deletes
 * both.
 */
public final class AeronClusterBed implements AutoCloseable
{
    /** Members of the bed. */
    public static final int MEMBERS = 3;
    /** Agent threads per member: driver, archive, consensus module, service container. */
    public static final int THREADS_PER_MEMBER = 4;
    private static final int PORTS_PER_MEMBER = 5;

    private final Context ctx;
    private final List<ClusteredMediaDriver> drivers = new ArrayList<>();
    private final List<ClusteredServiceContainer> containers = new ArrayList<>();
    private final List<EchoService> services = new ArrayList<>();
    private final List<File> aeronDirs = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final String ingressEndpoints;
    private volatile boolean closing;

    private AeronClusterBed(final Context ctx)
    {
        this.ctx = ctx;
        final int basePort = LoopbackPorts.freeRun(MEMBERS * PORTS_PER_MEMBER);
        final String members = clusterMembers(basePort);
        final StringBuilder ingress = new StringBuilder();
        for (int id = 0; id < MEMBERS; id++)
        {
            ingress.append(id == 0 ? "" : ",").append(id).append("=127.0.0.1:").append(port(basePort, id, 0));
        }
        ingressEndpoints = ingress.toString();
        final String shm = new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        final String runId = UUID.randomUUID().toString();
        try
        {
            for (int id = 0; id < MEMBERS; id++)
            {
                startMember(id, basePort, members, new File(shm, "canopus-aeron-cluster-" + runId + "-" + id));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Starts the members and waits (at most {@link Context#leaderTimeoutNs}) until a client can
     * connect, which needs an elected leader.
     *
     * @throws IllegalStateException when no leader is elected in time.
     */
    public static AeronClusterBed launch(final Context ctx)
    {
        final AeronClusterBed bed = new AeronClusterBed(Objects.requireNonNull(ctx, "ctx").conclude());
        try
        {
            bed.awaitLeader();
            return bed;
        }
        catch (final RuntimeException ex)
        {
            bed.close();
            throw ex;
        }
    }

    private static int port(final int basePort, final int member, final int offset)
    {
        return basePort + member * PORTS_PER_MEMBER + offset;
    }

    /** {@code id,ingress,consensus,log,catchup,archive|...}, Aeron Cluster's static membership string. */
    private static String clusterMembers(final int basePort)
    {
        final StringBuilder sb = new StringBuilder();
        for (int id = 0; id < MEMBERS; id++)
        {
            sb.append(id == 0 ? "" : "|").append(id);
            for (int offset = 0; offset < PORTS_PER_MEMBER; offset++)
            {
                sb.append(",127.0.0.1:").append(port(basePort, id, offset));
            }
        }
        return sb.toString();
    }

    private void startMember(final int id, final int basePort, final String members, final File aeronDir)
    {
        aeronDirs.add(aeronDir);
        final File memberDir = ctx.baseDir.resolve("member-" + id).toFile();
        final MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.getAbsolutePath())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ctx.idleStrategy.get())
            .publicationTermBufferLength(ctx.termLength)
            .ipcTermBufferLength(ctx.termLength)
            .termBufferSparseFile(true)
            .multicastFlowControlSupplier(new MinMulticastFlowControlSupplier())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(this::onError);
        final Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(aeronDir.getAbsolutePath())
            .archiveDir(new File(memberDir, "archive"))
            .archiveId(id)
            .controlChannel("aeron:udp?endpoint=127.0.0.1:" + port(basePort, id, 4))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=127.0.0.1:0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(ctx.idleStrategy)
            .fileSyncLevel(0)
            .catalogFileSyncLevel(0)
            .deleteArchiveOnStart(true)
            .errorHandler(this::onError);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .aeronDirectoryName(aeronDir.getAbsolutePath())
            .controlRequestChannel(archive.localControlChannel())
            .controlRequestStreamId(archive.localControlStreamId())
            .controlResponseChannel(archive.localControlChannel());
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            .aeronDirectoryName(aeronDir.getAbsolutePath())
            .clusterMemberId(id)
            .clusterMembers(members)
            .clusterDir(new File(memberDir, "cluster"))
            .ingressChannel("aeron:udp?term-length=" + ctx.termLength)
            .logChannel("aeron:udp?term-length=" + ctx.termLength)
            .replicationChannel("aeron:udp?endpoint=127.0.0.1:0")
            .archiveContext(archiveClient.clone())
            .idleStrategySupplier(ctx.idleStrategy)
            .fileSyncLevel(0)
            .deleteDirOnStart(true)
            .errorHandler(this::onError);
        drivers.add(ClusteredMediaDriver.launch(driver, archive, consensus));
        final EchoService service = new EchoService();
        services.add(service);
        containers.add(ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir.getAbsolutePath())
            .archiveContext(archiveClient.clone())
            .clusterDir(new File(memberDir, "cluster"))
            .clusteredService(service)
            .idleStrategySupplier(ctx.idleStrategy)
            .errorHandler(this::onError)));
    }

    private void awaitLeader()
    {
        final long deadlineNs = System.nanoTime() + ctx.leaderTimeoutNs;
        RuntimeException last = null;
        while (System.nanoTime() < deadlineNs)
        {
            try (AeronCluster ignored = AeronCluster.connect(newClientContext().egressListener(
                (sessionId, timestamp, buffer, offset, length, header) -> { })))
            {
                return;
            }
            catch (final RuntimeException ex)
            {
                last = ex; // no leader yet: the election takes a few seconds after start
            }
        }
        throw new IllegalStateException("Aeron Cluster elected no leader within " +
            TimeUnit.NANOSECONDS.toSeconds(ctx.leaderTimeoutNs) + " s", last);
    }

    /**
     * A client context pointed at this bed: ingress to every member over UDP, egress to an
     * ephemeral port, through member 0's media driver (as a Canopus client goes through its node's).
     */
    public AeronCluster.Context newClientContext()
    {
        return new AeronCluster.Context()
            .aeronDirectoryName(aeronDirs.get(0).getAbsolutePath())
            .ingressChannel("aeron:udp?term-length=" + ctx.termLength)
            .ingressEndpoints(ingressEndpoints)
            .egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=" + ctx.termLength)
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5));
    }

    /** @return the settings. */
    public Context context()
    {
        return ctx;
    }

    /** @return errors the members reported while running (not while closing). */
    public long errors()
    {
        return errors.get();
    }

    /** @return echoes the services gave up on after long back pressure. */
    public long echoesDropped()
    {
        return services.stream().mapToLong(EchoService::echoesDropped).sum();
    }

    private void onError(final Throwable error)
    {
        if (!closing)
        {
            errors.incrementAndGet();
            System.err.println("aeron-cluster: " + error);
        }
    }

    /** Stops every member (services first, then consensus, archive and driver) and deletes their directories. */
    @Override
    public void close()
    {
        closing = true;
        CloseHelper.quietCloseAll(containers);
        CloseHelper.quietCloseAll(drivers);
        for (final File dir : aeronDirs)
        {
            IoUtil.delete(dir, true);
        }
        IoUtil.delete(ctx.baseDir.toFile(), true);
    }

    /** Settings of an {@link AeronClusterBed}, fluent as Aeron's contexts. */
    public static final class Context
    {
        private Path baseDir;
        private Supplier<IdleStrategy> idleStrategy = YieldingIdleStrategy::new;
        private String idleStrategyName = "yield";
        private int termLength = 16 * 1024 * 1024;
        private long leaderTimeoutNs = TimeUnit.SECONDS.toNanos(30);

        /** Where the cluster and archive directories go (required; deleted on close). */
        public Context baseDir(final Path baseDir)
        {
            this.baseDir = baseDir;
            return this;
        }

        /** Every agent yields when idle: the benchmark's setting (default). */
        public Context yieldIdle()
        {
            idleStrategy = YieldingIdleStrategy::new;
            idleStrategyName = "yield";
            return this;
        }

        /** Every agent backs off (spin, yield, park) when idle: for tests, so 12 threads do not burn 2 cores. */
        public Context backoffIdle()
        {
            idleStrategy = () -> new BackoffIdleStrategy(1, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            idleStrategyName = "backoff";
            return this;
        }

        /** @return {@code yield} or {@code backoff}. */
        public String idleStrategyName()
        {
            return idleStrategyName;
        }

        /**
         * Term length of the log, ingress and egress channels. Default 16 MiB, Aeron's own default,
         * so that a saturating load never waits on a full term; tests use 1-4 MiB.
         */
        public Context termLength(final int termLength)
        {
            this.termLength = termLength;
            return this;
        }

        /** @return the term length. */
        public int termLength()
        {
            return termLength;
        }

        /** How long {@link #launch} waits for a leader; default 30 s. */
        public Context leaderTimeoutNs(final long leaderTimeoutNs)
        {
            this.leaderTimeoutNs = leaderTimeoutNs;
            return this;
        }

        Context conclude()
        {
            Objects.requireNonNull(baseDir, "baseDir");
            if (Integer.bitCount(termLength) != 1 || termLength < 64 * 1024 || termLength > 1024 * 1024 * 1024)
            {
                throw new IllegalArgumentException("termLength must be a power of two, 64 KiB..1 GiB, was " + termLength);
            }
            if (leaderTimeoutNs <= 0)
            {
                throw new IllegalArgumentException("leaderTimeoutNs must be positive");
            }
            return this;
        }
    }
}
