package io.canopus.perf;

import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.codecs.frame.FrameValidator;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The SBE codec path of the busiest message, a {@code Proposal} carrying 16 client writes: encode it,
 * decode it, and run {@link FrameValidator#validate} over it (what every node does to every frame it
 * receives before decoding).
 *
 * <p>Why: every cycle each node encodes one proposal and validates and decodes one per rack member
 * (and more for relayed vnode states), so these three costs bound the per-write CPU of the protocol
 * core. With {@code -prof gc} the {@code gc.alloc.rate.norm} of all three must be ~0 B/op: the
 * flyweights, buffers and payload bytes are allocated once in {@link #setup()}, and the codecs must
 * not allocate (no boxing, no iterator objects, no strings).
 *
 * <p>Two payload sizes: 32 bytes (a small key-value PUT) and 288 bytes (a ledger-sized command),
 * so a cost that scales with bytes shows up separately from the per-field cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark
{
    /** Writes per proposal. */
    public static final int WRITES = 16;

    /** Bytes of each write's payload. */
    @Param({"32", "288"})
    public int payloadBytes;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ProposalEncoder proposalEncoder = new ProposalEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ProposalDecoder proposalDecoder = new ProposalDecoder();
    private final FrameValidator validator = new FrameValidator();
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);

    private UnsafeBuffer encodeBuffer;
    private UnsafeBuffer frame;
    private int frameLength;
    private byte[] payload;
    private long cycle;

    @Setup(Level.Trial)
    public void setup()
    {
        payload = new byte[payloadBytes];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)(i * 31 + 7);
        }
        final int capacity = 64 * 1024;
        // Aligned direct buffers, as Aeron would hand out; bounds checks stay on (jvm.properties).
        encodeBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
        frame = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
        frameLength = encodeInto(frame, 1);
        final int templateId = validator.validate(frame, 0, frameLength);
        if (templateId != ProposalDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("the benchmark frame does not validate: " + templateId);
        }
    }

    /** Encodes a 16-write proposal into a buffer; returns the frame length. */
    @Benchmark
    public int encode()
    {
        return encodeInto(encodeBuffer, ++cycle);
    }

    /** Decodes every field of the 16-write proposal; each write's payload is exposed as a view, as the engine does. */
    @Benchmark
    public void decode(final Blackhole bh)
    {
        headerDecoder.wrap(frame, 0);
        final ProposalDecoder d = proposalDecoder.wrap(
            frame, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        bh.consume(d.cycle());
        bh.consume(d.nodeId());
        bh.consume(d.incarnation());
        bh.consume(d.epoch());
        bh.consume(d.random());
        bh.consume(d.relayed());
        bh.consume(d.senderId());
        final ProposalDecoder.WritesDecoder writes = d.writes();
        while (writes.hasNext())
        {
            writes.next();
            bh.consume(writes.sessionId());
            bh.consume(writes.sequence());
            writes.wrapPayload(payloadView);
            bh.consume(payloadView.getByte(payloadView.capacity() - 1));
        }
        bh.consume(d.limit());
    }

    /** Validates the whole frame (header, block, every group entry and var-data bound). */
    @Benchmark
    public int validate()
    {
        return validator.validate(frame, 0, frameLength);
    }

    private int encodeInto(final UnsafeBuffer buffer, final long cycleNumber)
    {
        final ProposalEncoder e = proposalEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .cycle(cycleNumber)
            .nodeId(3)
            .incarnation(1)
            .epoch(7)
            .random(0x5DEECE66DL * cycleNumber)
            .relayed((short)0)
            .senderId(3);
        final ProposalEncoder.WritesEncoder writes = e.writesCount(WRITES);
        for (int i = 0; i < WRITES; i++)
        {
            writes.next()
                .sessionId(1000 + i)
                .sequence(cycleNumber)
                .putPayload(payload, 0, payload.length);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
