package io.canopus.engine.runtime;

import io.canopus.engine.protocol.OutputSink;
import io.canopus.transport.NodeTransport;
import org.agrona.DirectBuffer;

/**
 * The core's outputs onto Aeron. A send that the transport neither sent nor queued (not connected,
 * queue full, unknown client) returns false; the core treats that as a lost datagram and retries
 * or pulls later, and it is counted here by kind, never dropped silently.
 */
final class TransportOutputSink implements OutputSink
{
    private final NodeTransport transport;
    private final NodeMetrics metrics;
    long peerSendsFailed;
    long rackSendsFailed;
    long clientSendsFailed;
    long cyclesCommitted;
    long writesCommitted;

    TransportOutputSink(final NodeTransport transport, final NodeMetrics metrics)
    {
        this.transport = transport;
        this.metrics = metrics;
    }

    @Override
    public boolean sendToNode(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (transport.sendToNode(nodeId, buffer, offset, length) > 0)
        {
            return true;
        }
        peerSendsFailed++;
        return false;
    }

    @Override
    public boolean sendToRack(final DirectBuffer buffer, final int offset, final int length)
    {
        if (transport.sendToRack(buffer, offset, length) > 0)
        {
            return true;
        }
        rackSendsFailed++;
        return false;
    }

    @Override
    public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (transport.sendToClient(clientId, buffer, offset, length) > 0)
        {
            return true;
        }
        clientSendsFailed++;
        return false;
    }

    @Override
    public void onCommitted(final long position, final int proposals, final int writes)
    {
        cyclesCommitted++;
        writesCommitted += writes;
    }

    @Override
    public void onCycleLatency(final long position, final long startToCommitNs)
    {
        metrics.recordCycleLatency(startToCommitNs);
    }
}
