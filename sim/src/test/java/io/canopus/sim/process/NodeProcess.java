package io.canopus.sim.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.fail;

/**
 * One {@code canopus node --config FILE --id N} process, started with the JVM, flags and class path
 * of the test JVM. Its stdout and stderr go to one log file, whose tail the tests put in their
 * assertion messages. Only this handle ever ends the process.
 */
final class NodeProcess
{
    static final String MAIN_CLASS = "io.canopus.sim.cli.CanopusCli";

    final int id;
    final int life;
    final Process process;
    final Path log;

    private NodeProcess(final int id, final int life, final Process process, final Path log)
    {
        this.id = id;
        this.life = life;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a node process; returns at once (use {@link #awaitRunning}).
     *
     * @param life how many times this node id was started before in the test, for the log's name.
     */
    static NodeProcess start(final Path config, final int id, final int life, final Path logDir)
    {
        final Path log = logDir.resolve("node-" + id + "-life-" + life + ".log");
        final List<String> command = javaCommand(List.of("node", "--config", config.toString(), "--id", Integer.toString(id)));
        try
        {
            Files.createDirectories(logDir);
            final Process process = new ProcessBuilder(command)
                .directory(logDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
            return new NodeProcess(id, life, process, log);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
    }

    /** The command line of a JVM like this one running {@link #MAIN_CLASS} with {@code args}. */
    static List<String> javaCommand(final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ProcessTestSupport.jvmFlags());
        command.add("-ea");
        command.add("-Xms64m");
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.addAll(args);
        return command;
    }

    /**
     * Waits for the {@code node N running} line, failing (with the log tail) if the process exits
     * first or the timeout passes. {@code whileWaiting} runs between checks (e.g. to drive clients).
     */
    void awaitRunning(final long timeoutMs, final Runnable whileWaiting)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final String line = "node " + id + " running";
        while (true)
        {
            if (output().contains(line))
            {
                return;
            }
            if (!process.isAlive())
            {
                fail("node %d (life %d) exited with %d before it ran; log %s:%n%s", id, life, process.exitValue(), log, tail());
            }
            if (System.nanoTime() - deadline > 0)
            {
                fail("node %d (life %d) not running within %d ms; log %s:%n%s", id, life, timeoutMs, log, tail());
            }
            whileWaiting.run();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    long pid()
    {
        return process.pid();
    }

    /** The embedded driver's directory this process uses (CanopusRuntime's default: one per process in /dev/shm). */
    Path aeronDir()
    {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("canopus-" + process.pid() + "-node-" + id);
    }

    /** SIGKILL, then waits (bounded) for the exit; removes the driver directory the process could not delete. */
    void kill()
    {
        process.destroyForcibly();
        awaitExit(10_000);
        ProcessTestSupport.deleteRecursively(aeronDir());
    }

    /** SIGTERM; waits for the exit and returns the exit status, or kills the process and fails if it hangs. */
    int terminate(final long timeoutMs)
    {
        process.destroy();
        if (!awaitExit(timeoutMs))
        {
            process.destroyForcibly();
            awaitExit(10_000);
            fail("node %d (life %d) still running %d ms after SIGTERM; log %s:%n%s", id, life, timeoutMs, log, tail());
        }
        return process.exitValue();
    }

    /** @return true once exited within the timeout. */
    boolean awaitExit(final long timeoutMs)
    {
        try
        {
            return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The whole output so far. */
    String output()
    {
        try
        {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "<cannot read " + log + ": " + ex + ">";
        }
    }

    /** The last 40 lines of the output. */
    String tail()
    {
        final String[] lines = output().split("\n", -1);
        final int from = Math.max(0, lines.length - 40);
        return "---- node " + id + " life " + life + " (pid " + process.pid() + ", " +
            (process.isAlive() ? "alive" : "exit " + process.exitValue()) + ") ----\n" +
            String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    }

    @Override
    public String toString()
    {
        return "node " + id + " life " + life + " pid " + process.pid();
    }
}
