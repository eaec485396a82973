/**
 * A node's Aeron channels: UDP multicast inside its rack, UDP unicast to other nodes, and client
 * ingress/egress over UDP or IPC; plus the media driver the process runs.
 * <p>
 * <b>Pieces.</b> {@link io.canopus.transport.AeronHost} (one per process) runs the media driver, in
 * the node's duty cycle by default ({@link io.canopus.transport.MediaDriverMode#EMBEDDED_INVOKER}),
 * and one Aeron client. {@link io.canopus.transport.NodeTransport} (one per node) owns the node's
 * publications and subscriptions. {@link io.canopus.transport.ClientTransport} is the client
 * library's side. {@link io.canopus.transport.Channels} and {@link io.canopus.transport.StreamIds}
 * define the channel layout:
 * <pre>
 * rack      pub  aeron:udp?endpoint=GROUP:PORT|interface=IFACE|fc=min   stream 1001 (one per node)
 *           sub  aeron:udp?endpoint=GROUP:PORT|interface=IFACE          stream 1001
 * peers     pub  aeron:udp?endpoint=PEER_HOST:PORT                       stream 1002 (one per other node)
 *           sub  aeron:udp?endpoint=OWN_HOST:PORT                        stream 1002
 * clients   sub  aeron:udp?endpoint=CLIENT_HOST:PORT (optional)          stream 1003
 *           sub  aeron:ipc                                               stream 2000 + nodeId
 *           pub  the client's response channel (udp endpoint or ipc)    its stream (1004 for udp,
 *                with term-length=64k                                    0x40000000|n for ipc)
 * </pre>
 * <b>Sending.</b> Every publication is exclusive (one writer thread). Frames up to the max payload
 * go with {@code tryClaim}, up to the max message length (term/8) with {@code offer}, longer ones as
 * chunks marked in the header's reserved value. Back pressure and admin actions put the frame in the
 * destination's bounded pending queue ({@code QUEUED}); later frames to that destination queue
 * behind it, and {@code retryPending()} drains queues in order each duty cycle; a full queue gives
 * {@code QUEUE_FULL}. Everything other than {@code SENT} is counted in
 * {@link io.canopus.transport.TransportCounters}.
 * <p>
 * <b>Receiving.</b> {@code poll} reads the subscriptions in rotation under one fragment budget,
 * reassembles fragments and chunks per session, and drops the node's own multicast by the session
 * id of its own rack publication.
 */
package io.canopus.transport;
