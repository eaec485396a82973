package io.canopus.engine.runtime;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes recorders as HdrHistogram interval logs ({@code .hlog}, readable by HistogramLogProcessor
 * and HdrHistogram's plotting tools) from its own low-priority thread, so no file IO happens on a
 * duty cycle. Each log also keeps an accumulated histogram for the summary at the end.
 */
public final class MetricsLogger implements AutoCloseable
{
    private final File directory;
    private final long intervalMs;
    private final List<Log> logs = new ArrayList<>();
    private final ScheduledExecutorService executor;
    private final long startMs;

    private static final class Log
    {
        final SingleWriterRecorder recorder;
        final HistogramLogWriter writer;
        final PrintStream out;
        final File file;
        final Histogram total;
        Histogram interval;

        Log(final SingleWriterRecorder recorder, final File file, final PrintStream out, final HistogramLogWriter writer)
        {
            this.recorder = recorder;
            this.file = file;
            this.out = out;
            this.writer = writer;
            this.total = new Histogram(NodeMetrics.HIGHEST_TRACKABLE_NS, NodeMetrics.SIGNIFICANT_DIGITS);
        }
    }

    /**
     * @param directory  where the {@code .hlog} files go; created if missing.
     * @param intervalMs how often an interval is written.
     */
    public MetricsLogger(final File directory, final long intervalMs)
    {
        if (intervalMs <= 0)
        {
            throw new IllegalArgumentException("metrics interval must be positive, was " + intervalMs + " ms");
        }
        if (!directory.isDirectory() && !directory.mkdirs())
        {
            throw new IllegalArgumentException("cannot create metrics directory " + directory.getAbsolutePath());
        }
        this.directory = directory;
        this.intervalMs = intervalMs;
        this.startMs = System.currentTimeMillis();
        this.executor = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "canopus-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds a recorder written to {@code <directory>/<name>.hlog}; call before {@link #start()}. */
    public synchronized File add(final String name, final SingleWriterRecorder recorder)
    {
        final File file = new File(directory, name + ".hlog");
        try
        {
            final PrintStream out = new PrintStream(file);
            final HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("Canopus " + name + ", values in nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMs);
            writer.setBaseTime(startMs);
            writer.outputLegend();
            logs.add(new Log(recorder, file, out, writer));
            return file;
        }
        catch (final FileNotFoundException ex)
        {
            throw new IllegalArgumentException("cannot write metrics file " + file.getAbsolutePath() + ": " + ex.getMessage(), ex);
        }
    }

    /** Starts writing one interval per {@code intervalMs}. */
    public void start()
    {
        executor.scheduleAtFixedRate(this::writeIntervals, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Takes and writes one interval of every recorder now. */
    public synchronized void writeIntervals()
    {
        for (int i = 0, n = logs.size(); i < n; i++) // indexed: no iterator garbage once a second
        {
            final Log log = logs.get(i);
            log.interval = log.recorder.getIntervalHistogram(log.interval);
            log.total.add(log.interval);
            log.writer.outputIntervalHistogram(log.interval);
            log.out.flush();
        }
    }

    /** @return everything recorded so far into the log of {@code name}, or null when not added. */
    public synchronized Histogram total(final String name)
    {
        for (final Log log : logs)
        {
            if (log.file.getName().equals(name + ".hlog"))
            {
                return log.total.copy();
            }
        }
        return null;
    }

    public File directory()
    {
        return directory;
    }

    /** Writes the last interval and closes the files. */
    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        synchronized (this)
        {
            writeIntervals();
            for (final Log log : logs)
            {
                log.out.close();
            }
        }
    }
}
