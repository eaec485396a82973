/**
 * JMH benchmarks of the engine's hot paths and of the simulator; run them with {@code scripts/jmh}
 * (see {@code scripts/jmh --help}), which builds {@code perf/target/benchmarks.jar} and gives every
 * forked JVM the flags of {@code jvm.properties}.
 * <ul>
 *   <li>{@link io.canopus.perf.CodecBenchmark}: encode, decode and validate every hot message
 *   (proposal, stability report, state request and header, client request and response, KV command,
 *   Raft append entries and its response).</li>
 *   <li>{@code io.canopus.engine.canopus.CycleMergeBenchmark}: order and merge one cycle's proposals
 *   into its journal record (in the engine's package, whose commit classes are package-private).</li>
 *   <li>{@link io.canopus.perf.JournalBenchmark}: journal append and recent read on Chronicle Queue.</li>
 *   <li>{@link io.canopus.perf.SimEventBenchmark}: one simulator event of a loaded simulation.</li>
 *   <li>{@link io.canopus.perf.NodeCycleBenchmark}: one client write through a full consensus cycle of
 *   three real Canopus nodes ({@link io.canopus.perf.InMemoryCluster}, {@link io.canopus.perf.RingDurableLog}).</li>
 *   <li>{@link io.canopus.perf.SimulatorBenchmark}: whole 1-second simulations, and the simulator's event rate.</li>
 * </ul>
 * All but the whole-run simulator benchmarks must show {@code gc.alloc.rate.norm} of ~0 B/op under
 * {@code -prof gc}; {@link io.canopus.perf.guard.AllocationGuard} ({@code scripts/alloc-guard}) checks it.
 * <p>
 * Cluster benchmarks are {@code scripts/bench}: {@link io.canopus.perf.bench.BenchCommand} runs
 * Canopus ({@link io.canopus.perf.bench.CanopusSystem}) and a 3-member Aeron Cluster
 * ({@link io.canopus.perf.aeroncluster.AeronClusterBed}) under the same open-loop rig, with a
 * {@link io.canopus.perf.bench.SaturationSearch} per system and size and the raw multicast ceiling
 * ({@link io.canopus.perf.ceiling.MulticastCeiling}).
 */
package io.canopus.perf;
