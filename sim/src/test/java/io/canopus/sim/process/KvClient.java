package io.canopus.sim.process;

import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvStatus;
import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.transport.AeronHost;
import io.canopus.transport.ClientTransport;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * A key-value client over UDP in the test JVM ({@link CanopusClient} on a {@link ClientTransport} of
 * the test's own embedded INVOKER-mode {@link AeronHost}), recording every acknowledged write, every
 * read and every failure. Optionally keeps its write slots full with writes of fresh keys.
 * One thread drives every client of a host.
 */
final class KvClient implements AutoCloseable, ResponseListener
{
    /** A completed request: for a write the key and value written, for a read the value read. */
    record Done(long key, long value, long cycle, int node, long atNs)
    {
    }

    /** A request that failed for good: a write that may or may not have been applied, or a read. */
    record Failed(long key, long value, boolean write, ClientStatus status)
    {
    }

    /** Distinct keys for the writes of several clients: {@code first} up to (not including) {@code end}. */
    static final class Keys
    {
        long next;
        final long end;

        Keys(final long first)
        {
            this(first, Long.MAX_VALUE);
        }

        Keys(final long first, final long end)
        {
            next = first;
            this.end = end;
        }

        boolean exhausted()
        {
            return next >= end;
        }
    }

    final String name;
    final CanopusClient client;
    final ClientTransport transport;
    private final KvCodec codec = new KvCodec();
    private final int maxInFlightWrites;
    private final Map<Long, long[]> pendingWrites = new HashMap<>();
    private final Map<Long, Long> pendingReads = new HashMap<>();
    final List<Done> acked = new ArrayList<>();
    final List<Done> reads = new ArrayList<>();
    final List<Failed> failures = new ArrayList<>();
    final List<String> oddities = new ArrayList<>();
    private Keys load;
    private long loadTag;
    private long pauseAfterFailureNs;
    private long lastFailureNs;

    private KvClient(final String name, final ClusterConfig config, final AeronHost host, final int firstNode,
        final int maxInFlightWrites, final Consumer<CanopusClient.Context> settings)
    {
        this.name = name;
        this.maxInFlightWrites = maxInFlightWrites;
        final ClientTransport transport = ClientTransport.open(host,
            new ClientTransport.Context().ingressEndpoint(config.clientEndpoint(firstNode).toString()));
        try
        {
            final CanopusClient.Context context = new CanopusClient.Context()
                .transport(transport)
                .invokedHost(host)
                .udpIngress(ProcessTestSupport.clientEndpoints(config))
                .nodeCount(config.nodeCount())
                .firstNode(firstNode)
                .maxInFlightWrites(maxInFlightWrites)
                .maxInFlightReads(16)
                .maxPayloadBytes(config.protocolConfig().maxPayloadBytes());
            settings.accept(context);
            client = new CanopusClient(context, this);
            this.transport = transport;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(transport);
            throw ex;
        }
    }

    static KvClient open(final String name, final ClusterConfig config, final AeronHost host, final int firstNode,
        final int maxInFlightWrites, final Consumer<CanopusClient.Context> settings)
    {
        return new KvClient(name, config, host, firstNode, maxInFlightWrites, settings);
    }

    /** Offers a PUT; returns the correlation id or a negative {@link CanopusClient} code. */
    long put(final long key, final long value)
    {
        final long correlation = client.offerWrite(codec.buffer, 0, codec.encode(KvOp.PUT, key, value));
        if (correlation >= 0)
        {
            pendingWrites.put(correlation, new long[] {key, value});
        }
        return correlation;
    }

    /** Offers a linearizable GET; returns the correlation id or a negative code. */
    long get(final long key)
    {
        final long correlation = client.offerRead(codec.buffer, 0, codec.encode(KvOp.GET, key, KvCodec.ABSENT));
        if (correlation >= 0)
        {
            pendingReads.put(correlation, key);
        }
        return correlation;
    }

    /** From now on every free write slot gets a write of the next key of {@code keys}, value {@code tag << 40 | key}. */
    void startLoad(final Keys keys, final long tag)
    {
        load = keys;
        loadTag = tag;
    }

    /** With a load, waits this long after a failed request before offering the next write. */
    void pauseAfterFailure(final long ns)
    {
        pauseAfterFailureNs = ns;
    }

    void stopLoad()
    {
        load = null;
    }

    static long value(final long tag, final long key)
    {
        return (tag << 40) | key;
    }

    int pendingWriteCount()
    {
        return pendingWrites.size();
    }

    int pendingReadCount()
    {
        return pendingReads.size();
    }

    /** Polls the client and tops its write slots up when it carries a load. */
    int poll()
    {
        int work = client.poll();
        if (load != null && (failures.isEmpty() || System.nanoTime() - lastFailureNs >= pauseAfterFailureNs))
        {
            while (pendingWrites.size() < maxInFlightWrites && !load.exhausted())
            {
                final long key = load.next;
                if (put(key, value(loadTag, key)) < 0)
                {
                    break;
                }
                load.next++;
                work++;
            }
        }
        return work;
    }

    @Override
    public void onCompleted(final long correlationId, final boolean write, final long cycle, final DirectBuffer result,
        final int offset, final int length)
    {
        final long now = System.nanoTime();
        final KvCodec.Kv kv = codec.decodeResult(result, offset);
        if (write)
        {
            final long[] kvPair = pendingWrites.remove(correlationId);
            if (kvPair == null)
            {
                oddities.add(name + ": completion of unknown write correlation " + correlationId);
                return;
            }
            if (kv.status() != KvStatus.OK)
            {
                oddities.add(name + ": PUT " + kvPair[0] + " answered " + kv.status());
            }
            acked.add(new Done(kvPair[0], kvPair[1], cycle, client.currentNode(), now));
        }
        else
        {
            final Long key = pendingReads.remove(correlationId);
            if (key == null)
            {
                oddities.add(name + ": completion of unknown read correlation " + correlationId);
                return;
            }
            reads.add(new Done(key, kv.status() == KvStatus.OK ? kv.value() : KvCodec.ABSENT, cycle, client.currentNode(), now));
        }
    }

    @Override
    public void onFailed(final long correlationId, final boolean write, final ClientStatus status)
    {
        lastFailureNs = System.nanoTime();
        if (write)
        {
            final long[] kvPair = pendingWrites.remove(correlationId);
            failures.add(new Failed(kvPair == null ? KvCodec.ABSENT : kvPair[0], kvPair == null ? KvCodec.ABSENT : kvPair[1], true, status));
        }
        else
        {
            final Long key = pendingReads.remove(correlationId);
            failures.add(new Failed(key == null ? KvCodec.ABSENT : key, KvCodec.ABSENT, false, status));
        }
    }

    String describe()
    {
        return name + "{node " + client.currentNode() + ", acked " + acked.size() + ", reads " + reads.size() + ", failed " +
            failures.size() + ", pending w/r " + pendingWrites.size() + "/" + pendingReads.size() + ", retries " + client.retries() +
            ", failovers " + client.failovers() + ", stale " + client.staleResponses() + ", rejected " + client.rejectedFrames() +
            ", transport sent " + transport.counters().sent() + " queued " + transport.counters().queued() + " notConnected " +
            transport.counters().notConnected() + " received " + transport.counters().framesReceived(io.canopus.transport.FrameHandler.NODE) + "}";
    }

    @Override
    public void close()
    {
        client.close();
    }

    /**
     * Drives the clients (one thread) until {@code done} holds; fails with {@code context} (e.g. the
     * node logs) when {@code timeoutMs} passes first.
     *
     * @return the milliseconds it took.
     */
    static long driveUntil(final String what, final BooleanSupplier done, final long timeoutMs, final Supplier<String> context,
        final KvClient... clients)
    {
        final long start = System.nanoTime();
        final long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                final StringBuilder sb = new StringBuilder();
                for (final KvClient c : clients)
                {
                    sb.append(c.describe()).append('\n');
                }
                fail("%s: not done within %d ms%n%s%s", what, timeoutMs, sb, context.get());
            }
            driveOnce(clients);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Drives the clients for {@code ms} milliseconds. */
    static void driveFor(final long ms, final KvClient... clients)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() - deadline < 0)
        {
            driveOnce(clients);
        }
    }

    /** One round of polling; parks briefly when idle so the node processes keep the cores. */
    static void driveOnce(final KvClient... clients)
    {
        int work = 0;
        for (final KvClient c : clients)
        {
            work += c.poll();
        }
        if (work == 0)
        {
            LockSupport.parkNanos(50_000);
        }
    }
}
