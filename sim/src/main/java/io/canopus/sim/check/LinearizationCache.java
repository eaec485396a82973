package io.canopus.sim.check;

import java.util.Arrays;

/**
 * The memo of Lowe's improvement to the Wing &amp; Gong search: the set of configurations (which operations
 * are linearized, register value) already explored. Two search paths that linearized the same operations
 * and left the register with the same value have identical futures, so the second one is pruned. Without
 * it the search is factorial in the concurrency; with it, it is bounded by the number of distinct
 * configurations, which for closed-loop clients is small.
 *
 * <p>The set can grow to millions of entries when a violation forces the search to exhaust a key, so it is
 * stored compactly in one {@code long[]} arena rather than as objects, and the arena has a size limit (a
 * quarter of the heap by default) after which {@link #add} answers {@link #FULL} instead of running the JVM
 * out of memory. The linearized set comes in two bit sets:
 * <ul>
 *   <li>determinate operations, ids in invocation order: every id below some frontier is almost always
 *       linearized, so they are kept as the index of the first word that is not all ones plus the words from
 *       there to the last non-zero one, usually one or two words however long the history;</li>
 *   <li>indeterminate operations (few, but linearizable anywhere after their invocation, so their bits would
 *       otherwise stretch the dense part to the end of the history), kept as their own short bit set.</li>
 * </ul>
 * The encoding is a function of the sets alone, so equal configurations have equal encodings and the
 * comparison is exact: a hash collision costs a comparison, never a wrong prune.
 */
final class LinearizationCache
{
    /** {@link #add} result: the configuration was not in the set and is now. */
    static final int ADDED = 1;
    /** {@link #add} result: the configuration was already explored. */
    static final int PRESENT = 0;
    /** {@link #add} result: the memory limit is reached; the search must give up. */
    static final int FULL = -1;

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final int MAX_SLOTS = 1 << 30;
    private static final int HEADER = 3;

    private final long maxArenaLongs;
    private long[] arena = new long[1024];
    private int arenaSize;
    /** Open addressing, linear probing: arena offset + 1 of an entry, 0 when empty. */
    private int[] slots = new int[1024];
    /** The hash of the entry in the same slot, to skip most comparisons. */
    private int[] slotHashes = new int[1024];
    private int size;

    /** A cache whose arena may use up to a quarter of the maximum heap. */
    LinearizationCache()
    {
        this(Runtime.getRuntime().maxMemory() / 4 / Long.BYTES);
    }

    /** @param maxArenaLongs the arena's size limit, in longs. */
    LinearizationCache(final long maxArenaLongs)
    {
        this.maxArenaLongs = Math.min(MAX_ARRAY, maxArenaLongs);
    }

    /** @return number of distinct configurations stored. */
    int size()
    {
        return size;
    }

    /**
     * Adds the configuration: the linearized determinate and indeterminate operations as bit sets, and the
     * register's value.
     *
     * @return {@link #ADDED}, {@link #PRESENT} or {@link #FULL}.
     */
    int add(final long[] determinate, final long[] indeterminate, final long value)
    {
        int start = 0;
        while (start < determinate.length && determinate[start] == -1L)
        {
            start++;
        }
        int end = determinate.length;
        while (end > start && determinate[end - 1] == 0L)
        {
            end--;
        }
        int pendingLen = indeterminate.length;
        while (pendingLen > 0 && indeterminate[pendingLen - 1] == 0L)
        {
            pendingLen--;
        }
        final int denseLen = end - start;
        final long shape = ((long)start << 32) | denseLen;

        long h = mix(value ^ 0x9E3779B97F4A7C15L) ^ shape ^ ((long)pendingLen << 20);
        for (int i = start; i < end; i++)
        {
            h = Long.rotateLeft(h ^ (determinate[i] * 0xC2B2AE3D27D4EB4FL), 29) * 0x9E3779B97F4A7C15L;
        }
        for (int i = 0; i < pendingLen; i++)
        {
            h = Long.rotateLeft(h ^ (indeterminate[i] * 0xC2B2AE3D27D4EB4FL), 29) * 0x9E3779B97F4A7C15L;
        }
        final int hash = (int)(mix(h) >>> 32);

        final int mask = slots.length - 1;
        int slot = hash & mask;
        while (slots[slot] != 0)
        {
            final int offset = slots[slot] - 1;
            if (slotHashes[slot] == hash &&
                arena[offset] == value && arena[offset + 1] == shape && arena[offset + 2] == pendingLen &&
                Arrays.equals(arena, offset + HEADER, offset + HEADER + denseLen, determinate, start, end) &&
                Arrays.equals(arena, offset + HEADER + denseLen, offset + HEADER + denseLen + pendingLen,
                    indeterminate, 0, pendingLen))
            {
                return PRESENT;
            }
            slot = (slot + 1) & mask;
        }

        final int needed = HEADER + denseLen + pendingLen;
        if ((long)arenaSize + needed > maxArenaLongs || (size + 1) * 2L > MAX_SLOTS)
        {
            return FULL;
        }
        if (arenaSize + needed > arena.length)
        {
            arena = Arrays.copyOf(arena, (int)Math.min(maxArenaLongs, Math.max(arena.length * 2L, arenaSize + needed)));
        }
        final int offset = arenaSize;
        arena[offset] = value;
        arena[offset + 1] = shape;
        arena[offset + 2] = pendingLen;
        System.arraycopy(determinate, start, arena, offset + HEADER, denseLen);
        System.arraycopy(indeterminate, 0, arena, offset + HEADER + denseLen, pendingLen);
        arenaSize += needed;

        slots[slot] = offset + 1;
        slotHashes[slot] = hash;
        if (++size * 2 > slots.length)
        {
            rehash();
        }
        return ADDED;
    }

    private void rehash()
    {
        final int[] oldSlots = slots;
        final int[] oldHashes = slotHashes;
        slots = new int[oldSlots.length * 2];
        slotHashes = new int[oldSlots.length * 2];
        final int mask = slots.length - 1;
        for (int i = 0; i < oldSlots.length; i++)
        {
            if (oldSlots[i] != 0)
            {
                int slot = oldHashes[i] & mask;
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = oldSlots[i];
                slotHashes[slot] = oldHashes[i];
            }
        }
    }

    /** The 64-bit finaliser of MurmurHash3: every input bit affects every output bit. */
    static long mix(final long x)
    {
        long z = x;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
