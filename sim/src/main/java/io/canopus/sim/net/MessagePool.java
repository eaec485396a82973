package io.canopus.sim.net;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Pooled byte slabs holding messages in flight. A sender's buffer is only valid during its send
 * call, so the network copies each message once into a slab; every scheduled delivery of it (one
 * per multicast receiver, plus duplicates) holds a reference, and the slab returns to the pool when
 * the last delivery is done. Slabs come in power-of-two size classes from 64 bytes up, each class
 * with its own free stack, so steady state allocates nothing.
 * <p>
 * Receivers see the slab as a read-only {@link DirectBuffer}, which is why sharing one copy among
 * the receivers of a multicast is safe. Not thread safe.
 */
public final class MessagePool
{
    private static final int MIN_SHIFT = 6;
    private static final int CLASSES = 21; // 64 B .. 64 MiB

    private UnsafeBuffer[] buffers = new UnsafeBuffer[256];
    private int[] lengths = new int[256];
    private int[] refs = new int[256];
    private byte[] sizeClass = new byte[256];
    private int slotCount;

    private final int[][] free = new int[CLASSES][];
    private final int[] freeCount = new int[CLASSES];
    private long inUse;

    public MessagePool()
    {
        for (int c = 0; c < CLASSES; c++)
        {
            free[c] = new int[16];
        }
    }

    /**
     * Copies a message into a slab with one reference.
     *
     * @return the slot of the slab.
     */
    public int acquire(final DirectBuffer src, final int offset, final int length)
    {
        final int cls = classOf(length);
        final int slot;
        if (freeCount[cls] > 0)
        {
            slot = free[cls][--freeCount[cls]];
        }
        else
        {
            slot = newSlot(cls);
        }
        buffers[slot].putBytes(0, src, offset, length);
        lengths[slot] = length;
        refs[slot] = 1;
        inUse++;
        return slot;
    }

    /** Adds a reference (one more delivery will read this slab). */
    public void retain(final int slot)
    {
        refs[slot]++;
    }

    /** Drops a reference; the slab is recycled when none is left. */
    public void release(final int slot)
    {
        final int r = --refs[slot];
        if (r == 0)
        {
            final int cls = sizeClass[slot];
            if (freeCount[cls] == free[cls].length)
            {
                free[cls] = Arrays.copyOf(free[cls], freeCount[cls] << 1);
            }
            free[cls][freeCount[cls]++] = slot;
            inUse--;
        }
        else if (r < 0)
        {
            throw new IllegalStateException("slab " + slot + " released twice");
        }
    }

    public DirectBuffer buffer(final int slot)
    {
        return buffers[slot];
    }

    public int length(final int slot)
    {
        return lengths[slot];
    }

    /** @return slabs currently holding a message (for leak checks in tests). */
    public long inUse()
    {
        return inUse;
    }

    /** @return slabs ever created: stays flat in steady state. */
    public int slabsCreated()
    {
        return slotCount;
    }

    private int newSlot(final int cls)
    {
        if (slotCount == buffers.length)
        {
            final int capacity = slotCount << 1;
            buffers = Arrays.copyOf(buffers, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            refs = Arrays.copyOf(refs, capacity);
            sizeClass = Arrays.copyOf(sizeClass, capacity);
        }
        final int slot = slotCount++;
        buffers[slot] = new UnsafeBuffer(new byte[1 << (cls + MIN_SHIFT)]);
        sizeClass[slot] = (byte)cls;
        return slot;
    }

    private static int classOf(final int length)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("negative length " + length);
        }
        final int bits = length <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(length - 1);
        final int cls = Math.max(0, bits - MIN_SHIFT);
        if (cls >= CLASSES)
        {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the largest slab");
        }
        return cls;
    }
}
