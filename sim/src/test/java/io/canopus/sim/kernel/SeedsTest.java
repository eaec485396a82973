package io.canopus.sim.kernel;

import io.canopus.engine.protocol.RandomSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeedsTest
{
    @Test
    void aStreamIsAFunctionOfMasterNameAndIndexOnly()
    {
        final Seeds one = new Seeds(99);
        final Seeds two = new Seeds(99);
        // Deriving other streams first must not change a stream (no hidden creation order).
        two.random("network", 0).nextLong();
        two.seed("client", 5);
        assertThat(one.random("client", 3).nextLong()).isEqualTo(two.random("client", 3).nextLong());
        assertThat(one.seed("node", 7)).isEqualTo(two.seed("node", 7));
    }

    @Test
    void streamsDifferByMasterByNameAndByIndex()
    {
        final Set<Long> seeds = new HashSet<>();
        for (long master = 0; master < 4; master++)
        {
            for (final String name : new String[]{"node", "client", "network", "faults"})
            {
                for (long index = 0; index < 64; index++)
                {
                    seeds.add(new Seeds(master).seed(name, index));
                }
            }
        }
        assertThat(seeds).hasSize(4 * 4 * 64);
    }

    @Test
    void randomSourceAdapterIsDeterministicAndBounded()
    {
        final RandomSource a = new Seeds(5).randomSource("node", 1L << 32);
        final RandomSource b = new Seeds(5).randomSource("node", 1L << 32);
        for (int i = 0; i < 1000; i++)
        {
            final long x = a.nextLong(10);
            assertThat(x).isEqualTo(b.nextLong(10)).isBetween(0L, 9L);
        }
    }
}
