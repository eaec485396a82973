/**
 * The simulated network: per-link delay with jitter, loss, duplication and reordering, rack
 * multicast as independent copies, partitions, isolation, loss bursts and paused nodes, with
 * counters of every copy's fate. Messages travel in pooled slabs.
 */
package io.canopus.sim.net;
