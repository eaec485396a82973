/**
 * Open-loop key-value load against a real cluster over Aeron: a fixed rate of operations whose
 * latency is measured from each one's <em>intended</em> send time (free of coordinated omission),
 * recorded in HdrHistogram and written as {@code .hlog} interval logs. Used by the {@code load} and
 * {@code demo} commands and by the cluster benchmarks.
 */
package io.canopus.sim.load;
