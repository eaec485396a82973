package io.canopus.sim.load;

import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The open-loop load against scripted clients: latency from the intended send time, back pressure, warnings. */
final class OpenLoopLoadTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * A client that answers every request on its next poll, once {@code answerDelayNs} have passed
     * since the request, with at most {@code slots} in flight; its poll stalls once, for
     * {@code stallNs}, at {@code stallAtNs} after the first load request.
     */
    private static final class ScriptedClient implements LoadClient
    {
        private final ResponseListener listener;
        private final int slots;
        private final long answerDelayNs;
        private final long stallAtNs;
        private final long stallNs;
        private final long[] correlation;
        private final long[] sentNs;
        private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
        private int inFlight;
        private long nextCorrelation;
        private long firstLoadSendNs = -1;
        private boolean stalled;
        int probes;
        long polls;

        ScriptedClient(final ResponseListener listener, final int slots, final long answerDelayNs, final long stallAtNs,
            final long stallNs)
        {
            this.listener = listener;
            this.slots = slots;
            this.answerDelayNs = answerDelayNs;
            this.stallAtNs = stallAtNs;
            this.stallNs = stallNs;
            this.correlation = new long[slots];
            this.sentNs = new long[slots];
        }

        @Override
        public long offerWrite(final DirectBuffer command, final int offset, final int length)
        {
            if (firstLoadSendNs < 0)
            {
                firstLoadSendNs = System.nanoTime();
            }
            return offer();
        }

        @Override
        public long offerRead(final DirectBuffer query, final int offset, final int length)
        {
            probes++;
            return offer();
        }

        private long offer()
        {
            if (inFlight == slots)
            {
                return CanopusClient.BACK_PRESSURED;
            }
            correlation[inFlight] = nextCorrelation;
            sentNs[inFlight++] = System.nanoTime();
            return nextCorrelation++;
        }

        @Override
        public int poll()
        {
            polls++;
            final long nowNs = System.nanoTime();
            if (!stalled && stallNs > 0 && firstLoadSendNs >= 0 && nowNs - firstLoadSendNs >= stallAtNs)
            {
                stalled = true;
                // A GC pause or a descheduled thread: nothing is sent or received meanwhile.
                final long endNs = nowNs + stallNs;
                long leftNs;
                while ((leftNs = endNs - System.nanoTime()) > 0)
                {
                    LockSupport.parkNanos(leftNs);
                }
            }
            int answered = 0;
            int kept = 0;
            for (int i = 0; i < inFlight; i++)
            {
                if (System.nanoTime() - sentNs[i] >= answerDelayNs)
                {
                    listener.onCompleted(correlation[i], true, 1, empty, 0, 0);
                    answered++;
                }
                else
                {
                    correlation[kept] = correlation[i];
                    sentNs[kept++] = sentNs[i];
                }
            }
            inFlight = kept;
            return answered;
        }

        @Override
        public void close()
        {
        }
    }

    @Test
    @Timeout(30)
    void latencyRunsFromTheIntendedSendTimeSoAStallDelaysEveryOperationDueDuringIt() throws Exception
    {
        final long stallNs = 200 * MS;
        final List<ScriptedClient> clients = new ArrayList<>();
        final LoadSettings settings = new LoadSettings().ratePerSec(1000).warmupNs(0).durationNs(1000 * MS).seed(1);
        final OpenLoopLoad load = new OpenLoopLoad(settings, 1, (index, listener) ->
        {
            final ScriptedClient client = new ScriptedClient(listener, 1024, 0, 300 * MS, stallNs);
            clients.add(client);
            return client;
        });
        final List<LoadInterval> intervals = new ArrayList<>();
        final LoadResult result = load.run(new LoadObserver()
        {
            @Override
            public void onInterval(final LoadInterval interval)
            {
                intervals.add(interval);
            }
        });

        assertThat(clients.get(0).probes).as("probe reads").isEqualTo(1);
        assertThat(result.sent()).isEqualTo(1000);
        assertThat(result.measuredCompleted()).isEqualTo(1000);
        assertThat(result.missing()).isZero();
        assertThat(result.unsent()).isZero();
        final Histogram latency = result.latencyNs();
        assertThat(latency.getTotalCount()).isEqualTo(1000);
        // The ~200 operations intended during the stall waited for its end: latencies spread evenly
        // from 200 ms down to 0. Measured from the actual send, they would all be near zero.
        assertThat(latency.getMaxValue()).as("max latency").isGreaterThan(180 * MS);
        final long over100ms = latency.getCountBetweenValues(100 * MS, latency.getMaxValue());
        assertThat(over100ms).as("operations that waited more than 100 ms").isBetween(80L, 125L);
        final long over10ms = latency.getCountBetweenValues(10 * MS, latency.getMaxValue());
        assertThat(over10ms).as("operations that waited more than 10 ms").isBetween(170L, 215L);
        assertThat(latency.getValueAtPercentile(50)).as("p50").isLessThan(5 * MS);
        assertThat(intervals).as("one interval a second").hasSizeBetween(1, 3);
        assertThat(intervals.stream().mapToLong(i -> i.latency().getTotalCount()).sum()).isEqualTo(1000);
    }

    @Test
    @Timeout(30)
    void aClientThatCannotKeepUpIsBackPressuredAndTheRunWarns() throws Exception
    {
        // One slot answered after 4 ms: at most 250 ops/s against a target of 1000.
        final LoadSettings settings = new LoadSettings().ratePerSec(1000).warmupNs(0).durationNs(400 * MS)
            .drainNs(100 * MS).seed(2);
        final LoadResult result = new OpenLoopLoad(settings, 1,
            (index, listener) -> new ScriptedClient(listener, 1, 4 * MS, 0, 0)).run();

        assertThat(result.backPressured()).isPositive();
        assertThat(result.unsent()).as("never sent").isPositive();
        assertThat(result.sent() + result.unsent()).isEqualTo(400);
        assertThat(result.achievedOpsPerSec()).isLessThan(400);
        assertThat(result.warnings()).anyMatch(w -> w.contains("below 99% of the target 1000 ops/s"));
        assertThat(result.warnings()).anyMatch(w -> w.contains("never sent"));
        // The queue grows by 3 ops every 4 ms: later operations wait for hundreds of milliseconds.
        assertThat(result.latencyNs().getMaxValue()).isGreaterThan(200 * MS);
    }

    @Test
    @Timeout(30)
    void aBackPressuredClientWaitsForAResponseInsteadOfSpinning() throws Exception
    {
        // One slot answered after 20 ms, offered 10,000/s: behind schedule from the second operation,
        // and only an answer can free the slot. Spinning on the poll would take a core from the
        // cluster under test (3.8 million polls in these 400 ms here); waiting in short parks
        // polls some 21 times per park of at least 50 us (3,700 here).
        final List<ScriptedClient> clients = new ArrayList<>();
        final LoadSettings settings = new LoadSettings().ratePerSec(10_000).warmupNs(0).durationNs(300 * MS)
            .drainNs(100 * MS).seed(4);
        final long startNs = System.nanoTime();
        final LoadResult result = new OpenLoopLoad(settings, 1, (index, listener) ->
        {
            final ScriptedClient client = new ScriptedClient(listener, 1, 20 * MS, 0, 0);
            clients.add(client);
            return client;
        }).run();
        final long elapsedMs = (System.nanoTime() - startNs) / MS;

        assertThat(result.backPressured()).isPositive();
        assertThat(result.measuredCompleted()).as("answers, one per 20 ms").isBetween(10L, 25L);
        final long polls = clients.get(0).polls;
        assertThat(polls).as("polls in " + elapsedMs + " ms").isLessThan(elapsedMs * 1000);
    }

    @Test
    @Timeout(30)
    void twoClientsShareTheRate() throws Exception
    {
        final LoadSettings settings = new LoadSettings().ratePerSec(2000).warmupNs(200 * MS).durationNs(300 * MS).seed(3);
        final LoadResult result = new OpenLoopLoad(settings, 2,
            (index, listener) -> new ScriptedClient(listener, 64, 0, 0, 0)).run();

        assertThat(result.sent()).isEqualTo(1000);
        assertThat(result.completed()).isEqualTo(1000);
        assertThat(result.measuredCompleted()).as("operations intended after the warm-up").isEqualTo(600);
        assertThat(result.latencyNs().getTotalCount()).isEqualTo(600);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    @Timeout(30)
    void aClusterThatNeverAnswersFailsTheRunAfterTheConnectTimeout()
    {
        final LoadSettings settings = new LoadSettings().ratePerSec(100).durationNs(100 * MS).connectTimeoutNs(300 * MS);
        final OpenLoopLoad load = new OpenLoopLoad(settings, 1,
            (index, listener) -> new ScriptedClient(listener, 4, Long.MAX_VALUE, 0, 0));
        assertThatThrownBy(load::run).isInstanceOf(LoadException.class).hasMessageContaining("no answer from the cluster within 300 ms");
    }

    @Test
    void settingsAreValidated()
    {
        assertThatThrownBy(() -> new LoadSettings().ratePerSec(0).validate()).hasMessageContaining("ratePerSec");
        assertThatThrownBy(() -> new LoadSettings().readRatio(1.5).validate()).hasMessageContaining("readRatio");
        assertThatThrownBy(() -> new LoadSettings().valueBytes(0).validate()).hasMessageContaining("valueBytes");
        assertThatThrownBy(() -> new LoadSettings().valueBytes(1537).validate()).hasMessageContaining("valueBytes");
    }
}
