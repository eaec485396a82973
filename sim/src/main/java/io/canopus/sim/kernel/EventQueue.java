package io.canopus.sim.kernel;

import java.util.Arrays;

/**
 * The simulator's future-event list: a binary min-heap ordered by (time, insertion sequence), so that
 * events of equal time fire in the order they were scheduled and every run with the same inputs
 * replays identically.
 * <p>
 * Why primitive arrays: the simulator must sustain millions of events per second, and an object per
 * event would make the garbage collector part of the measurement. The heap holds (time, sequence, id)
 * in parallel arrays in heap order (comparisons touch no other memory); the payload of an event lives
 * in id-indexed arrays that do not move while the heap is reordered, and ids are recycled through a
 * free stack. Capacity doubles when needed, so steady state allocates nothing.
 * <p>
 * Not thread safe.
 */
public final class EventQueue
{
    private long[] heapTime;
    private long[] heapSeq;
    private int[] heapId;
    private int size;

    private int[] type;
    private int[] target;
    private int[] intArg;
    private long[] longArg;
    private int[] freeIds;
    private int freeCount;

    private long nextSequence;

    public EventQueue()
    {
        this(1024);
    }

    public EventQueue(final int initialCapacity)
    {
        final int capacity = Math.max(16, initialCapacity);
        heapTime = new long[capacity];
        heapSeq = new long[capacity];
        heapId = new int[capacity];
        type = new int[capacity];
        target = new int[capacity];
        intArg = new int[capacity];
        longArg = new long[capacity];
        freeIds = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeIds[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /** @return the number of scheduled events. */
    public int size()
    {
        return size;
    }

    public boolean isEmpty()
    {
        return size == 0;
    }

    /** @return the time of the earliest event, or {@link Long#MAX_VALUE} when empty. */
    public long peekTimeNs()
    {
        return size == 0 ? Long.MAX_VALUE : heapTime[0];
    }

    /** @return how many events were ever scheduled (also the next insertion sequence). */
    public long scheduledCount()
    {
        return nextSequence;
    }

    /** Schedules an event; equal times fire in the order of these calls. */
    public void schedule(final long timeNs, final int eventType, final int eventTarget, final int eventInt, final long eventLong)
    {
        if (freeCount == 0)
        {
            grow();
        }
        final int id = freeIds[--freeCount];
        type[id] = eventType;
        target[id] = eventTarget;
        intArg[id] = eventInt;
        longArg[id] = eventLong;
        siftUp(size++, timeNs, nextSequence++, id);
    }

    /**
     * Removes the earliest event and copies it into {@code out}.
     *
     * @return false when the queue is empty ({@code out} untouched).
     */
    public boolean poll(final Event out)
    {
        if (size == 0)
        {
            return false;
        }
        final int id = heapId[0];
        out.timeNs = heapTime[0];
        out.sequence = heapSeq[0];
        out.type = type[id];
        out.target = target[id];
        out.intArg = intArg[id];
        out.longArg = longArg[id];
        freeIds[freeCount++] = id;

        final int last = --size;
        if (last > 0)
        {
            siftDown(0, heapTime[last], heapSeq[last], heapId[last]);
        }
        return true;
    }

    private void siftUp(final int start, final long time, final long seq, final int id)
    {
        int hole = start;
        while (hole > 0)
        {
            final int parent = (hole - 1) >>> 1;
            final long pt = heapTime[parent];
            if (pt < time || (pt == time && heapSeq[parent] < seq))
            {
                break;
            }
            heapTime[hole] = pt;
            heapSeq[hole] = heapSeq[parent];
            heapId[hole] = heapId[parent];
            hole = parent;
        }
        heapTime[hole] = time;
        heapSeq[hole] = seq;
        heapId[hole] = id;
    }

    private void siftDown(final int start, final long time, final long seq, final int id)
    {
        final int n = size;
        int hole = start;
        while (true)
        {
            int child = (hole << 1) + 1;
            if (child >= n)
            {
                break;
            }
            final int right = child + 1;
            if (right < n && (heapTime[right] < heapTime[child] ||
                (heapTime[right] == heapTime[child] && heapSeq[right] < heapSeq[child])))
            {
                child = right;
            }
            final long ct = heapTime[child];
            if (time < ct || (time == ct && seq < heapSeq[child]))
            {
                break;
            }
            heapTime[hole] = ct;
            heapSeq[hole] = heapSeq[child];
            heapId[hole] = heapId[child];
            hole = child;
        }
        heapTime[hole] = time;
        heapSeq[hole] = seq;
        heapId[hole] = id;
    }

    private void grow()
    {
        final int oldCapacity = heapTime.length;
        final int capacity = oldCapacity << 1;
        heapTime = Arrays.copyOf(heapTime, capacity);
        heapSeq = Arrays.copyOf(heapSeq, capacity);
        heapId = Arrays.copyOf(heapId, capacity);
        type = Arrays.copyOf(type, capacity);
        target = Arrays.copyOf(target, capacity);
        intArg = Arrays.copyOf(intArg, capacity);
        longArg = Arrays.copyOf(longArg, capacity);
        freeIds = Arrays.copyOf(freeIds, capacity);
        // Hand out new ids lowest first, like the initial fill, so id reuse order stays deterministic.
        for (int i = capacity - 1; i >= oldCapacity; i--)
        {
            freeIds[freeCount++] = i;
        }
    }
}
