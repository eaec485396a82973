package io.canopus.perf.aeroncluster;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import io.canopus.sim.load.LoadClient;
import io.canopus.sim.load.LoadClientFactory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The open-loop rig's client for an {@link AeronClusterBed}: each operation is one ingress message,
 * an 8-byte correlation id followed by the command bytes the Canopus client would send, and it
 * completes when the {@link EchoService} echo comes back, i.e. after the message was committed to
 * the replicated log and applied. Aeron Cluster has no separate read path, so a read is sent the same
 * way and reported with {@code write = false}; the benchmark sends writes only.
 * <p>
 * Back pressure as {@link CanopusClient}'s codes: {@link CanopusClient#BACK_PRESSURED} when the
 * ingress publication is back pressured or {@code maxInFlight} messages wait for their echo,
 * {@link CanopusClient#NOT_CONNECTED} when the client has no connection to the leader,
 * {@link CanopusClient#TOO_LARGE} above {@code maxPayloadBytes}. Nothing is allocated per message:
 * the write flag is a bit of the correlation id.
 */
public final class AeronClusterLoadClient implements LoadClient, EgressListener
{
    private static final long READ_BIT = 1L << 62;
    private static final int HEADER_BYTES = Long.BYTES;

    private final AeronCluster cluster;
    private final ResponseListener listener;
    private final UnsafeBuffer sendBuffer;
    private final UnsafeBuffer resultView = new UnsafeBuffer(0, 0);
    private final int maxPayloadBytes;
    private final int maxInFlight;
    private long nextCorrelationId;
    private int inFlight;
    private long staleEchoes;

    private AeronClusterLoadClient(final AeronClusterBed bed, final ResponseListener listener, final int maxPayloadBytes,
        final int maxInFlight)
    {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxInFlight = maxInFlight;
        this.sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(HEADER_BYTES + maxPayloadBytes));
        this.cluster = AeronCluster.connect(bed.newClientContext().egressListener(this));
    }

    /**
     * @param maxPayloadBytes largest command accepted, bytes.
     * @param maxInFlight     messages sent and not yet echoed, at most.
     * @return opens one client per rig thread, connected to the bed's leader.
     */
    public static LoadClientFactory factory(final AeronClusterBed bed, final int maxPayloadBytes, final int maxInFlight)
    {
        Objects.requireNonNull(bed, "bed");
        if (maxPayloadBytes < 1 || maxInFlight < 1)
        {
            throw new IllegalArgumentException("maxPayloadBytes and maxInFlight must be positive");
        }
        return (index, listener) -> new AeronClusterLoadClient(bed, listener, maxPayloadBytes, maxInFlight);
    }

    @Override
    public long offerWrite(final DirectBuffer command, final int offset, final int length)
    {
        return offer(command, offset, length, 0);
    }

    @Override
    public long offerRead(final DirectBuffer query, final int offset, final int length)
    {
        return offer(query, offset, length, READ_BIT);
    }

    private long offer(final DirectBuffer payload, final int offset, final int length, final long kind)
    {
        if (length > maxPayloadBytes)
        {
            return CanopusClient.TOO_LARGE;
        }
        if (inFlight >= maxInFlight)
        {
            return CanopusClient.BACK_PRESSURED;
        }
        final long correlationId = nextCorrelationId | kind;
        sendBuffer.putLong(0, correlationId);
        sendBuffer.putBytes(HEADER_BYTES, payload, offset, length);
        final long result = cluster.offer(sendBuffer, 0, HEADER_BYTES + length);
        if (result > 0)
        {
            nextCorrelationId++;
            inFlight++;
            return correlationId;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return CanopusClient.BACK_PRESSURED;
        }
        return CanopusClient.NOT_CONNECTED;
    }

    @Override
    public int poll()
    {
        return cluster.pollEgress();
    }

    @Override
    public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        if (length < HEADER_BYTES)
        {
            staleEchoes++;
            return;
        }
        final long correlationId = buffer.getLong(offset);
        if (correlationId < 0 || (correlationId & ~READ_BIT) >= nextCorrelationId)
        {
            staleEchoes++; // not one of ours: from a closed client of the same session id, never expected
            return;
        }
        inFlight = Math.max(0, inFlight - 1);
        resultView.wrap(buffer, offset + HEADER_BYTES, length - HEADER_BYTES);
        listener.onCompleted(correlationId, (correlationId & READ_BIT) == 0, 0L, resultView, 0, length - HEADER_BYTES);
    }

    /** @return echoes that were not answers to this client's messages. */
    public long staleEchoes()
    {
        return staleEchoes;
    }

    @Override
    public void close()
    {
        cluster.close();
    }

    @Override
    public String toString()
    {
        return "AeronCluster client session " + cluster.clusterSessionId();
    }
}
