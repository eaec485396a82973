package io.canopus.sim.process;

import io.canopus.engine.config.ClusterConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster config written to a file and one node process per node id, each restartable. Closing it
 * ends every process it started that still runs (SIGKILL) and removes their driver directories.
 */
final class ProcessCluster implements AutoCloseable
{
    static final long START_TIMEOUT_MS = 30_000;
    static final long STOP_TIMEOUT_MS = 15_000;

    final ClusterConfig config;
    final Path configFile;
    final Path logDir;
    private final NodeProcess[] current;
    private final int[] lives;
    private final List<NodeProcess> everyProcess = new ArrayList<>();

    ProcessCluster(final ClusterConfig config, final Path dir)
    {
        this.config = config;
        this.configFile = dir.resolve("cluster.json");
        this.logDir = dir.resolve("logs");
        config.write(configFile);
        current = new NodeProcess[config.nodeCount()];
        lives = new int[config.nodeCount()];
    }

    int size()
    {
        return current.length;
    }

    /** Starts node {@code id} (again); does not wait for it. */
    NodeProcess start(final int id)
    {
        assertThat(current[id] == null || !current[id].isAlive()).as("node %d already runs", id).isTrue();
        final NodeProcess process = NodeProcess.start(configFile, id, lives[id]++, logDir);
        current[id] = process;
        everyProcess.add(process);
        return process;
    }

    /** Starts the nodes in the order given and waits until every one of them runs. */
    void startAll(final int... order)
    {
        for (final int id : order)
        {
            start(id);
        }
        for (final int id : order)
        {
            current[id].awaitRunning(START_TIMEOUT_MS, () -> {});
        }
    }

    NodeProcess node(final int id)
    {
        return current[id];
    }

    /** SIGTERM to every running node at once, then waits for each; returns the exit statuses by id. */
    int[] terminateAll()
    {
        for (final NodeProcess node : current)
        {
            if (node != null && node.isAlive())
            {
                node.process.destroy();
            }
        }
        final int[] status = new int[current.length];
        for (int id = 0; id < current.length; id++)
        {
            status[id] = current[id] == null ? -1 : current[id].terminate(STOP_TIMEOUT_MS);
        }
        return status;
    }

    /** SIGKILL to every running node at once. */
    void killAll()
    {
        for (final NodeProcess node : current)
        {
            if (node != null && node.isAlive())
            {
                node.process.destroyForcibly();
            }
        }
        for (final NodeProcess node : current)
        {
            if (node != null)
            {
                node.kill();
            }
        }
    }

    /** The counters of every running node, read from outside (empty for a node not running). */
    List<Map<String, Long>> counters()
    {
        final List<Map<String, Long>> counters = new ArrayList<>();
        for (final NodeProcess node : current)
        {
            counters.add(node == null ? Map.of() : new TreeMap<>(ProcessTestSupport.nodeCounters(node)));
        }
        return counters;
    }

    /** The counters and log tail of the current process of every node, for failure messages. */
    String tails()
    {
        final StringBuilder sb = new StringBuilder();
        final List<Map<String, Long>> counters = counters();
        for (int id = 0; id < current.length; id++)
        {
            if (current[id] != null)
            {
                sb.append("\nnode ").append(id).append(" counters ").append(counters.get(id));
            }
        }
        for (final NodeProcess node : current)
        {
            if (node != null)
            {
                sb.append('\n').append(node.tail());
            }
        }
        return sb.toString();
    }

    /**
     * Drives the clients for {@code windowMs} and checks that every node started cycles in that
     * window, i.e. takes part in the rack as an active member (a removed node only learns cycles).
     */
    void assertEveryNodeTakesPart(final long windowMs, final KvClient... clients)
    {
        final List<Map<String, Long>> before = counters();
        KvClient.driveFor(windowMs, clients);
        final List<Map<String, Long>> after = counters();
        for (int id = 0; id < current.length; id++)
        {
            final long started = before.get(id).getOrDefault("cyclesStarted", -1L);
            assertThat(after.get(id).getOrDefault("cyclesStarted", -1L))
                .as("node %d started cycles in %d ms (is an active member)%nbefore %s%nafter  %s%s", id, windowMs, before, after, tails())
                .isGreaterThan(started);
        }
    }

    /** The log tails of every process started, in start order. */
    String allTails()
    {
        return everyProcess.stream().map(NodeProcess::tail).collect(Collectors.joining("\n"));
    }

    @Override
    public void close()
    {
        for (final NodeProcess node : everyProcess)
        {
            if (node.isAlive())
            {
                node.process.destroyForcibly();
            }
        }
        for (final NodeProcess node : everyProcess)
        {
            node.awaitExit(10_000);
            ProcessTestSupport.deleteRecursively(node.aeronDir());
        }
    }
}
