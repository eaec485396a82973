package io.canopus.sim.check;

import java.util.Locale;

/** Outcome of a checker: proven fine, proven broken, or not decidable from this run. */
public enum Verdict
{
    OK, VIOLATED, UNKNOWN;

    /** @return the lower-case name used in JSON output: "ok", "violated", "unknown". */
    public String jsonName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
