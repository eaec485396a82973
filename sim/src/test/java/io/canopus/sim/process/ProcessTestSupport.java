package io.canopus.sim.process;

import io.aeron.CncFileDescriptor;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.sim.cli.LoopbackPorts;
import io.canopus.engine.config.JournalConfig;
import io.canopus.engine.config.RuntimeConfig;
import io.canopus.journal.SyncPolicy;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Set-up shared by the multi-process tests: JVM flags, loopback clusters on free ports, node counters. */
final class ProcessTestSupport
{
    private static List<String> jvmFlags;

    private ProcessTestSupport()
    {
    }

    /** The flags of {@code canopus.jvm.flags} in the repository's jvm.properties, found walking up from the working directory. */
    static synchronized List<String> jvmFlags()
    {
        if (jvmFlags == null)
        {
            Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            while (dir != null && !Files.isRegularFile(dir.resolve("jvm.properties")))
            {
                dir = dir.getParent();
            }
            if (dir == null)
            {
                throw new IllegalStateException("no jvm.properties above " + System.getProperty("user.dir"));
            }
            final Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("jvm.properties")))
            {
                properties.load(in);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            final String flags = properties.getProperty("canopus.jvm.flags");
            if (flags == null || flags.isBlank())
            {
                throw new IllegalStateException("no canopus.jvm.flags in " + dir.resolve("jvm.properties"));
            }
            jvmFlags = List.of(flags.trim().split("\\s+"));
        }
        return jvmFlags;
    }

    /**
     * A loopback cluster whose ports are all free now (below 32768: Aeron binds its publications'
     * send sockets in the ephemeral range), journals under {@code dir/journal}, no metrics.
     */
    static ClusterConfig localCluster(final int racks, final int nodesPerRack, final Path dir)
    {
        final ClusterConfig config = ClusterConfig.localCluster(racks, nodesPerRack,
            LoopbackPorts.freeRun(ClusterConfig.localClusterPortCount(racks, nodesPerRack)));
        final RuntimeConfig runtime = config.runtime();
        return config
            .withJournal(new JournalConfig(dir.resolve("journal").toString(), SyncPolicy.NONE))
            .withRuntime(new RuntimeConfig(runtime.idleStrategy(), runtime.driverMode(), null, runtime.termLengthKiB(),
                null, runtime.metricsIntervalMs()));
    }

    /** The client endpoint of every node, by id. */
    static String[] clientEndpoints(final ClusterConfig config)
    {
        final String[] endpoints = new String[config.nodeCount()];
        Arrays.setAll(endpoints, id -> config.clientEndpoint(id).toString());
        return endpoints;
    }

    /**
     * The Canopus counters ("cyclesCommitted", "restarts", ...) a running node publishes in its
     * driver's CnC file, read from outside the process; empty when the file is not there.
     */
    static Map<String, Long> nodeCounters(final NodeProcess node)
    {
        final Map<String, Long> values = new HashMap<>();
        final Path cnc = node.aeronDir().resolve(CncFileDescriptor.CNC_FILE);
        if (!node.isAlive() || !Files.exists(cnc))
        {
            return values;
        }
        final MappedByteBuffer buffer = IoUtil.mapExistingFile(cnc.toFile(), "cnc");
        try
        {
            final UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(buffer);
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(buffer, meta), CncFileDescriptor.createCountersValuesBuffer(buffer, meta));
            final String prefix = "canopus node " + node.id + " ";
            reader.forEach((counterId, label) ->
            {
                if (label.startsWith(prefix))
                {
                    values.put(label.substring(prefix.length()), reader.getCounterValue(counterId));
                }
            });
        }
        finally
        {
            IoUtil.unmap(buffer);
        }
        return values;
    }

    static void deleteRecursively(final Path path)
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(path))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // best effort: a leftover driver directory only costs space
        }
    }
}
