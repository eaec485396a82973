/**
 * JMH benchmarks of the engine's hot paths and of the simulator; run them with {@code scripts/jmh}
 * (see {@code scripts/jmh --help}), which builds {@code perf/target/benchmarks.jar} and gives every
 * forked JVM the flags of {@code jvm.properties}.
 * <ul>
 *   <li>{@link io.canopus.perf.CodecBenchmark}: encode, decode and validate a 16-write Proposal.</li>
 *   <li>{@link io.canopus.perf.NodeCycleBenchmark}: one client write through a full consensus cycle of
 *   three real Canopus nodes ({@link io.canopus.perf.InMemoryCluster}, {@link io.canopus.perf.RingDurableLog}).</li>
 *   <li>{@link io.canopus.perf.SimulatorBenchmark}: whole 1-second simulations, and the simulator's event rate.</li>
 * </ul>
 * The first two must show {@code gc.alloc.rate.norm} of ~0 B/op under {@code -prof gc}.
 */
package io.canopus.perf;
