package io.canopus.sim.kernel;

import io.canopus.engine.protocol.RandomSource;

import java.util.SplittableRandom;

/**
 * Derives every random stream of a simulation from one master seed.
 * <p>
 * Each stream is named by (component, index), e.g. ("node", id << 32 | incarnation) or
 * ("client", 7), and its seed is a SplitMix64 hash of (master, name, index). Deriving by name
 * rather than by splitting in creation order means that adding a component, or a component drawing
 * one more number, never shifts the streams of the others: a seed keeps meaning the same run as the
 * simulator grows, and each component's stream is independent of every other's.
 */
public final class Seeds
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long master;

    public Seeds(final long master)
    {
        this.master = master;
    }

    public long master()
    {
        return master;
    }

    /** @return the seed of stream (component, index). */
    public long seed(final String component, final long index)
    {
        long h = mix64(master ^ mix64(stableHash(component)));
        h = mix64(h + (index + 1) * GOLDEN_GAMMA);
        return h;
    }

    /** @return a fresh generator of stream (component, index). */
    public SplittableRandom random(final String component, final long index)
    {
        return new SplittableRandom(seed(component, index));
    }

    /** @return stream (component, index) as the protocol's {@link RandomSource}. */
    public RandomSource randomSource(final String component, final long index)
    {
        return random(component, index)::nextLong;
    }

    /** The SplitMix64 finalizer: a bijective, well-mixing 64-bit hash. */
    public static long mix64(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over the UTF-16 chars: fixed by this code, unlike anything JVM-dependent. */
    static long stableHash(final String name)
    {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < name.length(); i++)
        {
            h ^= name.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }
}
