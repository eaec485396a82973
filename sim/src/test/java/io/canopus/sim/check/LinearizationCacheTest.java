package io.canopus.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LinearizationCacheTest
{
    @Test
    void sameConfigurationIsPresentDifferentOnesAreNot()
    {
        final LinearizationCache cache = new LinearizationCache();
        final long[] dense = {-1L, 0b1011L, 0L};
        final long[] pending = {0L};

        assertThat(cache.add(dense, pending, 7)).isEqualTo(LinearizationCache.ADDED);
        assertThat(cache.add(dense.clone(), pending.clone(), 7)).isEqualTo(LinearizationCache.PRESENT);
        assertThat(cache.add(dense, pending, 8)).isEqualTo(LinearizationCache.ADDED);
        assertThat(cache.add(new long[] {-1L, 0b1011L, 1L}, pending, 7)).isEqualTo(LinearizationCache.ADDED);
        assertThat(cache.add(dense, new long[] {1L}, 7)).isEqualTo(LinearizationCache.ADDED);
        assertThat(cache.add(new long[] {-1L, -1L, 0L}, pending, 7)).isEqualTo(LinearizationCache.ADDED);
        assertThat(cache.size()).isEqualTo(5);
    }

    @Test
    void agreesWithAHashSetOverManyRandomConfigurations()
    {
        final Random random = new Random(5);
        final LinearizationCache cache = new LinearizationCache();
        final Set<List<Long>> reference = new HashSet<>();
        for (int i = 0; i < 200_000; i++)
        {
            final long[] dense = {random.nextInt(4) == 0 ? -1L : random.nextInt(8), random.nextInt(4), 0L};
            final long[] pending = {random.nextInt(3)};
            final long value = random.nextInt(5);
            final boolean isNew = reference.add(List.of(dense[0], dense[1], dense[2], pending[0], value));

            assertThat(cache.add(dense, pending, value))
                .isEqualTo(isNew ? LinearizationCache.ADDED : LinearizationCache.PRESENT);
        }
        assertThat(cache.size()).isEqualTo(reference.size());
    }

    @Test
    void reportsFullInsteadOfExhaustingMemory()
    {
        final LinearizationCache cache = new LinearizationCache(64);
        int result = LinearizationCache.ADDED;
        for (long value = 0; value < 100 && result == LinearizationCache.ADDED; value++)
        {
            result = cache.add(new long[] {1L}, new long[0], value);
        }
        assertThat(result).isEqualTo(LinearizationCache.FULL);
    }
}
