package io.canopus.sim.trace;

import io.canopus.engine.protocol.ElectionEvent;
import io.canopus.engine.protocol.ElectionReason;
import io.canopus.engine.protocol.Role;
import io.canopus.sim.host.HostObserver;
import io.canopus.sim.net.DropReason;
import io.canopus.sim.net.NetworkObserver;
import io.canopus.sim.stats.MessageTypes;
import org.agrona.DirectBuffer;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's trace as JSON lines, in simulated time order: every message copy sent (a node's or a client's
 * output), scheduled with its delay, dropped with the reason, and delivered (a node's or a client's input), and
 * every state change the hosts report: boots, crashes, role changes, elections and commits. Each line has
 * {@code t} (simulated ns) and {@code ev}; servers are {@code n<id>}, clients {@code c<index>}.
 * <p>
 * Bounded: after {@link #maxBytes} characters the trace ends with a {@code truncated} line rather than fill the
 * disk. Install with {@code simulation.stats().forwardTo(trace, trace)} before the run; close after it.
 */
public final class TraceWriter implements NetworkObserver, HostObserver, Closeable
{
    /** Default bound of a trace: large enough for a Coracle-sized run, small enough not to fill a disk. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private final Writer out;
    private final int servers;
    private final long maxBytes;
    private final StringBuilder line = new StringBuilder(160);
    private long written;
    private boolean truncated;

    /**
     * @param file     the trace file, replaced if it exists.
     * @param servers  servers in the run (endpoints 0..servers-1); the rest are clients.
     * @param maxBytes characters at most before the trace is cut.
     * @throws IOException when the file cannot be created.
     */
    public TraceWriter(final Path file, final int servers, final long maxBytes) throws IOException
    {
        this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        this.servers = servers;
        this.maxBytes = maxBytes;
    }

    /** @return true when the trace hit its bound and later lines were left out. */
    public boolean truncated()
    {
        return truncated;
    }

    private StringBuilder begin(final long nowNs, final String event)
    {
        line.setLength(0);
        return line.append("{\"t\":").append(nowNs).append(",\"ev\":\"").append(event).append('"');
    }

    private StringBuilder endpoint(final String key, final int endpoint)
    {
        line.append(",\"").append(key).append("\":\"");
        return (endpoint < servers ? line.append('n').append(endpoint) : line.append('c').append(endpoint - servers)).append('"');
    }

    private void emit()
    {
        if (truncated)
        {
            return;
        }
        line.append("}\n");
        try
        {
            if (written + line.length() > maxBytes)
            {
                truncated = true;
                out.write("{\"ev\":\"truncated\",\"maxBytes\":" + maxBytes + "}\n");
                return;
            }
            written += line.length();
            out.append(line);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the trace", ex);
        }
    }

    @Override
    public void onSend(final long nowNs, final int from, final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        begin(nowNs, "send");
        endpoint("from", from);
        endpoint("to", to);
        line.append(",\"type\":\"").append(MessageTypes.nameOf(MessageTypes.indexOf(buffer, offset, length)))
            .append("\",\"bytes\":").append(length);
        emit();
    }

    @Override
    public void onScheduled(final long nowNs, final int from, final int to, final int length, final long delayNs)
    {
        begin(nowNs, "scheduled");
        endpoint("from", from);
        endpoint("to", to);
        line.append(",\"delayNs\":").append(delayNs);
        emit();
    }

    @Override
    public void onDropped(final long nowNs, final int from, final int to, final int length, final DropReason reason)
    {
        begin(nowNs, "drop");
        endpoint("from", from);
        endpoint("to", to);
        line.append(",\"reason\":\"").append(reason.name()).append('"');
        emit();
    }

    @Override
    public void onDelivered(final long nowNs, final int from, final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        begin(nowNs, "deliver");
        endpoint("from", from);
        endpoint("to", to);
        line.append(",\"type\":\"").append(MessageTypes.nameOf(MessageTypes.indexOf(buffer, offset, length)))
            .append("\",\"bytes\":").append(length);
        emit();
    }

    @Override
    public void onBoot(final long nowNs, final int nodeId, final int incarnation)
    {
        begin(nowNs, "boot");
        endpoint("node", nodeId);
        line.append(",\"incarnation\":").append(incarnation);
        emit();
    }

    @Override
    public void onCrash(final long nowNs, final int nodeId)
    {
        begin(nowNs, "crash");
        endpoint("node", nodeId);
        emit();
    }

    @Override
    public void onRoleChange(final long nowNs, final int nodeId, final Role role, final long term, final int leaderId)
    {
        begin(nowNs, "role");
        endpoint("node", nodeId);
        line.append(",\"role\":\"").append(role.name()).append("\",\"term\":").append(term).append(",\"leader\":").append(leaderId);
        emit();
    }

    @Override
    public void onElection(final long nowNs, final int nodeId, final ElectionEvent event, final ElectionReason reason, final long term)
    {
        begin(nowNs, "election");
        endpoint("node", nodeId);
        line.append(",\"event\":\"").append(event.name()).append("\",\"reason\":\"").append(reason.name())
            .append("\",\"term\":").append(term);
        emit();
    }

    @Override
    public void onCommitted(final long nowNs, final int nodeId, final long position, final int proposals, final int writes)
    {
        begin(nowNs, "commit");
        endpoint("node", nodeId);
        line.append(",\"position\":").append(position).append(",\"proposals\":").append(proposals).append(",\"writes\":").append(writes);
        emit();
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
