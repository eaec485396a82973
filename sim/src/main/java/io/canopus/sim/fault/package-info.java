/**
 * Seeded random faults (crash/restart, pauses, loss bursts, rack partitions, node isolation) that
 * respect the protocol's fault model (a minority of each rack down at once) and all heal by a
 * deadline, leaving the rest of the run to show recovery.
 */
package io.canopus.sim.fault;
