package io.canopus.sim.check;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent, obviously-correct oracle for tiny histories: tries every order of the operations that
 * respects real time, written straight from {@link KvOperation}'s contract without sharing code with the
 * checker. Exponential; only for a handful of operations.
 *
 * <p>Real-time order: a precedes b iff a completed strictly before b was invoked (equal times are
 * concurrent). Unanswered GETs are ignored; unanswered PUT/CAS (and PUTs answered with a failure) are
 * optional and precede nothing.
 */
final class BruteForceLinearizability
{
    private final List<KvOperation> required = new ArrayList<>();
    private final List<KvOperation> optional = new ArrayList<>();

    private BruteForceLinearizability(final List<KvOperation> history)
    {
        for (final KvOperation op : history)
        {
            final boolean answered = !op.isPending();
            switch (op.type())
            {
                case GET ->
                {
                    if (answered && op.ok())
                    {
                        required.add(op);
                    }
                }
                case PUT -> (answered && op.ok() ? required : optional).add(op);
                case CAS -> (answered ? required : optional).add(op);
            }
        }
    }

    /** @return whether every key's history has a legal real-time-respecting order. */
    static boolean isLinearizable(final List<KvOperation> history)
    {
        return history.stream().map(KvOperation::key).distinct().allMatch(key ->
            new BruteForceLinearizability(history.stream().filter(op -> op.key() == key).toList())
                .search(new boolean[history.size()], new boolean[history.size()], KvOperation.ABSENT));
    }

    private boolean search(final boolean[] requiredDone, final boolean[] optionalDone, final long value)
    {
        boolean allDone = true;
        for (int i = 0; i < required.size(); i++)
        {
            allDone &= requiredDone[i];
        }
        if (allDone)
        {
            return true;
        }
        for (int i = 0; i < required.size(); i++)
        {
            final KvOperation op = required.get(i);
            if (!requiredDone[i] && isMinimal(op, requiredDone))
            {
                final Long next = step(op, value, false);
                if (next != null)
                {
                    requiredDone[i] = true;
                    final boolean found = search(requiredDone, optionalDone, next);
                    requiredDone[i] = false;
                    if (found)
                    {
                        return true;
                    }
                }
            }
        }
        for (int i = 0; i < optional.size(); i++)
        {
            final KvOperation op = optional.get(i);
            if (!optionalDone[i] && isMinimal(op, requiredDone))
            {
                final Long next = step(op, value, true);
                if (next != null)
                {
                    optionalDone[i] = true;
                    final boolean found = search(requiredDone, optionalDone, next);
                    optionalDone[i] = false;
                    if (found)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** No required operation still to be placed completed strictly before {@code op} was invoked. */
    private boolean isMinimal(final KvOperation op, final boolean[] requiredDone)
    {
        for (int j = 0; j < required.size(); j++)
        {
            if (!requiredDone[j] && required.get(j).completeNs() < op.invokeNs())
            {
                return false;
            }
        }
        return true;
    }

    /** @return the value after {@code op}, or null if {@code op} cannot happen at {@code value}. */
    private static Long step(final KvOperation op, final long value, final boolean optional)
    {
        return switch (op.type())
        {
            case GET -> op.value() == value ? value : null;
            case PUT -> op.value();
            case CAS ->
            {
                final boolean matches = value == op.expected();
                if (optional)
                {
                    yield matches ? op.value() : null;
                }
                if (op.ok())
                {
                    yield matches ? op.value() : null;
                }
                yield matches ? null : value;
            }
        };
    }
}
