package io.canopus.sim.check;

import java.util.Locale;

/**
 * One-line human descriptions of {@link KvOperation}s for violation reports. Times are printed in
 * milliseconds with six decimals, which is exact for nanosecond simulated time, so a line in a report
 * can be matched against the simulator's trace.
 */
final class OperationFormat
{
    private OperationFormat()
    {
    }

    /** @return e.g. {@code c3 CAS 7->9 ok (s12#4) [1.000000ms, 1.250000ms]}. */
    static String describe(final KvOperation op)
    {
        final StringBuilder sb = new StringBuilder(64);
        sb.append('c').append(op.clientId()).append(' ').append(op.type()).append(' ');
        switch (op.type())
        {
            case GET -> sb.append("-> ").append(value(op.value()));
            case PUT -> sb.append(value(op.value()));
            case CAS -> sb.append(value(op.expected())).append("->").append(value(op.value()))
                .append(op.isPending() ? "" : op.ok() ? " ok" : " failed");
        }
        if (op.type() != KvOperation.Type.GET)
        {
            sb.append(" (s").append(op.sessionId()).append('#').append(op.sequence()).append(')');
        }
        sb.append(" [").append(time(op.invokeNs())).append(", ")
            .append(op.isPending() ? "pending" : time(op.completeNs())).append(']');
        return sb.toString();
    }

    static String value(final long value)
    {
        return value == KvOperation.ABSENT ? "absent" : Long.toString(value);
    }

    static String time(final long ns)
    {
        return String.format(Locale.ROOT, "%d.%06dms", Math.floorDiv(ns, 1_000_000L), Math.floorMod(ns, 1_000_000L));
    }
}
