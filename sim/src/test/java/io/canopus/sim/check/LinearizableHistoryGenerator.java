package io.canopus.sim.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds histories that are linearizable by construction: closed-loop clients issue operations with random
 * [invoke, complete] intervals, each operation gets a random linearization point inside its interval, and
 * the operations are executed against a sequential key-value map in linearization-point order to fill in
 * what each client observed. Pending operations (a client's last) took effect or not at random.
 */
final class LinearizableHistoryGenerator
{
    private final Random random;
    private int clients = 8;
    private int keys = 3;
    private int opsPerClient = 20;
    private int maxValue = 5;
    private double pendingProbability = 0.03;
    private int maxGap = 10;
    private int maxDuration = 60;

    LinearizableHistoryGenerator(final long seed)
    {
        random = new Random(seed);
    }

    LinearizableHistoryGenerator clients(final int clients)
    {
        this.clients = clients;
        return this;
    }

    LinearizableHistoryGenerator keys(final int keys)
    {
        this.keys = keys;
        return this;
    }

    LinearizableHistoryGenerator opsPerClient(final int opsPerClient)
    {
        this.opsPerClient = opsPerClient;
        return this;
    }

    /** Small ranges make many writes indistinguishable, which forces the search to backtrack. */
    LinearizableHistoryGenerator maxValue(final int maxValue)
    {
        this.maxValue = maxValue;
        return this;
    }

    LinearizableHistoryGenerator pendingProbability(final double pendingProbability)
    {
        this.pendingProbability = pendingProbability;
        return this;
    }

    LinearizableHistoryGenerator timing(final int maxGap, final int maxDuration)
    {
        this.maxGap = maxGap;
        this.maxDuration = maxDuration;
        return this;
    }

    Random random()
    {
        return random;
    }

    private static final class Planned
    {
        int client;
        long session;
        long sequence;
        KvOperation.Type type;
        long key;
        long value;
        long expected;
        boolean ok = true;
        long invoke;
        long complete;
        long point;
        double tieBreak;
        boolean pending;
        boolean takesEffect = true;

        KvOperation toOperation()
        {
            return new KvOperation(client, session, sequence, type, key, value, expected, ok, invoke,
                pending ? KvOperation.PENDING : complete);
        }
    }

    List<KvOperation> generate()
    {
        final List<Planned> planned = new ArrayList<>();
        for (int c = 0; c < clients; c++)
        {
            long time = random.nextInt(maxGap + 1);
            for (int j = 0; j < opsPerClient; j++)
            {
                final Planned op = new Planned();
                op.client = c;
                op.session = 1000L + c;
                op.key = random.nextInt(keys);
                final int roll = random.nextInt(100);
                op.type = roll < 40 ? KvOperation.Type.GET : roll < 75 ? KvOperation.Type.PUT : KvOperation.Type.CAS;
                if (op.type != KvOperation.Type.GET)
                {
                    op.sequence = j + 1;
                    op.value = 1 + random.nextInt(maxValue);
                    op.expected = random.nextInt(10) < 3 ? KvOperation.ABSENT : 1 + random.nextInt(maxValue);
                }
                else
                {
                    op.expected = KvOperation.ABSENT;
                }
                op.invoke = time + random.nextInt(maxGap + 1);
                op.complete = op.invoke + random.nextInt(maxDuration + 1);
                op.point = op.invoke + (long)(random.nextDouble() * (op.complete - op.invoke + 1));
                op.point = Math.min(op.point, op.complete);
                op.tieBreak = random.nextDouble();
                time = op.complete;
                planned.add(op);
                if (random.nextDouble() < pendingProbability)
                {
                    op.pending = true;
                    op.takesEffect = random.nextBoolean();
                    break;
                }
            }
        }

        final List<Planned> byPoint = new ArrayList<>(planned);
        byPoint.sort(Comparator.comparingLong((Planned p) -> p.point).thenComparingDouble(p -> p.tieBreak));
        final Map<Long, Long> store = new HashMap<>();
        for (final Planned op : byPoint)
        {
            final long current = store.getOrDefault(op.key, KvOperation.ABSENT);
            switch (op.type)
            {
                case GET -> op.value = op.pending ? 1 + random.nextInt(maxValue) : current;
                case PUT ->
                {
                    if (op.takesEffect)
                    {
                        store.put(op.key, op.value);
                    }
                }
                case CAS ->
                {
                    op.ok = current == op.expected;
                    if (op.ok && op.takesEffect)
                    {
                        store.put(op.key, op.value);
                    }
                }
            }
        }

        final List<KvOperation> history = new ArrayList<>(planned.size());
        for (final Planned op : planned)
        {
            history.add(op.toOperation());
        }
        return history;
    }
}
