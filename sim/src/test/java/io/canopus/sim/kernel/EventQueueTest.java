package io.canopus.sim.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class EventQueueTest
{
    @Test
    void pollsInTimeOrderAndEqualTimesInInsertionOrder()
    {
        final EventQueue queue = new EventQueue(16);
        queue.schedule(30, 0, 1, 0, 0);
        queue.schedule(10, 0, 2, 0, 0);
        queue.schedule(20, 0, 3, 0, 0);
        queue.schedule(10, 0, 4, 0, 0);
        queue.schedule(10, 0, 5, 0, 0);

        final List<Integer> targets = new ArrayList<>();
        final Event e = new Event();
        while (queue.poll(e))
        {
            targets.add(e.target);
        }
        assertThat(targets).containsExactly(2, 4, 5, 3, 1);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.peekTimeNs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void carriesEveryFieldAndGrowsBeyondItsInitialCapacity()
    {
        final EventQueue queue = new EventQueue(16);
        for (int i = 0; i < 1000; i++)
        {
            queue.schedule(1000 - i, i % 7, i, -i, i * 3L);
        }
        assertThat(queue.size()).isEqualTo(1000);
        final Event e = new Event();
        for (int i = 999; i >= 0; i--)
        {
            assertThat(queue.poll(e)).isTrue();
            assertThat(e.timeNs).isEqualTo(1000 - i);
            assertThat(e.type).isEqualTo(i % 7);
            assertThat(e.target).isEqualTo(i);
            assertThat(e.intArg).isEqualTo(-i);
            assertThat(e.longArg).isEqualTo(i * 3L);
        }
        assertThat(queue.poll(e)).isFalse();
    }

    /** Interleaved schedules and polls against a sort by (time, sequence), as the simulator uses it. */
    @Test
    void matchesAReferenceOrderUnderRandomInterleaving()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final EventQueue queue = new EventQueue(16);
        final List<long[]> reference = new ArrayList<>(); // {time, seq}
        final Comparator<long[]> order = Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]);
        final Event e = new Event();
        long seq = 0;
        long now = 0;
        for (int round = 0; round < 20_000; round++)
        {
            if (reference.isEmpty() || random.nextInt(3) > 0)
            {
                final long time = now + random.nextInt(50); // many ties on purpose
                queue.schedule(time, 0, (int)seq, 0, seq);
                reference.add(new long[]{time, seq++});
            }
            else
            {
                reference.sort(order);
                final long[] expected = reference.remove(0);
                assertThat(queue.poll(e)).isTrue();
                assertThat(e.timeNs).isEqualTo(expected[0]);
                assertThat(e.longArg).isEqualTo(expected[1]);
                assertThat(e.sequence).isEqualTo(expected[1]);
                now = e.timeNs;
            }
        }
        assertThat(queue.size()).isEqualTo(reference.size());
    }
}
