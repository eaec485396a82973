package io.canopus.perf.guard;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The guard's negative control: allocates a {@code new byte[64]} (80 bytes with its header) on every
 * op and returns it, so escape analysis cannot remove it. {@link AllocationGuardTest} asserts that the
 * guard reports it as a violation. Test sources only; it is not in {@code benchmarks.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 1, time = 1)
@Fork(1)
public class AllocatingBenchmark
{
    /** Allocates 64 bytes of payload per op. */
    @Benchmark
    public byte[] allocate()
    {
        return new byte[64];
    }
}
