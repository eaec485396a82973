package io.canopus.sim.load;

import io.canopus.codecs.ClientStatus;
import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.NanoClock;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One client of an {@link OpenLoopLoad} and the thread that drives it. Worker {@code k} of
 * {@code n} sends the operations {@code k, k + n, k + 2n, ...} of the common schedule, each at its
 * intended time {@code start + i / rate} or as soon after as the client accepts it, and records
 * each latency from that intended time. Nothing is allocated per operation: the commands are
 * pre-encoded and the in-flight map is sized for every slot the client has.
 */
final class LoadWorker implements ResponseListener, Runnable
{
    private static final long NONE = Long.MIN_VALUE;
    /** Longest park while waiting for the next send or a response: bounds how late either is noticed. */
    private static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * Polls without work before parking. Few, and no yielding: on a small host the client thread shares
     * the cores with the nodes (in-process) or the driver, and a spinning client takes the time they need.
     */
    private static final int SPINS = 20;
    /** Latencies beyond an hour are recorded as an hour. */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.HOURS.toNanos(1);

    private final int index;
    private final int stride;
    private final LoadSettings settings;
    private final LoadClientFactory factory;
    private final NanoClock clock;
    private final KvLoadCommands commands;
    private final SplittableRandom random;
    private final Long2LongHashMap intendedByCorrelation = new Long2LongHashMap(1 << 14, 0.5f, NONE);
    private final double nsPerOp;
    private final long totalOps;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    private final CountDownLatch done;

    final SingleWriterRecorder measuredNs = newRecorder();
    final SingleWriterRecorder warmupNs = newRecorder();
    /** The last intervals taken from the recorders, recycled by the one thread that takes them. */
    Histogram measuredInterval;
    Histogram warmupInterval;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong measuredCompleted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong backPressured = new AtomicLong();
    final AtomicLong unsent = new AtomicLong();
    final AtomicLong missing = new AtomicLong();
    final AtomicLong lastMeasuredCompletionNs = new AtomicLong(NONE);

    volatile long startNs;
    volatile boolean stop;
    volatile Throwable error;
    private volatile boolean connected;

    private long measureStartNs;
    private long probeCorrelation = NONE;
    private int probeState;
    private static final int PROBE_IDLE = 0;
    private static final int PROBE_WAITING = 1;
    private static final int PROBE_DONE = 2;
    private int idleCount;
    private boolean readyCounted;

    LoadWorker(
        final int index,
        final int stride,
        final LoadSettings settings,
        final LoadClientFactory factory,
        final NanoClock clock,
        final CountDownLatch ready,
        final CountDownLatch go,
        final CountDownLatch done)
    {
        this.index = index;
        this.stride = stride;
        this.settings = settings;
        this.factory = factory;
        this.clock = clock;
        this.ready = ready;
        this.go = go;
        this.done = done;
        this.commands = new KvLoadCommands(settings.valueBytes(), settings.seed() + index);
        this.random = new SplittableRandom(settings.seed() + index);
        this.nsPerOp = 1e9 / settings.ratePerSec();
        this.totalOps = settings.totalOps();
    }

