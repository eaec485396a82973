package io.canopus.perf.aeroncluster;

import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import io.canopus.codecs.ClientStatus;
import io.canopus.sim.load.LoadClient;
import io.canopus.sim.load.LoadResult;
import io.canopus.sim.load.LoadSettings;
import io.canopus.sim.load.OpenLoopLoad;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real 3-member Aeron Cluster in this JVM (backoff idle, 1 MiB terms) under the benchmark's client rig. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AeronClusterBedTest
{
    private Path baseDir;
    private AeronClusterBed bed;

    @BeforeAll
    void start() throws IOException
    {
        baseDir = Files.createTempDirectory("aeron-cluster-bed-test-");
        bed = AeronClusterBed.launch(new AeronClusterBed.Context().baseDir(baseDir).backoffIdle().termLength(1024 * 1024));
    }

    @AfterAll
    void stop()
    {
        if (bed != null)
        {
            bed.close();
        }
        assertThat(baseDir).doesNotExist();
    }

    @Test
    void everyWriteOfAnOpenLoopLoadIsEchoedOnceCommitted() throws InterruptedException
    {
        final LoadSettings settings = new LoadSettings()
            .ratePerSec(2_000)
            .warmupNs(TimeUnit.MILLISECONDS.toNanos(500))
            .durationNs(TimeUnit.SECONDS.toNanos(1))
            .drainNs(TimeUnit.SECONDS.toNanos(2))
            .valueBytes(32)
            .readRatio(0)
            .seed(7);

        final LoadResult result = new OpenLoopLoad(settings, 1, AeronClusterLoadClient.factory(bed, 2048, 1024)).run();

        assertThat(result.failed()).isZero();
        assertThat(result.missing()).isZero();
        assertThat(result.unsent()).isZero();
        assertThat(result.completed()).isEqualTo(result.sent()).isEqualTo(settings.totalOps());
        assertThat(result.measuredCompleted()).isGreaterThan(1_900);
        assertThat(result.latencyNs().getTotalCount()).isEqualTo(result.measuredCompleted());
        assertThat(bed.errors()).isZero();
        assertThat(bed.echoesDropped()).isZero();
    }

    @Test
    void echoCarriesTheCommandBackAndRefusesOversizedOnes()
    {
        final long[] completed = {-1};
        final byte[][] echoed = new byte[1][];
        final ResponseListener listener = new ResponseListener()
        {
            @Override
            public void onCompleted(final long correlationId, final boolean write, final long cycle, final DirectBuffer result,
                final int offset, final int length)
            {
                completed[0] = correlationId;
                echoed[0] = new byte[length];
                result.getBytes(offset, echoed[0]);
            }

            @Override
            public void onFailed(final long correlationId, final boolean write, final ClientStatus status)
            {
            }
        };
        try (LoadClient client = AeronClusterLoadClient.factory(bed, 64, 4).open(0, listener))
        {
            final UnsafeBuffer command = new UnsafeBuffer(new byte[65]);
            command.putStringWithoutLengthAscii(0, "hello cluster");

            assertThat(client.offerWrite(command, 0, 65)).isEqualTo(CanopusClient.TOO_LARGE);

            long correlation;
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            do
            {
                correlation = client.offerWrite(command, 0, 13);
                client.poll();
            }
            while (correlation < 0 && System.nanoTime() < deadlineNs);
            assertThat(correlation).isGreaterThanOrEqualTo(0);
            while (completed[0] != correlation && System.nanoTime() < deadlineNs)
            {
                client.poll();
                Thread.onSpinWait();
            }
            assertThat(completed[0]).isEqualTo(correlation);
            assertThat(new String(echoed[0], java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hello cluster");
        }
    }
}
