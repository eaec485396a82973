package io.canopus.sim.host;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryDurableLogTest
{
    private final InMemoryDurableLog log = new InMemoryDurableLog();
    private final UnsafeBuffer src = new UnsafeBuffer(new byte[100_000]);
    private final UnsafeBuffer dst = new UnsafeBuffer(new byte[100_000]);

    @Test
    void positionsStartAtOneAndMustFollowTheLast()
    {
        assertThat(log.lastPosition()).isZero();
        assertThatThrownBy(() -> log.append(0, src, 0, 4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.append(2, src, 0, 4)).isInstanceOf(IllegalStateException.class);
        log.append(1, src, 0, 4);
        log.append(2, src, 0, 0);
        assertThatThrownBy(() -> log.append(2, src, 0, 4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.append(4, src, 0, 4)).isInstanceOf(IllegalStateException.class);
        assertThat(log.lastPosition()).isEqualTo(2);
    }

    @Test
    void readCopiesTheBytesAsAppended()
    {
        for (int p = 1; p <= 3000; p++)
        {
            final int length = p % 97;
            for (int i = 0; i < length; i++)
            {
                src.putByte(i, (byte)(p + i));
            }
            log.append(p, src, 0, length);
        }
        src.setMemory(0, 100, (byte)0); // later changes to the sender's buffer do not reach the log
        for (int p = 1; p <= 3000; p++)
        {
            final int length = log.read(p, dst, 10);
            assertThat(length).isEqualTo(p % 97);
            assertThat(log.length(p)).isEqualTo(length);
            for (int i = 0; i < length; i++)
            {
                assertThat(dst.getByte(10 + i)).isEqualTo((byte)(p + i));
            }
        }
        assertThat(log.read(0, dst, 0)).isEqualTo(-1);
        assertThat(log.read(3001, dst, 0)).isEqualTo(-1);
    }

    @Test
    void largeRecordsGrowTheStore()
    {
        log.append(1, src, 0, 100_000);
        log.append(2, src, 0, 100_000);
        assertThat(log.read(2, dst, 0)).isEqualTo(100_000);
        assertThat(log.bytes()).isEqualTo(200_000);
    }

    @Test
    void metadataKeepsTheLatestValuePerKey()
    {
        assertThat(log.readMetadata(7, -5)).isEqualTo(-5);
        for (int key = 0; key < 40; key++)
        {
            log.writeMetadata(key, key * 10L);
        }
        log.writeMetadata(7, Long.MIN_VALUE);
        assertThat(log.readMetadata(7, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(log.readMetadata(39, 0)).isEqualTo(390);
        assertThat(log.readMetadata(40, 1)).isEqualTo(1);
    }
}