    static SingleWriterRecorder newRecorder()
    {
        return new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 3);
    }

    /** @return true once this worker's client answered its probe. */
    boolean connected()
    {
        return connected;
    }

    @Override
    public void run()
    {
        LoadClient client = null;
        try
        {
            client = factory.open(index, this);
            if (!probe(client))
            {
                return;
            }
            connected = true;
            countReady();
            go.await();
            if (stop)
            {
                return;
            }
            final long lastSendNs = send(client);
            drain(client, lastSendNs);
        }
        catch (final Throwable ex)
        {
            error = ex;
        }
        finally
        {
            missing.lazySet(intendedByCorrelation.size());
            CloseHelper.quietClose(client);
            countReady();
            done.countDown();
        }
    }

    private void countReady()
    {
        if (!readyCounted)
        {
            readyCounted = true;
            ready.countDown();
        }
    }

    /**
     * Sends a GET until one is answered: the client has connected and the cluster commits.
     *
     * @return false when stopped first.
     * @throws LoadException when nothing is answered within the connect time-out.
     */
    private boolean probe(final LoadClient client)
    {
        final long deadlineNs = clock.nanoTime() + settings.connectTimeoutNs();
        final int length = commands.get(0);
        while (probeState != PROBE_DONE)
        {
            if (stop)
            {
                return false;
            }
            if (clock.nanoTime() - deadlineNs > 0)
            {
                throw new LoadException("client " + index + " (" + client + ") got no answer from the cluster within " +
                    TimeUnit.NANOSECONDS.toMillis(settings.connectTimeoutNs()) + " ms: are the nodes running and reachable?");
            }
            if (probeState == PROBE_IDLE)
            {
                final long correlation = client.offerRead(commands.getBuffer(), 0, length);
                if (correlation >= 0)
                {
                    probeCorrelation = correlation;
                    probeState = PROBE_WAITING;
                }
                else if (correlation == CanopusClient.TOO_LARGE)
                {
                    throw new LoadException("a GET of " + length + " bytes is larger than the client accepts");
                }
            }
            if (client.poll() == 0)
            {
                LockSupport.parkNanos(MAX_PARK_NS);
            }
        }
        return true;
    }

    /** @return when the last operation was sent, or the start when none was. */
    private long send(final LoadClient client)
    {
        final long start = startNs;
        measureStartNs = start + settings.warmupNs();
        final long giveUpNs = measureStartNs + settings.durationNs() + settings.drainNs();
        final double readRatio = settings.readRatio();
        final long keys = settings.keys();
        final DirectBuffer putBuffer = commands.putBuffer();
        final DirectBuffer getBuffer = commands.getBuffer();
        long op = index;
        long intendedNs = start + (long)(op * nsPerOp);
        long lastSendNs = start;
        boolean haveOp = false;
        boolean read = false;
        boolean refused = false;
        int length = 0;
        long sentCount = 0;
        while (op < totalOps && !stop)
        {
            int work = client.poll();
            final long nowNs = clock.nanoTime();
            if (nowNs - giveUpNs >= 0)
            {
                break;
            }
            while (op < totalOps && intendedNs - nowNs <= 0)
            {
                if (!haveOp)
                {
                    read = readRatio > 0 && random.nextDouble() < readRatio;
                    final long key = random.nextLong(keys);
                    length = read ? commands.get(key) : commands.put(key);
                    haveOp = true;
                }
                final long correlation = read ? client.offerRead(getBuffer, 0, length) : client.offerWrite(putBuffer, 0, length);
                if (correlation < 0)
                {
                    if (correlation == CanopusClient.TOO_LARGE)
                    {
                        throw new LoadException("a command of " + length + " bytes is larger than the client's maxPayloadBytes");
                    }
                    if (!refused)
                    {
                        refused = true;
                        backPressured.lazySet(backPressured.get() + 1);
                    }
                    break; // retried after the next poll, still timed from its intended send time
                }
                intendedByCorrelation.put(correlation, intendedNs);
                sent.lazySet(++sentCount);
                lastSendNs = nowNs;
                haveOp = false;
                refused = false;
                work++;
                op += stride;
                intendedNs = start + (long)(op * nsPerOp);
            }
            // Refused (the client's in-flight window is full): only a response frees a slot, so wait
            // for one as when ahead of schedule. Retrying at once would spin the client on the clock
            // and the poll, taking the core the cluster under test needs on a small host; the wait
            // adds nothing to the latencies, which still run from the intended send times.
            idle(work, refused ? Long.MAX_VALUE : op < totalOps ? intendedNs - clock.nanoTime() : Long.MAX_VALUE);
        }
        if (op < totalOps)
        {
            unsent.lazySet((totalOps - op + stride - 1) / stride);
        }
        return lastSendNs;
    }

    private void drain(final LoadClient client, final long lastSendNs)
    {
        final long deadlineNs = lastSendNs + settings.drainNs();
        while (!intendedByCorrelation.isEmpty() && !stop && clock.nanoTime() - deadlineNs < 0)
        {
            idle(client.poll(), Long.MAX_VALUE);
        }
        missing.lazySet(intendedByCorrelation.size());
    }

    /** Spins a little, then parks briefly, never past the next intended send. */
    private void idle(final int work, final long untilNextNs)
    {
        if (work > 0 || untilNextNs <= 0)
        {
            idleCount = 0;
            return;
        }
        idleCount++;
        if (idleCount <= SPINS)
        {
            Thread.onSpinWait();
        }
        else
        {
            LockSupport.parkNanos(Math.min(untilNextNs, MAX_PARK_NS));
        }
    }

    @Override
    public void onCompleted(final long correlationId, final boolean write, final long cycle, final DirectBuffer result,
        final int offset, final int length)
    {
        if (probeState == PROBE_WAITING && correlationId == probeCorrelation)
        {
            probeState = PROBE_DONE;
            return;
        }
        final long intendedNs = intendedByCorrelation.remove(correlationId);
        if (intendedNs == NONE)
        {
            return;
        }
        final long nowNs = clock.nanoTime();
        final long latencyNs = Math.min(Math.max(nowNs - intendedNs, 1), HIGHEST_TRACKABLE_NS);
        if (intendedNs - measureStartNs >= 0)
        {
            measuredNs.recordValue(latencyNs);
            measuredCompleted.lazySet(measuredCompleted.get() + 1);
            lastMeasuredCompletionNs.lazySet(nowNs);
        }
        else
        {
            warmupNs.recordValue(latencyNs);
        }
        completed.lazySet(completed.get() + 1);
    }

    @Override
    public void onFailed(final long correlationId, final boolean write, final ClientStatus status)
    {
        if (probeState == PROBE_WAITING && correlationId == probeCorrelation)
        {
            probeState = PROBE_IDLE; // try again until the connect time-out
            return;
        }
        if (intendedByCorrelation.remove(correlationId) != NONE)
        {
            failed.lazySet(failed.get() + 1);
        }
    }
}
