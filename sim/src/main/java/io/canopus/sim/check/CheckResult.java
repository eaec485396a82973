package io.canopus.sim.check;

import java.util.Objects;

/**
 * What a checker concluded and why. The detail is meant for a human reading a failed run's report,
 * so it names the nodes, keys or operations involved; for {@link Verdict#OK} it is empty.
 *
 * @param verdict OK, VIOLATED or UNKNOWN.
 * @param detail  a short readable explanation; never null.
 */
public record CheckResult(Verdict verdict, String detail)
{
    private static final CheckResult OK = new CheckResult(Verdict.OK, "");

    public CheckResult
    {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return the property holds for the whole run. */
    public static CheckResult ok()
    {
        return OK;
    }

    /** @return the run proves the property broken; {@code detail} says where. */
    public static CheckResult violated(final String detail)
    {
        return new CheckResult(Verdict.VIOLATED, detail);
    }

    /** @return the run can neither prove nor refute the property (too short, search too large). */
    public static CheckResult unknown(final String detail)
    {
        return new CheckResult(Verdict.UNKNOWN, detail);
    }

    public boolean isOk()
    {
        return verdict == Verdict.OK;
    }
}
