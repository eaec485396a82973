package io.canopus.engine.client;

import io.aeron.Subscription;
import io.canopus.codecs.ClientStatus;
import io.canopus.transport.AeronHost;
import io.canopus.transport.ClientTransport;
import io.canopus.transport.StreamIds;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that time out together move the client to the next node once, not once each: every
 * fail-over replaces the request publication, so a client with many requests in flight to a node
 * that stalls would otherwise create and drop hundreds of publications in one poll, and load the
 * media driver (in-process: the nodes' own thread) just when the cluster is slow.
 */
final class CanopusClientFailOverTest
{
    private static final int NODES = 3;
    private static final int IN_FLIGHT = 64;

    @Test
    @Timeout(30)
    void manyTimedOutRequestsFailOverOncePerNodeLeft()
    {
        final List<Subscription> blackHoles = new ArrayList<>();
        try (AeronHost host = AeronHost.launch(new AeronHost.Context()))
        {
            // Nodes that take requests and never answer: subscriptions on their IPC client streams.
            for (int node = 0; node < NODES; node++)
            {
                blackHoles.add(host.aeron().addSubscription("aeron:ipc", StreamIds.clientIpcIngress(node)));
            }
            final ClientTransport transport = ClientTransport.open(host,
                new ClientTransport.Context().ingressIpcStreamId(StreamIds.clientIpcIngress(0)));
            final List<ClientStatus> failures = new ArrayList<>();
            try (CanopusClient client = new CanopusClient(new CanopusClient.Context()
                .transport(transport)
                .invokedHost(host)
                .nodeCount(NODES)
                .maxInFlightWrites(IN_FLIGHT)
                .responseTimeoutNs(TimeUnit.MILLISECONDS.toNanos(20))
                .maxAttempts(4), new ResponseListener()
                {
                    @Override
                    public void onCompleted(final long correlationId, final boolean write, final long cycle,
                        final DirectBuffer result, final int offset, final int length)
                    {
                    }

                    @Override
                    public void onFailed(final long correlationId, final boolean write, final ClientStatus status)
                    {
                        failures.add(status);
                    }
                }))
            {
                final UnsafeBuffer command = new UnsafeBuffer(new byte[16]);
                int offered = 0;
                final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (offered < IN_FLIGHT && System.nanoTime() < connectDeadline)
                {
                    client.poll();
                    if (client.offerWrite(command, 0, command.capacity()) >= 0)
                    {
                        offered++;
                    }
                }
                assertThat(offered).isEqualTo(IN_FLIGHT);

                final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (failures.size() < IN_FLIGHT && System.nanoTime() < end)
                {
                    client.poll();
                }

                assertThat(failures).as("every request failed after its attempts").hasSize(IN_FLIGHT)
                    .containsOnly(ClientStatus.BUSY);
                assertThat(client.retries()).as("retries").isEqualTo(3L * IN_FLIGHT);
                // Three rounds of time-outs with a retry each: at most one fail-over a round (none in a
                // round whose requests never reached the node moved to, as it was not connected yet).
                // Moving once per timed-out request would make at least 64.
                assertThat(client.failovers()).as("fail-overs").isBetween(1L, 3L);
            }
        }
        finally
        {
            blackHoles.forEach(CloseHelper::quietClose);
        }
    }

    @Test
    @Timeout(30)
    void aClientWithNothingInFlightMovesOnFromANodeItCannotReach()
    {
        try (AeronHost host = AeronHost.launch(new AeronHost.Context());
            Subscription node1 = host.aeron().addSubscription("aeron:ipc", StreamIds.clientIpcIngress(1)))
        {
            // Node 0 has no ingress at all (dead), node 1 listens.
            final ClientTransport transport = ClientTransport.open(host,
                new ClientTransport.Context().ingressIpcStreamId(StreamIds.clientIpcIngress(0)));
            try (CanopusClient client = new CanopusClient(new CanopusClient.Context()
                .transport(transport)
                .invokedHost(host)
                .nodeCount(2)
                .responseTimeoutNs(TimeUnit.MILLISECONDS.toNanos(50)), new ResponseListener()
                {
                    @Override
                    public void onCompleted(final long correlationId, final boolean write, final long cycle,
                        final DirectBuffer result, final int offset, final int length)
                    {
                    }

                    @Override
                    public void onFailed(final long correlationId, final boolean write, final ClientStatus status)
                    {
                    }
                }))
            {
                final UnsafeBuffer command = new UnsafeBuffer(new byte[16]);
                long offered = CanopusClient.NOT_CONNECTED;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (offered < 0 && System.nanoTime() < deadline)
                {
                    client.poll();
                    offered = client.offerWrite(command, 0, command.capacity());
                }
                assertThat(offered).as("offer accepted once the client moved on").isNotNegative();
                assertThat(client.currentNode()).isEqualTo(1);
                assertThat(client.failovers()).isEqualTo(1);
            }
        }
    }
}
