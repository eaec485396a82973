package io.canopus.perf.aeroncluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The Aeron Cluster side of the comparison: every ingress message, once committed to the
 * replicated log, is echoed back to its session. This is Aeron's own benchmark service shape; it
 * keeps no state, so snapshots are empty.
 * <p>
 * The echo is retried while the egress publication is back pressured (or in an admin action),
 * because a dropped echo would be counted as a missing answer against Aeron Cluster; the retry is
 * bounded ({@value #MAX_OFFER_ATTEMPTS} attempts, idling between them), and echoes given up are
 * counted. An echo to a client that has gone (egress not connected or closed, as when a probe
 * ends with echoes in flight) is given up at once: retrying it would stall the service, and with
 * it every later client, for as long as the retries last.
 */
final class EchoService implements ClusteredService
{
    static final int MAX_OFFER_ATTEMPTS = 100_000;

    private Cluster cluster;
    private IdleStrategy idle;
    private volatile long echoesDropped;

    EchoService()
    {
    }

    /** @param idle the idle strategy between retries, for a service driven without a cluster (tests). */
    EchoService(final IdleStrategy idle)
    {
        this.idle = idle;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        // On followers offer() returns at once (only the leader answers clients).
        idle.reset();
        for (int attempt = 0; attempt < MAX_OFFER_ATTEMPTS; attempt++)
        {
            final long result = session.offer(buffer, offset, length);
            if (result > 0)
            {
                return;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                break; // not connected, closed or at its maximum position: no retry will succeed
            }
            idle.idle();
        }
        echoesDropped++;
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
    }

    /** @return echoes given up: to a client that had gone, or after {@value #MAX_OFFER_ATTEMPTS} back-pressured attempts. */
    long echoesDropped()
    {
        return echoesDropped;
    }
}
