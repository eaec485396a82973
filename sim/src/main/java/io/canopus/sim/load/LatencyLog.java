package io.canopus.sim.load;

import org.HdrHistogram.HistogramLogWriter;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the measured client latencies of an {@link OpenLoopLoad} as an HdrHistogram interval log
 * ({@code .hlog}, values in ns, one interval per second), readable by {@code HistogramLogReader},
 * {@code HistogramLogProcessor} and HdrHistogram's plotting tools. Warm-up intervals are left out.
 */
public final class LatencyLog implements LoadObserver, AutoCloseable
{
    private final Path file;
    private final PrintStream out;
    private final HistogramLogWriter writer;

    /**
     * Creates (or replaces) the file, and its parent directories.
     *
     * @throws UncheckedIOException when it cannot be written.
     */
    public LatencyLog(final Path file)
    {
        this.file = file;
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            out = new PrintStream(file.toFile(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException("cannot write latency log " + file + ": " + ex.getMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write latency log " + file + ": " + ex, ex);
        }
        writer = new HistogramLogWriter(out);
    }

    /** @return the file written. */
    public Path file()
    {
        return file;
    }

    @Override
    public void onStart(final long startNs, final long startEpochMs)
    {
        writer.outputComment("Canopus client latency from the intended send time (open loop), values in nanoseconds");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMs);
        writer.setBaseTime(startEpochMs);
        writer.outputLegend();
        out.flush();
    }

    @Override
    public void onInterval(final LoadInterval interval)
    {
        if (interval.phase() != LoadPhase.WARMUP || interval.measured().getTotalCount() > 0)
        {
            writer.outputIntervalHistogram(interval.measured());
            out.flush();
        }
    }

    @Override
    public void close()
    {
        out.close();
    }
}
