/**
 * Statistics of a simulation run, a superset of Coracle's: what the network carried and dropped, what
 * the clients saw, what the protocol did (elections and terms for Raft, cycles and view changes for
 * Canopus), availability over time, and bytes per link and per message type. {@link
 * io.canopus.sim.stats.StatsCollector} observes a run as it happens without allocating per message;
 * {@link io.canopus.sim.stats.SimStats} is the immutable summary that JSON output and reports read.
 */
package io.canopus.sim.stats;
