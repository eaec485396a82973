package io.canopus.sim.sweep;

import java.util.Locale;

/** The operation mix of a sweep point, as GET : PUT weights. */
public enum Mix
{
    /** 80% reads, 20% writes. */
    READ_HEAVY(80, 20),
    /** 20% reads, 80% writes. */
    WRITE_HEAVY(20, 80);

    private final int getWeight;
    private final int putWeight;

    Mix(final int getWeight, final int putWeight)
    {
        this.getWeight = getWeight;
        this.putWeight = putWeight;
    }

    public int getWeight()
    {
        return getWeight;
    }

    public int putWeight()
    {
        return putWeight;
    }

    /** @return the command-line name, e.g. {@code read-heavy}. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the mix named {@code label} ({@code read-heavy} or {@code write-heavy}). */
    public static Mix ofLabel(final String label)
    {
        for (final Mix mix : values())
        {
            if (mix.label().equals(label.toLowerCase(Locale.ROOT)))
            {
                return mix;
            }
        }
        throw new IllegalArgumentException("mix must be read-heavy or write-heavy, was '" + label + "'");
    }
}
