package io.canopus.transport;

/**
 * Default Aeron stream ids of the channels a node uses. They only need to differ where two streams
 * share a channel (same media and endpoint): the rack group, each node's unicast endpoint and each
 * node's client endpoint are distinct channels, but all IPC streams of a process share
 * {@code aeron:ipc}, so IPC stream ids must be unique per node (client ingress) and per client
 * (responses) within one media driver.
 */
public final class StreamIds
{
    /** Rack multicast: round-1 proposals and reports to every member of the rack. */
    public static final int RACK = 1001;

    /** Unicast between nodes (same rack or other racks), received on each node's unicast endpoint. */
    public static final int PEER = 1002;

    /** Client requests to a node's UDP client endpoint. */
    public static final int CLIENT_INGRESS = 1003;

    /** A node's responses to a remote client's UDP response endpoint. */
    public static final int CLIENT_RESPONSE = 1004;

    /** Base of a node's IPC client ingress stream: node {@code n} listens on {@code base + n}. */
    public static final int CLIENT_IPC_INGRESS_BASE = 2000;

    /**
     * IPC response streams of in-process clients are {@code base | (correlation id & 0x3fffffff)},
     * taken from the media driver's correlation ids so that every client of one driver gets its own.
     */
    public static final int IPC_RESPONSE_BASE = 0x4000_0000;

    private StreamIds()
    {
    }

    /**
     * @param nodeId a node id.
     * @return the default IPC client ingress stream of that node, distinct per node so that several
     * nodes can share one process and one driver.
     */
    public static int clientIpcIngress(final int nodeId)
    {
        return CLIENT_IPC_INGRESS_BASE + nodeId;
    }

    /**
     * @param correlationId a fresh correlation id from the Aeron client ({@code nextCorrelationId()}),
     *                      unique for the lifetime of the media driver.
     * @return an IPC response stream id derived from it, in a range the fixed ids never use.
     */
    public static int ipcResponse(final long correlationId)
    {
        return IPC_RESPONSE_BASE | (int)(correlationId & 0x3FFF_FFFFL);
    }
}
