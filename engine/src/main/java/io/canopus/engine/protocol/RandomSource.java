package io.canopus.engine.protocol;

/**
 * Randomness as an input: the simulator forks it from one master seed so that runs replay exactly;
 * the runtime seeds it from the OS once at start.
 */
@FunctionalInterface
public interface RandomSource
{
    long nextLong();

    /** @return a uniform value in [0, bound). */
    default long nextLong(final long bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return Math.floorMod(nextLong(), bound);
    }
}
