package io.canopus.transport;

import org.agrona.DirectBuffer;

/**
 * Receives whole frames from a transport's poll: fragments are already reassembled, the node's own
 * multicast frames are already dropped.
 * <p>
 * The buffer is only valid during the call (it is the Aeron term buffer or a reassembly buffer that
 * is reused), so a handler that keeps a frame must copy it.
 */
@FunctionalInterface
public interface FrameHandler
{
    /** The frame came from another node of the cluster (rack multicast or unicast). */
    int PEER = 1;

    /** The frame came from a client, over its UDP or IPC ingress. */
    int CLIENT = 2;

    /** The frame is a node's response to this client ({@link ClientTransport#poll}). */
    int NODE = 3;

    /**
     * Called once per complete frame.
     *
     * @param source {@link #PEER}, {@link #CLIENT} or {@link #NODE}: which channel it came in on, so
     *               that client traffic (untrusted, from the outside) is never mistaken for peer
     *               traffic even if it is shaped like it.
     * @param buffer holding the frame.
     * @param offset of the frame in the buffer.
     * @param length of the frame in bytes.
     */
    void onFrame(int source, DirectBuffer buffer, int offset, int length);
}
