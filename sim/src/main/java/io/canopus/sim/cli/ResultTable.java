package io.canopus.sim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The final table of {@code load} and {@code demo}: one aligned {@code label  value} row per figure. */
final class ResultTable
{
    private final List<String[]> rows = new ArrayList<>();

    ResultTable row(final String label, final String value)
    {
        rows.add(new String[] {label, value});
        return this;
    }

    ResultTable row(final String label, final String format, final Object... args)
    {
        return row(label, String.format(Locale.ROOT, format, args));
    }

    void print(final PrintWriter out)
    {
        int width = 0;
        for (final String[] row : rows)
        {
            width = Math.max(width, row[0].length());
        }
        for (final String[] row : rows)
        {
            out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", row[0], row[1]);
        }
        out.flush();
    }
}
