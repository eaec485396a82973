package io.canopus.sim.workload;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientResponseEncoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvCommandDecoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvResultEncoder;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.check.KvOperation;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import io.canopus.sim.net.NetworkModel;
import io.canopus.sim.net.NetworkSettings;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One client on a real simulated network whose nodes are replaced by this test: it sees each request
 * a node would receive and answers (or not) by hand.
 */
class KvClientTest
{
    private static final long MS = 1_000_000;
    private static final ClusterTopology TOPOLOGY = ClusterTopology.uniform(2, 3, 2); // racks {0,1,2}, {3,4,5}

    /** A request as a node received it. */
    record Request(long timeNs, int node, long clientId, long sessionId, long sequence, ClientOp op, KvOp kvOp, long key,
        long value, int expectedLength, int valueLength)
    {
    }

    private final EventLoop loop = new EventLoop();
    private final List<Request> requests = new ArrayList<>();
    private NetworkModel network;
    private KvWorkload workload;

    private void setUp(final WorkloadSettings settings)
    {
        final WorkloadSettings oneClient = settings.withClientsPerNode(1);
        network = new NetworkModel(TOPOLOGY, KvWorkload.clientRacks(TOPOLOGY, oneClient), NetworkSettings.DEFAULT,
            new Seeds(3).random("network", 0), loop);
        for (int n = 0; n < TOPOLOGY.nodeCount(); n++)
        {
            network.nodeUp(n);
        }
        workload = new KvWorkload(TOPOLOGY, oneClient, network, loop, new Seeds(3));
        network.deliveryHandler((to, from, buffer, offset, length) ->
        {
            if (to < TOPOLOGY.nodeCount())
            {
                if (from == network.clientEndpoint(1)) // only client 1 (homed on node 1) is observed
                {
                    requests.add(decode(loop.nowNs(), to, buffer, offset));
                }
            }
            else
            {
                workload.onDelivery(to, buffer, offset, length);
            }
        });
        workload.start();
    }

    private static Request decode(final long now, final int node, final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ClientRequestDecoder request = new ClientRequestDecoder().wrapAndApplyHeader(buffer, offset, header);
        final long clientId = request.clientId();
        final long session = request.sessionId();
        final long sequence = request.sequence();
        final ClientOp op = request.op();
        final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
        request.wrapPayload(payload);
        final KvCommandDecoder command = new KvCommandDecoder().wrapAndApplyHeader(payload, 0, header);
        final KvOp kvOp = command.op();
        final long key = command.key();
        final int expectedLength = command.expectedLength();
        command.skipExpected();
        final byte[] value = new byte[command.valueLength()];
        command.getValue(value, 0, value.length);
        final long v = value.length >= 8 ? new UnsafeBuffer(value).getLong(0, ByteOrder.LITTLE_ENDIAN) : KvOperation.ABSENT;
        return new Request(now, node, clientId, session, sequence, op, kvOp, key, v, expectedLength, value.length);
    }

