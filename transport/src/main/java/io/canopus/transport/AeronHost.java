package io.canopus.transport;

import java.util.function.Supplier;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Aeron of one process: the embedded media driver (unless {@link MediaDriverMode#EXTERNAL}) and
 * one Aeron client, shared by every {@link NodeTransport} and {@link ClientTransport} in the process.
 * One client per process because each client costs a conductor, a heartbeat and a set of mapped
 * files in the driver, and nothing is gained by having several.
 * <p>
 * In {@link MediaDriverMode#EMBEDDED_INVOKER} (the default) neither the driver nor the client has a
 * thread: {@link #doWork()} runs both, and must be called regularly from the one thread that drives
 * the nodes of this process (typically once per duty cycle of a composite agent). Creating
 * publications and subscriptions then runs the driver inline while waiting for its answer.
 */
public final class AeronHost implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(AeronHost.class);

    private final Context context;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;
    private boolean closed;

    private AeronHost(final Context context)
    {
        this.context = context;
        MediaDriver launched = null;
        Aeron connected = null;
        try
        {
            if (MediaDriverMode.EXTERNAL != context.mode)
            {
                launched = MediaDriver.launch(driverContext(context));
            }
            final Aeron.Context clientContext = new Aeron.Context()
                .aeronDirectoryName(context.aeronDirectoryName)
                .driverTimeoutMs(context.driverTimeoutMs)
                .errorHandler(ex -> LOG.warn("Aeron client error", ex))
                .subscriberErrorHandler(ex -> LOG.warn("Aeron subscriber error", ex));
            if (MediaDriverMode.EMBEDDED_INVOKER == context.mode)
            {
                clientContext.useConductorAgentInvoker(true).driverAgentInvoker(launched.sharedAgentInvoker());
            }
            connected = Aeron.connect(clientContext);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(connected, launched);
            throw ex;
        }
        this.driver = launched;
        this.aeron = connected;
        this.driverInvoker = null != launched ? launched.sharedAgentInvoker() : null;
        this.clientInvoker = aeron.conductorAgentInvoker();
    }

    /**
     * Starts the driver (unless external) and connects the client.
     *
     * @param context settings; validated here.
     * @return the running host; close it when the process is done with Aeron.
     * @throws TransportConfigException if a setting is invalid.
     */
    public static AeronHost launch(final Context context)
    {
        return new AeronHost(context.conclude());
    }

    private static MediaDriver.Context driverContext(final Context context)
    {
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(context.aeronDirectoryName)
            .dirDeleteOnStart(context.dirDeleteOnStart)
            .dirDeleteOnShutdown(context.dirDeleteOnShutdown)
            .driverTimeoutMs(context.driverTimeoutMs)
            .publicationTermBufferLength(context.termLength)
            .ipcTermBufferLength(context.ipcTermLength)
            .mtuLength(context.mtu)
            .ipcMtuLength(context.mtu)
            .termBufferSparseFile(context.termBufferSparseFile)
            .spiesSimulateConnection(false);
        switch (context.mode)
        {
            case EMBEDDED_INVOKER:
                // No helper thread either: name resolution and the like run in the invoker too.
                driverContext.threadingMode(ThreadingMode.INVOKER).asyncExecutorEnabled(false);
                break;
            case EMBEDDED_SHARED:
                driverContext.threadingMode(ThreadingMode.SHARED).sharedIdleStrategy(context.idleStrategy.get());
                break;
            case EMBEDDED_DEDICATED:
                driverContext.threadingMode(ThreadingMode.DEDICATED)
                    .conductorIdleStrategy(context.idleStrategy.get())
                    .senderIdleStrategy(context.idleStrategy.get())
                    .receiverIdleStrategy(context.idleStrategy.get());
                break;
            default:
                throw new IllegalStateException(String.valueOf(context.mode));
        }
        return driverContext;
    }

    /** @return the shared Aeron client, for transports (and for tools that need Aeron directly). */
    public Aeron aeron()
    {
        return aeron;
    }

    /** @return the settings this host runs with (after defaults were filled in). */
    public Context context()
    {
        return context;
    }

    /** @return how the driver runs. */
    public MediaDriverMode mode()
    {
        return context.mode;
    }

    /** @return the Aeron directory used by the driver and client. */
    public String aeronDirectoryName()
    {
        return context.aeronDirectoryName;
    }

    /**
     * Runs one cycle of the driver's agents and the client conductor, when they have no thread of
     * their own ({@link MediaDriverMode#EMBEDDED_INVOKER}); does nothing in other modes, so a runtime
     * can call it every duty cycle regardless of mode. Call from one thread only.
     *
     * @return work done (0 when idle or not in invoker mode), to choose how to idle.
     */
    public int doWork()
    {
        if (null == driverInvoker || closed)
        {
            return 0;
        }
        return driverInvoker.invoke() + clientInvoker.invoke();
    }

    /** @return true once closed. */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Closes the client, then the driver (which deletes its directory if so configured). Transports
     * built on this host should be closed first; their resources are released by the client close
     * anyway.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.closeAll(aeron, driver);
        }
    }

    /** @return mode and directory, for logs. */
    @Override
    public String toString()
    {
        return "AeronHost{mode=" + context.mode + ", dir=" + context.aeronDirectoryName + '}';
    }

    /**
     * Settings of an {@link AeronHost}. Defaults fit a small {@code /dev/shm} and a small host:
     * 1 MiB UDP terms (a log is three terms, per publication and per image), 256 KiB IPC terms, sparse
     * term files, no spinning threads.
     */
    public static final class Context
    {
        /** Smallest term length accepted. */
        public static final int MIN_TERM_LENGTH = 64 * 1024;

        /** Largest term length accepted. */
        public static final int MAX_TERM_LENGTH = 1024 * 1024 * 1024;

        /** Default term length of UDP publications. */
        public static final int DEFAULT_TERM_LENGTH = 1024 * 1024;

        /** Default term length of IPC publications. */
        public static final int DEFAULT_IPC_TERM_LENGTH = 256 * 1024;

        /** Default MTU: Aeron's, which fits a 1500-byte Ethernet frame. */
        public static final int DEFAULT_MTU = 1408;

        /** Largest MTU Aeron accepts (the largest UDP payload). */
        public static final int MAX_MTU = 65504;

        private String aeronDirectoryName;
        private MediaDriverMode mode = MediaDriverMode.EMBEDDED_INVOKER;
        private int termLength = DEFAULT_TERM_LENGTH;
        private int ipcTermLength = DEFAULT_IPC_TERM_LENGTH;
        private int mtu = DEFAULT_MTU;
        private Supplier<IdleStrategy> idleStrategy = Context::defaultIdleStrategy;
        private Boolean dirDeleteOnStart;
        private Boolean dirDeleteOnShutdown;
        private boolean termBufferSparseFile = true;
        private long driverTimeoutMs = 10_000;
        private boolean concluded;

        /**
         * @param aeronDirectoryName where the driver keeps its files (should be on tmpfs, e.g.
         *                           {@code /dev/shm/...}). Default for the embedded modes: a fresh
         *                           random directory under Aeron's default, deleted at shutdown, so
         *                           two processes never collide; for {@code EXTERNAL}: Aeron's default
         *                           ({@code aeron.dir} property or {@code /dev/shm/aeron-<user>}).
         * @return this.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /** @return the Aeron directory, or null before {@code launch} if left to the default. */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param mode how the driver runs; default {@link MediaDriverMode#EMBEDDED_INVOKER}.
         * @return this.
         */
        public Context mode(final MediaDriverMode mode)
        {
            this.mode = mode;
            return this;
        }

        /** @return how the driver runs. */
        public MediaDriverMode mode()
        {
            return mode;
        }

        /**
         * @param termLength default term length of UDP publications: a power of two, 64 KiB..1 GiB;
         *                   default 1 MiB. Bigger terms allow more in flight per publication (half a
         *                   term) at the cost of 3 terms of shared memory per publication and image.
         * @return this.
         */
        public Context termLength(final int termLength)
        {
            this.termLength = termLength;
            return this;
        }

        /** @return the default UDP term length. */
        public int termLength()
        {
            return termLength;
        }

        /**
         * @param ipcTermLength default term length of IPC publications: a power of two, 64 KiB..1 GiB;
         *                      default 256 KiB.
         * @return this.
         */
        public Context ipcTermLength(final int ipcTermLength)
        {
            this.ipcTermLength = ipcTermLength;
            return this;
        }

        /** @return the default IPC term length. */
        public int ipcTermLength()
        {
            return ipcTermLength;
        }

        /**
         * @param mtu largest Aeron frame on the wire, header included: a multiple of 32 up to 65504;
         *            default 1408. Frames longer than the MTU are fragmented and reassembled.
         * @return this.
         */
        public Context mtu(final int mtu)
        {
            this.mtu = mtu;
            return this;
        }

        /** @return the MTU. */
        public int mtu()
        {
            return mtu;
        }

        /**
         * @param idleStrategy makes the idle strategy of each driver thread in
         *                     {@link MediaDriverMode#EMBEDDED_SHARED} and {@code EMBEDDED_DEDICATED}
         *                     (called once per thread, since idle strategies keep state). Default: a
         *                     backoff that parks up to 1 ms, so idle drivers leave the CPU to the
         *                     nodes; pass a busy-spin strategy on hosts with cores to spare.
         * @return this.
         */
        public Context idleStrategy(final Supplier<IdleStrategy> idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /** @return the factory of driver thread idle strategies. */
        public Supplier<IdleStrategy> idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * @param dirDeleteOnStart delete the Aeron directory before starting the embedded driver (a
         *                         stale directory from a crashed run is otherwise reused). Default:
         *                         true when the directory is generated, false otherwise.
         * @return this.
         */
        public Context dirDeleteOnStart(final boolean dirDeleteOnStart)
        {
            this.dirDeleteOnStart = dirDeleteOnStart;
            return this;
        }

        /** @return whether the directory is deleted on start (null before launch: default). */
        public Boolean dirDeleteOnStart()
        {
            return dirDeleteOnStart;
        }

        /**
         * @param dirDeleteOnShutdown delete the Aeron directory when the embedded driver closes.
         *                            Default: true when the directory is generated, false otherwise
         *                            (so its error log can be read after a failure).
         * @return this.
         */
        public Context dirDeleteOnShutdown(final boolean dirDeleteOnShutdown)
        {
            this.dirDeleteOnShutdown = dirDeleteOnShutdown;
            return this;
        }

        /** @return whether the directory is deleted on shutdown (null before launch: default). */
        public Boolean dirDeleteOnShutdown()
        {
            return dirDeleteOnShutdown;
        }

        /**
         * @param termBufferSparseFile create log buffers as sparse files (default true): shared memory
         *                             is only used as terms are written, which keeps a small
         *                             {@code /dev/shm} enough; false pre-allocates, avoiding page
         *                             faults on the first pass through each term.
         * @return this.
         */
        public Context termBufferSparseFile(final boolean termBufferSparseFile)
        {
            this.termBufferSparseFile = termBufferSparseFile;
            return this;
        }

        /** @return whether log buffers are sparse files. */
        public boolean termBufferSparseFile()
        {
            return termBufferSparseFile;
        }

        /**
         * @param driverTimeoutMs how long the client waits for the driver (and the driver for a
         *                        silent client) before giving up; default 10 s.
         * @return this.
         */
        public Context driverTimeoutMs(final long driverTimeoutMs)
        {
            this.driverTimeoutMs = driverTimeoutMs;
            return this;
        }

        /** @return the driver timeout in milliseconds. */
        public long driverTimeoutMs()
        {
            return driverTimeoutMs;
        }

        /**
         * Validates the settings and fills in defaults; called by {@link AeronHost#launch}.
         *
         * @return this.
         * @throws TransportConfigException naming the first bad setting.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (null == mode)
            {
                throw new TransportConfigException("mode null: must be one of EMBEDDED_INVOKER, " +
                    "EMBEDDED_SHARED, EMBEDDED_DEDICATED, EXTERNAL");
            }
            validateTermLength("termLength", termLength);
            validateTermLength("ipcTermLength", ipcTermLength);
            if (mtu <= DataHeaderFlyweight.HEADER_LENGTH || mtu > MAX_MTU || (mtu % FrameDescriptor.FRAME_ALIGNMENT) != 0)
            {
                throw new TransportConfigException("mtu " + mtu + ": must be a multiple of " +
                    FrameDescriptor.FRAME_ALIGNMENT + " greater than " + DataHeaderFlyweight.HEADER_LENGTH +
                    " and at most " + MAX_MTU);
            }
            if (null == idleStrategy)
            {
                throw new TransportConfigException("idleStrategy null: must supply a driver idle strategy");
            }
            if (driverTimeoutMs <= 0)
            {
                throw new TransportConfigException("driverTimeoutMs " + driverTimeoutMs + ": must be positive");
            }
            boolean generated = false;
            if (null == aeronDirectoryName || aeronDirectoryName.isBlank())
            {
                if (MediaDriverMode.EXTERNAL == mode)
                {
                    aeronDirectoryName = CommonContext.getAeronDirectoryName();
                }
                else
                {
                    aeronDirectoryName = CommonContext.generateRandomDirName();
                    generated = true;
                }
            }
            if (null == dirDeleteOnStart)
            {
                dirDeleteOnStart = generated;
            }
            if (null == dirDeleteOnShutdown)
            {
                dirDeleteOnShutdown = generated;
            }
            concluded = true;
            return this;
        }

        static void validateTermLength(final String field, final int termLength)
        {
            if (termLength < MIN_TERM_LENGTH || termLength > MAX_TERM_LENGTH || Integer.bitCount(termLength) != 1)
            {
                throw new TransportConfigException(field + " " + termLength +
                    ": must be a power of two from 65536 (64 KiB) to 1073741824 (1 GiB)");
            }
        }

        private static IdleStrategy defaultIdleStrategy()
        {
            return new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
        }
    }
}
