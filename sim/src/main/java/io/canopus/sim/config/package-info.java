/**
 * Our own network and run format (see {@code docs/network-format.md}): explicit racks, links with latency
 * distributions, bandwidth, queues, loss and duplication, timed events, random faults and workloads, read by
 * {@link io.canopus.sim.config.NetworkConfigReader} and turned into a run by {@link io.canopus.sim.config.NetworkConfigRun}.
 */
package io.canopus.sim.config;
