/**
 * Parameter sweeps: many simulation runs over racks, nodes per rack, bandwidth, latency, protocol
 * and workload mix, each driven to saturation and measured over a window after warm-up, gathered
 * into one comparison table and report.
 */
package io.canopus.sim.sweep;
