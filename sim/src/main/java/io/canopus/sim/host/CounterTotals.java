package io.canopus.sim.host;

import io.canopus.engine.protocol.NodeCounters;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Sums {@link NodeCounters} over a node's incarnations: a restart builds a new node with fresh
 * counters, yet a report wants the node's totals. Done by reflection over the public long fields
 * so that counters the engine adds later are summed without touching this class; it only runs at
 * crashes and at the end of a run, never per event.
 */
final class CounterTotals
{
    private static final Field[] FIELDS = longFields();

    private CounterTotals()
    {
    }

    /** Adds every counter of {@code part} into {@code total}. */
    static void addInto(final NodeCounters total, final NodeCounters part)
    {
        try
        {
            for (final Field f : FIELDS)
            {
                f.setLong(total, f.getLong(total) + f.getLong(part));
            }
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("NodeCounters fields must be public", ex);
        }
    }

    private static Field[] longFields()
    {
        final List<Field> fields = new ArrayList<>();
        for (final Field f : NodeCounters.class.getFields())
        {
            if (f.getType() == long.class && !Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()))
            {
                fields.add(f);
            }
        }
        return fields.toArray(new Field[0]);
    }
}
