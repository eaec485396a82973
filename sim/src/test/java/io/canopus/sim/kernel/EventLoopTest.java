package io.canopus.sim.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopTest
{
    @Test
    void dispatchesToTheRegisteredHandlerAtTheEventsTime()
    {
        final EventLoop loop = new EventLoop();
        final List<String> seen = new ArrayList<>();
        final int a = loop.register(e -> seen.add("a" + e.target + "@" + loop.nowNs()));
        final int b = loop.register(e -> seen.add("b" + e.target + "@" + loop.nowNs()));
        loop.schedule(5, b, 1, 0, 0);
        loop.schedule(3, a, 2, 0, 0);
        loop.schedule(5, a, 3, 0, 0);

        assertThat(loop.runUntil(100)).isEqualTo(3);
        assertThat(seen).containsExactly("a2@3", "b1@5", "a3@5");
        assertThat(loop.nowNs()).isEqualTo(100);
    }

    @Test
    void leavesLaterEventsQueuedAndClampsThePastToNow()
    {
        final EventLoop loop = new EventLoop();
        final List<Long> times = new ArrayList<>();
        final int[] type = new int[1];
        type[0] = loop.register(e ->
        {
            times.add(e.timeNs);
            if (e.target == 0)
            {
                loop.schedule(1, type[0], 1, 0, 0); // in the past: runs now, after this one
            }
        });
        loop.schedule(10, type[0], 0, 0, 0);
        loop.schedule(50, type[0], 2, 0, 0);

        loop.runUntil(20);
        assertThat(times).containsExactly(10L, 10L);
        assertThat(loop.pending()).isEqualTo(1);
        loop.runUntil(50);
        assertThat(times).containsExactly(10L, 10L, 50L);
    }

    @Test
    void stepDispatchesOneEventAtATimeInTheSameOrderAsRunUntil()
    {
        final EventLoop loop = new EventLoop();
        final List<String> seen = new ArrayList<>();
        final int a = loop.register(e -> seen.add(e.target + "@" + loop.nowNs()));
        loop.schedule(5, a, 1, 0, 0);
        loop.schedule(3, a, 2, 0, 0);
        loop.schedule(5, a, 3, 0, 0);

        assertThat(loop.step()).isTrue();
        assertThat(seen).containsExactly("2@3");
        assertThat(loop.nowNs()).isEqualTo(3);
        assertThat(loop.step()).isTrue();
        assertThat(loop.step()).isTrue();
        assertThat(seen).containsExactly("2@3", "1@5", "3@5");
        assertThat(loop.eventsProcessed()).isEqualTo(3);
        assertThat(loop.step()).isFalse();
        assertThat(loop.nowNs()).isEqualTo(5);
    }

    @Test
    void rejectsUnregisteredTypes()
    {
        final EventLoop loop = new EventLoop();
        assertThatThrownBy(() -> loop.schedule(1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Same seed, same chain of randomly re-scheduling events: same trace, twice. */
    @Test
    void aSeededChainOfEventsReplaysIdentically()
    {
        assertThat(trace(7)).isEqualTo(trace(7)).isNotEqualTo(trace(8));
    }

    private static List<Long> trace(final long seed)
    {
        final EventLoop loop = new EventLoop();
        final SplittableRandom random = new Seeds(seed).random("test", 0);
        final List<Long> trace = new ArrayList<>();
        final int[] type = new int[1];
        type[0] = loop.register(e ->
        {
            trace.add(e.timeNs * 1000 + e.target);
            if (trace.size() < 500)
            {
                loop.schedule(loop.nowNs() + random.nextInt(5), type[0], random.nextInt(10), 0, 0);
            }
        });
        for (int i = 0; i < 10; i++)
        {
            loop.schedule(i % 3, type[0], i, 0, 0);
        }
        loop.runUntil(Long.MAX_VALUE - 1);
        return trace;
    }
}
