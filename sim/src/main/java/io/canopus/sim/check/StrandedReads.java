package io.canopus.sim.check;

import java.util.Arrays;
import java.util.function.IntPredicate;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

/**
 * Detects, in O(1) per step, that a partial linearization can no longer be completed because some operation
 * still to be linearized needs a value that is gone for good. A GET of v, or a CAS that swapped from v, needs
 * the register to hold v at its linearization point; values only come from writes; so once no write of v
 * is left to linearize and the register holds something else, that operation is stranded and the whole
 * configuration is a dead end.
 *
 * <p>Without this the search only notices at the stranded operation's response, which on a busy key can be
 * many operations later; everything explored in between is wasted, and that waste is exponential in the
 * number of concurrent writes. With it, a wrong order of writes is abandoned as soon as a value some later
 * read observed has been overwritten with no way back. A read of a value nobody wrote is stranded from
 * the start, so such a history is rejected without any search.
 *
 * <p>Kept per value: how many unlinearized writes produce it (supply) and how many unlinearized determinate
 * operations need it (demand). Values with demand and no supply are linked in a small set; a configuration
 * is dead when that set holds a value other than the register's current one (operations needing the current
 * value are still fine: they can be linearized before the next write).
 */
final class StrandedReads
{
    private static final int NONE = -1;

    private final int[] produces;
    private final int[] requires;
    private final long[] valueOfId;
    private final int[] supply;
    private final int[] demand;
    /** Operations needing each value id, ascending: requirers[requirersStart[id] .. requirersStart[id + 1]). */
    private final int[] requirersStart;
    private final int[] requirers;
    /** Doubly linked set of stranded value ids; sentinel at index valueCount. */
    private final int[] nextStranded;
    private final int[] prevStranded;
    private final boolean[] linked;
    private final int sentinel;

    StrandedReads(final byte[] kinds, final long[] values, final long[] expecteds)
    {
        final int n = kinds.length;
        final Long2LongHashMap ids = new Long2LongHashMap(NONE);
        final LongArrayList valueList = new LongArrayList();
        produces = new int[n];
        requires = new int[n];
        for (int op = 0; op < n; op++)
        {
            produces[op] = KvRegisterModel.isReadOnly(kinds[op]) ? NONE : idOf(ids, valueList, values[op]);
            requires[op] = KvRegisterModel.requiresValue(kinds[op]) ?
                idOf(ids, valueList, KvRegisterModel.requiredValue(kinds[op], values[op], expecteds[op])) : NONE;
        }
        valueOfId = valueList.toLongArray();
        final int valueCount = valueOfId.length;
        supply = new int[valueCount];
        demand = new int[valueCount];
        requirersStart = new int[valueCount + 1];
        for (int op = 0; op < n; op++)
        {
            if (produces[op] != NONE)
            {
                supply[produces[op]]++;
            }
            if (requires[op] != NONE)
            {
                demand[requires[op]]++;
                requirersStart[requires[op] + 1]++;
            }
        }
        for (int id = 0; id < valueCount; id++)
        {
            requirersStart[id + 1] += requirersStart[id];
        }
        requirers = new int[requirersStart[valueCount]];
        final int[] fill = Arrays.copyOf(requirersStart, valueCount);
        for (int op = 0; op < n; op++)
        {
            if (requires[op] != NONE)
            {
                requirers[fill[requires[op]]++] = op;
            }
        }

        sentinel = valueCount;
        nextStranded = new int[valueCount + 1];
        prevStranded = new int[valueCount + 1];
        linked = new boolean[valueCount];
        nextStranded[sentinel] = sentinel;
        prevStranded[sentinel] = sentinel;
        for (int id = 0; id < valueCount; id++)
        {
            if (isStranded(id))
            {
                link(id);
            }
        }
    }

    private static int idOf(final Long2LongHashMap ids, final LongArrayList valueList, final long value)
    {
        long id = ids.get(value);
        if (id == NONE)
        {
            id = ids.size();
            ids.put(value, id);
            valueList.addLong(value);
        }
        return (int)id;
    }

    /** The search linearized {@code op}. */
    void linearized(final int op)
    {
        if (produces[op] != NONE)
        {
            supply[produces[op]]--;
            update(produces[op]);
        }
        if (requires[op] != NONE)
        {
            demand[requires[op]]--;
            update(requires[op]);
        }
    }

    /** The search undid the linearization of {@code op}. */
    void undone(final int op)
    {
        if (requires[op] != NONE)
        {
            demand[requires[op]]++;
            update(requires[op]);
        }
        if (produces[op] != NONE)
        {
            supply[produces[op]]++;
            update(produces[op]);
        }
    }

    /** @return true if, with the register holding {@code state}, some unlinearized operation never can be. */
    boolean anyStranded(final long state)
    {
        return strandedValueId(state) != NONE;
    }

    /**
     * For reports: an operation that is stranded when the register holds {@code state}.
     *
     * @param isLinearized tells which operations are linearized in the current configuration.
     * @return the earliest-invoked stranded operation, or -1 if none is.
     */
    int strandedOperation(final long state, final IntPredicate isLinearized)
    {
        final int id = strandedValueId(state);
        if (id == NONE)
        {
            return NONE;
        }
        for (int i = requirersStart[id]; i < requirersStart[id + 1]; i++)
        {
            if (!isLinearized.test(requirers[i]))
            {
                return requirers[i];
            }
        }
        return NONE;
    }

    private int strandedValueId(final long state)
    {
        final int first = nextStranded[sentinel];
        if (first == sentinel)
        {
            return NONE;
        }
        if (valueOfId[first] != state)
        {
            return first;
        }
        final int second = nextStranded[first];
        return second == sentinel ? NONE : second;
    }

    private boolean isStranded(final int id)
    {
        return demand[id] > 0 && supply[id] == 0;
    }

    private void update(final int id)
    {
        final boolean stranded = isStranded(id);
        if (stranded && !linked[id])
        {
            link(id);
        }
        else if (!stranded && linked[id])
        {
            nextStranded[prevStranded[id]] = nextStranded[id];
            prevStranded[nextStranded[id]] = prevStranded[id];
            linked[id] = false;
        }
    }

    private void link(final int id)
    {
        final int first = nextStranded[sentinel];
        nextStranded[id] = first;
        prevStranded[id] = sentinel;
        prevStranded[first] = id;
        nextStranded[sentinel] = id;
        linked[id] = true;
    }
}