    /** Answers {@code request} from {@code node} back to client 1. */
    private void answer(final Request request, final ClientStatus status, final int hint, final KvStatus result, final long value)
    {
        final UnsafeBuffer kv = new UnsafeBuffer(new byte[64]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final KvResultEncoder encoder = new KvResultEncoder().wrapAndApplyHeader(kv, 0, header).status(result);
        final UnsafeBuffer valueBytes = new UnsafeBuffer(new byte[8]);
        valueBytes.putLong(0, value, ByteOrder.LITTLE_ENDIAN);
        encoder.putValue(valueBytes, 0, value == KvOperation.ABSENT ? 0 : 8);
        final int kvLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final ClientResponseEncoder response = new ClientResponseEncoder().wrapAndApplyHeader(frame, 0, header)
            .clientId(request.clientId()).sessionId(request.sessionId()).sequence(request.sequence()).status(status)
            .nodeHint(hint).cycle(1).putPayload(kv, 0, kvLength);
        network.send(request.node(), network.clientEndpoint(1), frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength());
    }

    private List<KvOperation> clientOne()
    {
        return workload.history().stream().filter(op -> op.clientId() == 1).toList();
    }

    private Request firstWrite()
    {
        // Writes only, so the first request is a write.
        setUp(WorkloadSettings.DEFAULT.withMix(0, 1, 0));
        loop.runUntil(loop.nowNs() + 2 * MS);
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void timeoutsRetryTheSameSessionAndSequenceFailingOverInsideTheRackFirst()
    {
        final Request first = firstWrite();
        assertThat(first.node()).isEqualTo(1); // client 1 is homed on node 1
        assertThat(first.op()).isEqualTo(ClientOp.WRITE);
        assertThat(first.kvOp()).isEqualTo(KvOp.PUT);
        assertThat(first.sequence()).isEqualTo(1);

        loop.runUntil(loop.nowNs() + 5 * 20 * MS); // five timeouts, nobody answers
        assertThat(requests).hasSize(6);
        assertThat(requests).allSatisfy(r ->
        {
            assertThat(r.sessionId()).isEqualTo(first.sessionId());
            assertThat(r.sequence()).isEqualTo(first.sequence());
            assertThat(r.clientId()).isEqualTo(first.clientId());
            assertThat(r.key()).isEqualTo(first.key());
            assertThat(r.value()).isEqualTo(first.value());
        });
        // Home rack {0,1,2} starting at node 1, then the other rack.
        assertThat(requests).extracting(Request::node).containsExactly(1, 2, 0, 3, 4, 5);
        for (int i = 1; i < requests.size(); i++)
        {
            assertThat(requests.get(i).timeNs() - requests.get(i - 1).timeNs()).isBetween(20 * MS - 400_000, 20 * MS + 400_000); // the timeout, give or take two link delays
        }
        assertThat(workload.counters().timeouts()).isEqualTo(6 * 5); // all six clients are ignored alike
        assertThat(workload.history()).filteredOn(op -> op.clientId() == 1)
            .singleElement().satisfies(op -> assertThat(op.isPending()).isTrue());
    }

    @Test
    void busyMovesOnAfterABackOffAndOkCompletesTheOperation()
    {
        final Request first = firstWrite();
        answer(first, ClientStatus.BUSY, -1, KvStatus.OK, KvOperation.ABSENT);
        loop.runUntil(loop.nowNs() + 3 * MS);
        assertThat(requests).hasSize(2);
        final Request retry = requests.get(1);
        assertThat(retry.node()).isEqualTo(2);
        assertThat(retry.sequence()).isEqualTo(first.sequence());
        assertThat(retry.timeNs() - first.timeNs()).isGreaterThanOrEqualTo(1 * MS);

        answer(retry, ClientStatus.REDIRECT, 4, KvStatus.OK, KvOperation.ABSENT);
        loop.runUntil(loop.nowNs() + 3 * MS);
        final Request redirected = requests.get(2);
        assertThat(redirected.node()).isEqualTo(4);

        answer(first, ClientStatus.OK, -1, KvStatus.OK, KvOperation.ABSENT); // a late answer to an earlier attempt counts
        loop.runUntil(loop.nowNs() + 1 * MS);
        final List<KvOperation> history = clientOne();
        assertThat(history.get(0).isPending()).isFalse();
        assertThat(history.get(0).type()).isEqualTo(KvOperation.Type.PUT);
        assertThat(history.get(0).sequence()).isEqualTo(first.sequence());
        assertThat(history.get(0).value()).isEqualTo(first.value());
        assertThat(history.get(0).invokeNs()).isBetween(first.timeNs() - 60_000, first.timeNs() - 40_000); // sent, then 50 us +-20%
        assertThat(history.get(0).completeNs()).isGreaterThan(requests.get(2).timeNs());
        assertThat(workload.latencyUs().getTotalCount()).isEqualTo(1);
        assertThat(workload.counters().staleResponses()).isZero();

        // The next write uses the next sequence, from node 4 where the client now is.
        loop.runUntil(loop.nowNs() + 1 * MS);
        final Request next = requests.get(requests.size() - 1);
        assertThat(next.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(next.node()).isEqualTo(4);
        assertThat(next.clientId()).isNotEqualTo(first.clientId()); // a new operation tag
    }

    @Test
    void readsCarrySequenceZeroAndLateAnswersToEarlierReadsAreIgnored()
    {
        setUp(WorkloadSettings.DEFAULT.withMix(1, 0, 0).withTimeoutNs(5 * MS));
        loop.runUntil(loop.nowNs() + 2 * MS);
        final Request read1 = requests.get(0);
        assertThat(read1.op()).isEqualTo(ClientOp.READ);
        assertThat(read1.kvOp()).isEqualTo(KvOp.GET);
        assertThat(read1.sequence()).isZero();

        answer(read1, ClientStatus.OK, -1, KvStatus.NOT_FOUND, KvOperation.ABSENT);
        loop.runUntil(loop.nowNs() + 1 * MS);
        final Request read2 = requests.get(1);
        assertThat(read2.sessionId()).isEqualTo(read1.sessionId());
        assertThat(read2.sequence()).isZero();

        answer(read1, ClientStatus.OK, -1, KvStatus.OK, 1234); // a stale answer to read 1
        loop.runUntil(loop.nowNs() + 1 * MS);
        assertThat(workload.counters().staleResponses()).isEqualTo(1);
        answer(read2, ClientStatus.OK, -1, KvStatus.OK, 99);
        loop.runUntil(loop.nowNs() + 1 * MS);

        final List<KvOperation> history = clientOne();
        assertThat(history.get(0).value()).isEqualTo(KvOperation.ABSENT);
        assertThat(history.get(1).value()).isEqualTo(99);
        assertThat(history.get(1).isPending()).isFalse();
    }

    @Test
    void casExpectsTheLastValueTheClientSaw()
    {
        setUp(WorkloadSettings.DEFAULT.withMix(0, 0, 1).withKeys(1));
        loop.runUntil(loop.nowNs() + 2 * MS);
        final Request cas1 = requests.get(0);
        assertThat(cas1.kvOp()).isEqualTo(KvOp.CAS);
        assertThat(cas1.expectedLength()).isZero(); // nothing seen yet: expects absence
        answer(cas1, ClientStatus.OK, -1, KvStatus.CAS_FAILED, 555);
        loop.runUntil(loop.nowNs() + 1 * MS);
        final Request cas2 = requests.get(1);
        assertThat(cas2.expectedLength()).isEqualTo(8);
        answer(cas2, ClientStatus.OK, -1, KvStatus.OK, KvOperation.ABSENT);
        loop.runUntil(loop.nowNs() + 1 * MS);

        final List<KvOperation> history = clientOne();
        assertThat(history.get(0).ok()).isFalse();
        assertThat(history.get(0).expected()).isEqualTo(KvOperation.ABSENT);
        assertThat(history.get(1).ok()).isTrue();
        assertThat(history.get(1).expected()).isEqualTo(555);
        assertThat(history.get(1).value()).isEqualTo(cas2.value());
        assertThat(workload.acknowledgedWrites()).hasSize(2); // only client 1 was answered
    }

    @Test
    void aThinkTimeRangeSpreadsPausesOverTheWholeRange()
    {
        setUp(WorkloadSettings.DEFAULT.withMix(0, 1, 0).withThinkTimeNs(5 * MS, 9 * MS));
        final List<Long> pauses = new ArrayList<>();
        loop.runUntil(loop.nowNs() + 2 * MS);
        for (int i = 0; i < 40; i++)
        {
            assertThat(requests).hasSize(i + 1);
            answer(requests.get(i), ClientStatus.OK, -1, KvStatus.OK, KvOperation.ABSENT);
            final long answeredNs = loop.nowNs();
            loop.runUntil(answeredNs + 10 * MS); // longer than any pause, shorter than the 20 ms timeout
            assertThat(requests).hasSize(i + 2);
            pauses.add(requests.get(i + 1).timeNs() - answeredNs);
        }
        // Pause = answer's trip + think + request's trip; trips are 50 us +-20%.
        assertThat(pauses).allSatisfy(p -> assertThat(p).isBetween(5 * MS, 9 * MS + 200_000));
        assertThat(pauses.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(6 * MS);
        assertThat(pauses.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(8 * MS);
    }

    @Test
    void anExplicitClientCountHomesClientsRoundRobin()
    {
        final WorkloadSettings three = WorkloadSettings.DEFAULT.withClientCount(3);
        assertThat(three.clientCount(TOPOLOGY.nodeCount())).isEqualTo(3);
        assertThat(KvWorkload.clientRacks(TOPOLOGY, three)).containsExactly(0, 0, 0);
        assertThat(three.homeNode(2, 2)).isZero();
        assertThat(WorkloadSettings.DEFAULT.clientCount(TOPOLOGY.nodeCount())).isEqualTo(12);
        assertThat(WorkloadSettings.DEFAULT.homeNode(5, 6)).isEqualTo(2);
        assertThatThrownBy(() -> WorkloadSettings.DEFAULT.withThinkTimeNs(9, 5))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thinkTimeMaxNs");
        assertThatThrownBy(() -> WorkloadSettings.DEFAULT.withClientCount(-2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientCount");
    }

    @Test
    void openLoopArrivalsKeepTheirRateWhenNobodyAnswersAndCountWhatTheBusyPoolCannotTake()
    {
        // 6 clients, 1000 arrivals/s, nobody answers, 20 ms timeouts: every client is soon busy for good.
        setUp(WorkloadSettings.DEFAULT.withOpenLoopRate(1000));
        loop.runUntil(loop.nowNs() + 1000 * MS);
        final WorkloadCounters counters = workload.counters();
        assertThat(counters.opsStarted()).isEqualTo(6);
        // Poisson at 1000/s over ~1 s: 1000 +- a few standard deviations (sqrt 1000 ~ 32).
        assertThat(counters.opsStarted() + counters.arrivalsMissed()).isBetween(880L, 1120L);
    }

    @Test
    void openLoopStartsOperationsOnArrivalNotAfterAnswers()
    {
        setUp(WorkloadSettings.DEFAULT.withMix(0, 1, 0).withOpenLoopRate(200));
        loop.runUntil(loop.nowNs() + 2 * MS);
        int answered = 0;
        for (int step = 0; step < 1000; step++)
        {
            while (answered < requests.size())
            {
                answer(requests.get(answered++), ClientStatus.OK, -1, KvStatus.OK, KvOperation.ABSENT);
            }
            loop.runUntil(loop.nowNs() + MS);
        }
        // Only client 1 is answered, so once the other five hang on their timeouts every arrival
        // goes to it: about 200 over the second. A closed loop with the default 100 us think time
        // would issue one per 1 ms step, about 1000.
        assertThat(requests.size()).isBetween(140, 260);
    }

    @Test
    void largeValuesTravelPaddedAndReadsStillSeeTheirIdentity()
    {
        setUp(WorkloadSettings.DEFAULT.withMix(0, 1, 0).withValueSize(300));
        loop.runUntil(loop.nowNs() + 2 * MS);
        final Request write = requests.get(0);
        assertThat(write.valueLength()).isEqualTo(300);
        assertThat(write.value()).isNotEqualTo(KvOperation.ABSENT);
    }
}
