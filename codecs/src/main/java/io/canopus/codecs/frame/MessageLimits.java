package io.canopus.codecs.frame;

/**
 * The bounds {@link FrameValidator} enforces on decode.
 *
 * <p>Why bounds at all: SBE lets a 16-bit count or length on the wire say "65534 entries" or
 * "65535 bytes". Without a limit that the protocol actually needs, one bad frame can make a node
 * iterate, copy or allocate far more than any legitimate message would, and the engine's
 * preallocated buffers would have to be sized for the worst case the wire format allows rather than
 * for the worst case the protocol produces. Encoders must respect the same limits (a frame that
 * breaks them is rejected by every receiver), so they are part of the wire contract: raise one only
 * together with every node of a cluster.
 */
public final class MessageLimits
{
    /**
     * Largest frame accepted: 1 MiB. Bounds everything below at once (a Proposal with the maximum
     * number of writes all at the maximum payload would not fit), and stays under Aeron's maximum
     * message length for its default 16 MiB term ({@code termLength / 8} = 2 MiB), so any accepted
     * frame can also be sent.
     */
    public static final int MAX_FRAME_LENGTH = 1 << 20;

    /**
     * Most writes in one Proposal: 4096. A node batches the writes it received since its previous
     * proposal; pacing (pipeline depth, heartbeat) starts a new cycle long before a node could
     * legitimately collect more, and the engine sizes its per-cycle write arrays from this bound.
     */
    public static final int MAX_WRITES_PER_PROPOSAL = 4096;

    /**
     * Most entries in one Raft AppendEntries: a leader sends at most this many per message (its
     * batches are bounded by the frame length first in practice), so a follower never loops over more.
     */
    public static final int MAX_RAFT_ENTRIES_PER_APPEND = 4096;

    /**
     * Largest payload of one write, client request or client response: 16 KiB. Commands and
     * results of a replicated state machine are small; a bound well below the 64 KiB the
     * {@code uint16} length allows keeps the client and journal buffers small and fixed.
     */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    /**
     * Largest value (or expected value) in a KvCommand or KvResult. A KvCommand travels as the
     * payload of a client request and of a write, so it can never be larger than
     * {@link #MAX_PAYLOAD_BYTES}; the state machine may enforce a smaller bound of its own.
     */
    public static final int MAX_KV_VALUE_BYTES = MAX_PAYLOAD_BYTES;

    /**
     * Most entries in a rack membership or report group: 256. Covers StabilityReport.held,
     * ViewPromise.held, ViewPromise.accepted, ViewAccept.entries and ViewDecided.entries: one entry
     * per member (current or recently removed) of a single rack. A rack is a super-leaf of a few
     * dozen nodes; 256 leaves room for history entries without letting a peer send 65534.
     */
    public static final int MAX_MEMBERSHIP_ENTRIES = 256;

    /**
     * Most entries in StateHeader.members: 4096. Unlike the rack groups above, a StateHeader names
     * every proposal of a vnode state, and at the root height (catch-up of a whole committed cycle)
     * that is one proposal per node of the <em>whole cluster</em>, not of one rack. So this bounds
     * the cluster size; it matches {@link #MAX_WRITES_PER_PROPOSAL} for symmetry, and 4096 entries of
     * 8 bytes stay far inside {@link #MAX_FRAME_LENGTH}.
     */
    public static final int MAX_STATE_MEMBERS = 4096;

    /**
     * Longest response channel a client may name in a ClientHello: 512 bytes. Aeron channel URIs
     * of a UDP endpoint or IPC stream are well under 200 characters; the node keeps one per
     * connected client, so the bound caps what a client can make it hold.
     */
    public static final int MAX_CHANNEL_LENGTH = 512;

    private MessageLimits()
    {
    }
}
