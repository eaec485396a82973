package io.canopus.transport;

import java.util.ArrayDeque;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class PendingQueueTest
{
    @Test
    void startsUnallocatedAndKeepsFramesInOrder()
    {
        final PendingQueue queue = new PendingQueue(1024);
        assertThat(queue.allocatedBytes()).isZero();
        assertThat(queue.isEmpty()).isTrue();

        assertThat(queue.offer(frame(1, 10), 0, 10)).isTrue();
        assertThat(queue.offer(frame(2, 20), 0, 20)).isTrue();
        assertThat(queue.frames()).isEqualTo(2);
        assertThat(head(queue)).isEqualTo(frame(1, 10).byteArray());
        queue.pop();
        assertThat(head(queue)).isEqualTo(frame(2, 20).byteArray());
        queue.pop();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.usedBytes()).isZero();
    }

    @Test
    void refusesWhatDoesNotFitAndAFrameLargerThanTheCapacity()
    {
        final PendingQueue queue = new PendingQueue(256);
        assertThat(PendingQueue.maxFrameLength(256)).isEqualTo(248);
        assertThat(queue.offer(frame(1, 249), 0, 249)).isFalse();
        assertThat(queue.offer(frame(1, 248), 0, 248)).isTrue();
        assertThat(queue.offer(frame(2, 0), 0, 0)).isFalse();
        queue.pop();
        assertThat(queue.offer(frame(2, 100), 0, 100)).isTrue();
        assertThat(queue.offer(frame(3, 100), 0, 100)).isTrue();
        assertThat(queue.offer(frame(4, 100), 0, 100)).isFalse();
        assertThat(queue.clear()).isEqualTo(2);
        assertThat(new PendingQueue(0).isEnabled()).isFalse();
    }

    @Test
    void matchesAFifoModelAcrossWrapsAndGrowth()
    {
        final Random random = new Random(7);
        final int capacity = 300 * 1024;
        final PendingQueue queue = new PendingQueue(capacity);
        final ArrayDeque<byte[]> model = new ArrayDeque<>();
        int modelBytes = 0;
        int sequence = 0;
        for (int step = 0; step < 200_000; step++)
        {
            if (random.nextInt(100) < 55)
            {
                final int length = random.nextInt(100) < 90 ? random.nextInt(2_000) : random.nextInt(70_000);
                final UnsafeBuffer frame = frame(sequence++, length);
                final boolean accepted = queue.offer(frame, 0, length);
                if (modelBytes + PendingQueue.recordLength(length) <= capacity / 2)
                {
                    // With half the capacity free, a frame always fits whatever the wrap position.
                    assertThat(accepted).as("step %d", step).isTrue();
                }
                if (accepted)
                {
                    model.addLast(frame.byteArray());
                    modelBytes += PendingQueue.recordLength(length);
                }
            }
            else if (!model.isEmpty())
            {
                assertThat(head(queue)).as("step %d", step).isEqualTo(model.peekFirst());
                queue.pop();
                modelBytes -= PendingQueue.recordLength(model.removeFirst().length);
            }
            assertThat(queue.frames()).isEqualTo(model.size());
            assertThat(queue.allocatedBytes()).isLessThanOrEqualTo(capacity);
        }
        while (!model.isEmpty())
        {
            assertThat(head(queue)).isEqualTo(model.removeFirst());
            queue.pop();
        }
        assertThat(queue.isEmpty()).isTrue();
    }

    private static UnsafeBuffer frame(final int sequence, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(sequence * 31 + i);
        }
        return new UnsafeBuffer(bytes);
    }

    private static byte[] head(final PendingQueue queue)
    {
        final byte[] bytes = new byte[queue.headLength()];
        queue.buffer().getBytes(queue.headOffset(), bytes);
        return bytes;
    }
}
