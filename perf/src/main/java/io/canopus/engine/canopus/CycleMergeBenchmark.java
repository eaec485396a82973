package io.canopus.engine.canopus;

import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.topology.ClusterTopology;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ordering and merging one committed cycle, the engine's {@link CycleMerge} exactly as
 * {@code CanopusNode.commit} runs it: collect the proposals every rack lists, sort them by
 * {@code (random, nodeId)}, write the root {@code StateHeader} and copy every proposal frame into the
 * cycle's journal record. (Applying the writes and the journal append itself are measured by
 * {@code NodeCycleBenchmark} and {@code JournalBenchmark}.)
 *
 * <p>In package {@code io.canopus.engine.canopus} (of the perf module) because the commit step's
 * classes are package-private to the engine; on the class path a package may span jars.
 *
 * <p>Setup fills one cycle slot of a {@code racks x nodesPerRack} cluster with one proposal per node,
 * {@value #WRITES} writes of {@value #PAYLOAD_BYTES} bytes each, and random order keys, so each op
 * sorts the same shuffled input from scratch (the sort works on a scratch copy of the membership).
 * {@code gc.alloc.rate.norm} must be ~0 B/op: this runs once per cycle on the duty-cycle thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CycleMergeBenchmark
{
    /** Writes per proposal. */
    public static final int WRITES = 16;
    /** Bytes of each write's payload. */
    public static final int PAYLOAD_BYTES = 32;
    /** Racks of the cluster. */
    public static final int RACKS = 3;

    /** Nodes per rack: 3 x 3 (the simulator's default cluster) or 3 x 9 (27 proposals a cycle). */
    @Param({"3", "9"})
    public int nodesPerRack;

    private static final OutputSink NO_SINK = new OutputSink()
    {
        public boolean sendToNode(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }

        public boolean sendToRack(final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }

        public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }
    };

    private ClusterTopology topology;
    private CycleSlot slot;
    private CycleMerge merge;
    private Wire wire;
    private final ExpandableArrayBuffer record = new ExpandableArrayBuffer(64 * 1024);

    @Setup(Level.Trial)
    public void setup()
    {
        topology = ClusterTopology.uniform(RACKS, nodesPerRack, 3);
        final int n = topology.nodeCount();
        slot = new CycleSlot(n, RACKS, RackTable.MAX_ENTRIES, 1);
        slot.reset(7, 0);
        final SplittableRandom random = new SplittableRandom(0x5EEDL);
        final byte[] payload = new byte[PAYLOAD_BYTES];
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final ProposalEncoder encoder = new ProposalEncoder();
        for (int node = 0; node < n; node++)
        {
            final ProposalCopy copy = slot.proposals[node];
            final long key = random.nextLong();
            encoder.wrapAndApplyHeader(copy.frame, 0, header)
                .cycle(7).nodeId(node).incarnation(1).epoch(1).random(key).relayed((short)0).senderId(node);
            final ProposalEncoder.WritesEncoder writes = encoder.writesCount(WRITES);
            for (int w = 0; w < WRITES; w++)
            {
                writes.next().sessionId(1000L * node + w).sequence(7).putPayload(payload, 0, payload.length);
            }
            copy.length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            copy.present = true;
            copy.incarnation = 1;
            copy.random = key;
        }
        for (int r = 0; r < RACKS; r++)
        {
            final int[] members = topology.rackNodes(r);
            final int[] incarnations = new int[members.length];
            java.util.Arrays.fill(incarnations, 1);
            slot.setRackMembers(r, members.length, members, incarnations);
        }
        merge = new CycleMerge(n);
        wire = new Wire(0, NO_SINK, new NodeCounters(), 64 * 1024);
        final int length = orderAndMerge();
        if (length <= n * copyLength())
        {
            throw new IllegalStateException("the merged record is too short: " + length);
        }
    }

    private int copyLength()
    {
        return slot.proposals[0].length;
    }

    /** Orders the cycle's proposals and merges them into its journal record; returns the record length. */
    @Benchmark
    public int orderAndMerge()
    {
        merge.order(slot);
        return merge.merge(wire, slot, topology.height(), record);
    }
}
