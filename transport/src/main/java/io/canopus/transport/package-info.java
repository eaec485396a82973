/**
 * A node's Aeron channels: UDP multicast inside its rack, UDP unicast to other racks, and client
 * ingress/egress over UDP or IPC; plus the media driver the process runs.
 */
package io.canopus.transport;
