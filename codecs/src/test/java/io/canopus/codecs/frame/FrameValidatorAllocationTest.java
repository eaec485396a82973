package io.canopus.codecs.frame;

import io.canopus.codecs.MessageArbitraries;
import io.canopus.codecs.WireMessages;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Validation allocates nothing, for well-formed frames of every message and for malformed ones. */
class FrameValidatorAllocationTest
{
    @Test
    void validationDoesNotAllocate()
    {
        final List<UnsafeBuffer> frames = new ArrayList<>();
        final Random random = new Random(42);
        final Arbitrary<byte[]> wellFormed = MessageArbitraries.anyMessage().map(WireMessages::toBytes);
        wellFormed.sampleStream().limit(200).forEach(frame ->
        {
            frames.add(new UnsafeBuffer(frame));                                   // accepted
            frames.add(new UnsafeBuffer(frame, 0, random.nextInt(frame.length)));  // truncated
            final byte[] corrupted = frame.clone();
            corrupted[random.nextInt(corrupted.length)] ^= (byte)(1 + random.nextInt(255));
            frames.add(new UnsafeBuffer(corrupted));                               // corrupted
        });
        final UnsafeBuffer[] all = frames.toArray(new UnsafeBuffer[0]);

        final FrameValidator validator = new FrameValidator();
        final long[] results = new long[2];
        final long allocated = Allocations.bytesAllocatedBy(() ->
        {
            for (int round = 0; round < 200; round++)
            {
                for (final UnsafeBuffer frame : all)
                {
                    final int result = validator.validate(frame, 0, frame.capacity());
                    results[result >= 0 ? 0 : 1]++;
                }
            }
        });

        assertThat(allocated).isLessThan(Allocations.NOISE_BYTES);
        assertThat(results[0]).as("accepted").isPositive();
        assertThat(results[1]).as("rejected").isPositive();
    }
}
