package io.canopus.transport;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Turns the fragments of one subscription back into whole frames for a {@link FrameHandler}: both
 * Aeron's own fragmentation (messages longer than the MTU) and the transport's chunks (frames longer
 * than the maximum message length, see {@link Chunks}), in one pass with one buffer per session.
 * <p>
 * Optionally drops the fragments of one session before doing any work on them: the node's own rack
 * multicast, which the node's media driver receives like any other member's (it must still be
 * consumed, or {@code fc=min} would hold the node's own publication back).
 * <p>
 * Unfragmented frames, the common case, are handed over in place with no copy and no map lookup.
 * Reassembly state is per Aeron session: a session's fragments arrive in order and the chunks of a
 * frame are contiguous in it. A frame that is not finished when the next one begins (its sender lost
 * its connection halfway) is dropped and counted; so is a frame longer than the limit, before it is
 * buffered, so a client cannot make the node allocate more than that limit per session.
 * <p>
 * Not thread safe: used by the polling thread only. No image handlers are used (they would run on
 * the Aeron client conductor's thread when it has one); state of sessions whose image has gone is
 * purged now and then instead.
 */
final class FrameAssembler implements FragmentHandler
{
    private static final int FLAGS_MASK = 0xC0;
    private static final int BEGIN = FrameDescriptor.BEGIN_FRAG_FLAG & 0xFF;
    private static final int END = FrameDescriptor.END_FRAG_FLAG & 0xFF;
    private static final int INITIAL_BUFFER_LENGTH = 16 * 1024;
    private static final int PURGE_THRESHOLD = 64;

    private final int source;
    private final int maxFrameLength;
    private final TransportCounters counters;
    private final Int2ObjectHashMap<Partial> partials = new Int2ObjectHashMap<>();
    private Subscription subscription;
    private boolean dropOwn;
    private int ownSessionId;
    private FrameHandler handler;

    /**
     * @param source         reported to the handler: {@link FrameHandler#PEER}, {@code CLIENT} or {@code NODE}.
     * @param maxFrameLength longest frame that is reassembled; longer ones are dropped and counted.
     * @param counters       where frames and drops are counted.
     */
    FrameAssembler(final int source, final int maxFrameLength, final TransportCounters counters)
    {
        this.source = source;
        this.maxFrameLength = maxFrameLength;
        this.counters = counters;
    }

    /** @param subscription polled with this assembler, checked when purging sessions that have gone. */
    void subscription(final Subscription subscription)
    {
        this.subscription = subscription;
    }

    /** @param sessionId the session whose fragments are dropped unseen (this node's own multicast). */
    void dropSession(final int sessionId)
    {
        this.ownSessionId = sessionId;
        this.dropOwn = true;
    }

    /**
     * Polls the subscription into a handler.
     *
     * @return fragments read.
     */
    int poll(final FrameHandler handler, final int fragmentLimit)
    {
        this.handler = handler;
        return subscription.poll(this, fragmentLimit);
    }

    /** Drops every partial frame (the subscription is being replaced or closed). */
    void reset()
    {
        partials.clear();
    }

    /** Handles one fragment; called by Aeron's poll. */
    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int sessionId = header.sessionId();
        if (dropOwn && sessionId == ownSessionId)
        {
            counters.onOwnFragmentDropped();
            return;
        }

        final long reserved = header.reservedValue();
        final boolean chunk = Chunks.isChunk(reserved);
        final int flags = header.flags() & FLAGS_MASK;
        if (!chunk && FLAGS_MASK == flags)
        {
            deliver(buffer, offset, length);
            return;
        }

        final boolean begins = (flags & BEGIN) != 0 && (!chunk || Chunks.isFirst(reserved));
        final boolean ends = (flags & END) != 0 && (!chunk || Chunks.isLast(reserved));
        Partial partial = partials.get(sessionId);
        if (begins)
        {
            final int expected = chunk ? Chunks.totalLength(reserved) : -1;
            if (chunk && (expected < 0 || expected > maxFrameLength))
            {
                counters.onOversizedFrame();
                if (null != partial)
                {
                    partial.active = false;
                }
                return;
            }
            if (null == partial)
            {
                partial = newPartial(sessionId);
            }
            else if (partial.active)
            {
                counters.onIncompleteFrame();
            }
            partial.begin(expected);
        }
        else if (null == partial || !partial.active)
        {
            // Joined the stream in the middle of a frame, or the frame was already dropped.
            return;
        }

        final int newLength = partial.length + length;
        if (newLength > maxFrameLength || (partial.expected >= 0 && newLength > partial.expected))
        {
            counters.onOversizedFrame();
            partial.active = false;
            return;
        }
        partial.buffer.putBytes(partial.length, buffer, offset, length);
        partial.length = newLength;

        if (ends)
        {
            partial.active = false;
            if (partial.expected >= 0 && partial.length != partial.expected)
            {
                counters.onIncompleteFrame();
                return;
            }
            deliver(partial.buffer, 0, partial.length);
        }
    }

    private void deliver(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.onFrameReceived(source);
        handler.onFrame(source, buffer, offset, length);
    }

    private Partial newPartial(final int sessionId)
    {
        if (partials.size() >= PURGE_THRESHOLD && null != subscription)
        {
            partials.values().removeIf(p -> null == subscription.imageBySessionId(p.sessionId));
        }
        final Partial partial = new Partial(sessionId);
        partials.put(sessionId, partial);
        return partial;
    }

    private static final class Partial
    {
        final int sessionId;
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_BUFFER_LENGTH);
        int length;
        int expected;
        boolean active;

        Partial(final int sessionId)
        {
            this.sessionId = sessionId;
        }

        void begin(final int expected)
        {
            this.length = 0;
            this.expected = expected;
            this.active = true;
        }
    }
}
