package io.canopus.sim.load;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An open-loop key-value load: one or more clients, one thread each, send operations at a fixed
 * rate whatever the answers do, as Aeron's and wrk2's benchmarks do. Operation {@code i} is intended
 * at {@code start + i / rate}; its latency runs from that intended time to its answer, so a stalled
 * client or cluster shows in the latency of every operation that should have been sent meanwhile
 * (no coordinated omission). An operation the client refuses (every slot busy, or not connected) is
 * offered again after the next poll, still timed from its intended time.
 * <p>
 * Writes are PUTs of {@link LoadSettings#valueBytes()} bytes, reads GETs
 * ({@link LoadSettings#readRatio()}), on keys drawn uniformly from {@link LoadSettings#keys()}.
 * Latencies go into one {@link org.HdrHistogram.SingleWriterRecorder} per client (ns); the thread
 * that calls {@link #run} reads them every second and hands the interval to the observers
 * (progress lines, {@link LatencyLog}). On a small host use one client with many slots in flight
 * rather than many clients: each client thread spins while it waits for its next send.
 * <pre>{@code
 * LoadResult result = new OpenLoopLoad(settings, 1,
 *     (index, listener) -> LoadClient.of(runtime.newIpcClient(0, listener, ctx -> ctx.maxInFlightWrites(1024))))
 *     .run(new LatencyLog(Path.of("client-latency.hlog")));
 * }</pre>
 */
public final class OpenLoopLoad implements AutoCloseable
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    /** Lead between the go signal and operation 0, so every client starts on time. */
    private static final long START_LEAD_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Warn when the achieved rate is below this fraction of the target. */
    public static final double RATE_WARNING_FRACTION = 0.99;

    private final LoadSettings settings;
    private final NanoClock clock;
    private final List<LoadWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch ready;
    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch done;
    private final Histogram intervalAll = newHistogram();
    private final Histogram intervalMeasured = newHistogram();
    private final Histogram total = newHistogram();
    private long lastFailed;
    private long lastIntervalEpochMs;
    private volatile boolean started;

    /**
     * @param settings what to send; validated here.
     * @param clients  client threads, at least 1; the rate is shared between them.
     * @param factory  opens each client, on its own thread.
     */
    public OpenLoopLoad(final LoadSettings settings, final int clients, final LoadClientFactory factory)
    {
        this(settings, clients, factory, new SystemNanoClock());
    }

    /** As {@link #OpenLoopLoad(LoadSettings, int, LoadClientFactory)} with another clock (for tests). */
    public OpenLoopLoad(final LoadSettings settings, final int clients, final LoadClientFactory factory, final NanoClock clock)
    {
        this.settings = Objects.requireNonNull(settings, "settings").validate();
        Objects.requireNonNull(factory, "factory");
        if (clients < 1)
        {
            throw new IllegalArgumentException("clients must be at least 1, was " + clients);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        ready = new CountDownLatch(clients);
        done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++)
        {
            workers.add(new LoadWorker(i, clients, settings, factory, clock, ready, go, done));
        }
    }

    private static Histogram newHistogram()
    {
        return new Histogram(1, LoadWorker.HIGHEST_TRACKABLE_NS, 3);
    }

    /**
     * Opens the clients, waits until each has had a probe read answered, runs the schedule, waits
     * up to the drain time for the last answers, and closes the clients. Observers are called on
     * this thread.
     *
     * @return what was measured (after {@link #stop()}, what was measured until then).
     * @throws LoadException when a client cannot be opened or gets no answer within the connect time-out.
     */
    public LoadResult run(final LoadObserver... observers) throws InterruptedException
    {
        if (started)
        {
            throw new IllegalStateException("a load runs once");
        }
        started = true;
        for (final LoadWorker worker : workers)
        {
            final Thread thread = new Thread(worker, "canopus-load-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try
        {
            awaitReady();
            final long startNs = clock.nanoTime() + START_LEAD_NS;
            final long startEpochMs = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(START_LEAD_NS);
            lastIntervalEpochMs = startEpochMs;
            for (final LoadWorker worker : workers)
            {
                worker.startNs = startNs;
            }
            for (final LoadObserver observer : observers)
            {
                observer.onStart(startNs, startEpochMs);
            }
            go.countDown();
            monitor(startNs, observers);
        }
        finally
        {
            stop();
            joinWorkers();
        }
        rethrowWorkerError();
        return result();
    }

    private void awaitReady() throws InterruptedException
    {
        final long limitMs = TimeUnit.NANOSECONDS.toMillis(settings.connectTimeoutNs()) + 10_000;
        if (!ready.await(limitMs, TimeUnit.MILLISECONDS))
        {
            throw new LoadException("clients not ready within " + limitMs + " ms");
        }
        rethrowWorkerError();
        for (final LoadWorker worker : workers)
        {
            if (!worker.connected())
            {
                throw new LoadException("stopped before every client connected");
            }
        }
    }

    private void rethrowWorkerError()
    {
        for (final LoadWorker worker : workers)
        {
            final Throwable error = worker.error;
            if (error instanceof LoadException)
            {
                throw (LoadException)error;
            }
            if (error != null)
            {
                throw new LoadException("load client failed: " + error, error);
            }
        }
    }

    /** Every second (and at the phase changes) hands an interval to the observers, until the clients are done. */
    private void monitor(final long startNs, final LoadObserver[] observers) throws InterruptedException
    {
        final long measureStartNs = startNs + settings.warmupNs();
        final long sendEndNs = measureStartNs + settings.durationNs();
        boolean measureMarked = false;
        boolean sendEndMarked = false;
        long tickNs = startNs + SECOND_NS;
        long lastNs = startNs;
        if (settings.warmupNs() == 0)
        {
            measureMarked = true;
            for (final LoadObserver observer : observers)
            {
                observer.onMeasureStart(startNs);
            }
        }
        while (true)
        {
            long nextNs = tickNs;
            if (!measureMarked)
            {
                nextNs = Math.min(nextNs, measureStartNs);
            }
            if (!sendEndMarked)
            {
                nextNs = Math.min(nextNs, sendEndNs);
            }
            final long waitNs = nextNs - clock.nanoTime();
            final boolean finished = done.await(Math.max(waitNs, 0), TimeUnit.NANOSECONDS);
            final long nowNs = clock.nanoTime();
            // An interval belongs to the phase it started in: it ends at the next phase change at the latest.
            final LoadPhase phase = lastNs - measureStartNs < 0 ? LoadPhase.WARMUP :
                lastNs - sendEndNs >= 0 ? LoadPhase.DRAIN : LoadPhase.MEASURED;
            emitInterval(startNs, lastNs, nowNs, phase, observers);
            lastNs = nowNs;
            if (!measureMarked && (finished || nowNs - measureStartNs >= 0))
            {
                measureMarked = true;
                for (final LoadObserver observer : observers)
                {
                    observer.onMeasureStart(nowNs);
                }
            }
            if (!sendEndMarked && (finished || nowNs - sendEndNs >= 0))
            {
                sendEndMarked = true;
                for (final LoadObserver observer : observers)
                {
                    observer.onSendEnd(nowNs);
                }
            }
            if (finished)
            {
                return;
            }
            while (tickNs - nowNs <= 0)
            {
                tickNs += SECOND_NS;
            }
        }
    }

    private void emitInterval(final long startNs, final long fromNs, final long toNs, final LoadPhase phase,
        final LoadObserver[] observers)
    {
        intervalAll.reset();
        intervalMeasured.reset();
        long failed = 0;
        for (final LoadWorker worker : workers)
        {
            worker.measuredInterval = worker.measuredNs.getIntervalHistogram(worker.measuredInterval);
            intervalMeasured.add(worker.measuredInterval);
            worker.warmupInterval = worker.warmupNs.getIntervalHistogram(worker.warmupInterval);
            intervalAll.add(worker.warmupInterval);
            failed += worker.failed.get();
        }
        intervalAll.add(intervalMeasured);
        total.add(intervalMeasured);
        final long epochMs = System.currentTimeMillis();
        intervalMeasured.setStartTimeStamp(lastIntervalEpochMs);
        intervalMeasured.setEndTimeStamp(epochMs);
        lastIntervalEpochMs = epochMs;
        final LoadInterval interval = new LoadInterval((toNs - startNs) / 1e9, (toNs - fromNs) / 1e9, phase,
            intervalAll, intervalMeasured, failed - lastFailed);
        lastFailed = failed;
        for (final LoadObserver observer : observers)
        {
            observer.onInterval(interval);
        }
    }

    private LoadResult result()
    {
        long sent = 0;
        long completed = 0;
        long measuredCompleted = 0;
        long failed = 0;
        long backPressured = 0;
        long unsent = 0;
        long missing = 0;
        long lastCompletionNs = Long.MIN_VALUE;
        long startNs = 0;
        for (final LoadWorker worker : workers)
        {
            sent += worker.sent.get();
            completed += worker.completed.get();
            measuredCompleted += worker.measuredCompleted.get();
            failed += worker.failed.get();
            backPressured += worker.backPressured.get();
            unsent += worker.unsent.get();
            missing += worker.missing.get();
            lastCompletionNs = Math.max(lastCompletionNs, worker.lastMeasuredCompletionNs.get());
            startNs = worker.startNs;
        }
        final long measureStartNs = startNs + settings.warmupNs();
        final double measuredSeconds = settings.durationNs() / 1e9;
        final double spanSeconds = lastCompletionNs == Long.MIN_VALUE ? measuredSeconds :
            Math.max(measuredSeconds, (lastCompletionNs - measureStartNs) / 1e9);
        final double achieved = measuredCompleted / spanSeconds;
        final List<String> warnings = new ArrayList<>();
        if (achieved < RATE_WARNING_FRACTION * settings.ratePerSec())
        {
            warnings.add(String.format(Locale.ROOT,
                "achieved %.0f ops/s is below %.0f%% of the target %d ops/s: the cluster or this client did not keep up, " +
                "and the latencies include the queueing", achieved, RATE_WARNING_FRACTION * 100, settings.ratePerSec()));
        }
        if (missing > 0)
        {
            warnings.add(missing + " operations got no answer within " + TimeUnit.NANOSECONDS.toMillis(settings.drainNs()) +
                " ms after the last send; they are not in the latencies");
        }
        if (unsent > 0)
        {
            warnings.add(unsent + " operations were never sent: the client was too far behind its schedule when the run ended");
        }
        if (failed > 0)
        {
            warnings.add(failed + " operations failed after every retry; they are not in the latencies");
        }
        return new LoadResult(settings.ratePerSec(), achieved, measuredSeconds, sent, completed, measuredCompleted, failed,
            backPressured, unsent, missing, total.copy(), List.copyOf(warnings));
    }

    /** Ends the run early, from any thread: clients stop sending, close, and {@link #run} returns. */
    public void stop()
    {
        for (final LoadWorker worker : workers)
        {
            worker.stop = true;
        }
        go.countDown();
    }

    private void joinWorkers() throws InterruptedException
    {
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Stops the run and waits (up to 10 s per client) for the clients to close. */
    @Override
    public void close() throws InterruptedException
    {
        stop();
        joinWorkers();
    }
}
