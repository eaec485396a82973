package io.canopus.sim.fault;

import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.kernel.Event;
import io.canopus.sim.kernel.EventLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random faults inside the model the protocol promises to survive.
 * <p>
 * Kinds: crash then restart after a downtime; a pause of one node; a loss burst inside one rack;
 * a partition of the racks into two groups; the isolation of one node from everyone. Each heals after
 * a bounded duration, and all heal by {@code faultsEndNs} (a final heal-all runs then as a safety
 * net), so the rest of the run shows whether the protocol recovers. {@link #lastHealNs()} tells the
 * liveness checker when the last fault ended.
 * <p>
 * The minority rule: in every rack at most {@code (rackSize - 1) / 2} nodes are down at once, where
 * down means crashed, paused, isolated, within {@link #SETTLE_NS} of healing from one of those (or
 * of a loss burst in its rack, which can get a live member removed), or running but not (yet,
 * again) an active member of its
 * rack's view, as reported by the node itself. A node that restarted therefore keeps counting as
 * down until it has rejoined. Before taking a node down the generator checks
 * {@code down(rack) + 1 <= (rackSize - 1) / 2}; if no node qualifies the fault is skipped. Racks of
 * one or two nodes are never touched by node faults. Rack partitions take no node down (the
 * paper's model lets the system block under them, safely); a loss burst starts only in a rack with
 * no node down and keeps the rack's budget until it has settled.
 * <p>
 * Decisions are made when a fault is due, against the cluster's state then, and every draw comes from
 * this generator's own random stream in event order, so a seed gives the same faults.
 */
public final class FaultGenerator
{
    private static final int NEXT = 0;
    private static final int RESTART = 1;
    private static final int RESUME = 2;
    private static final int LOSS_END = 3;
    private static final int PARTITION_HEAL = 4;
    private static final int UNISOLATE = 5;
    private static final int HEAL_ALL = 6;

    /** {@link #lastHealNs()} when no fault was ever injected. */
    public static final long NO_FAULTS = -1;

    private final FaultSettings settings;
    private final FaultTarget target;
    private final EventLoop loop;
    private final SplittableRandom random;
    private final long faultsEndNs;
    private final ClusterTopology topology;
    private final int eventType;

    private final boolean[] crashed;
    private final boolean[] paused;
    private final boolean[] isolated;
    private final boolean[] lossBurst;
    private final int[] scratch;
    private boolean partitioned;

    private final List<FaultEvent> events = new ArrayList<>();
    private long lastHealNs = NO_FAULTS;
    /**
     * A node whose fault just healed may still be removed by a view change its fault set off; a rack
     * under a loss burst may lose a member the same way. Until this time the node counts as down,
     * so the generator never takes a second node of the rack down while such a removal can be in flight.
     */
    private final long[] unsettledUntilNs;
    private long injected;
    private long skipped;

    /**
     * @param settings    the fault model.
     * @param target      what faults act on.
     * @param loop        the event loop.
     * @param random      this generator's own stream.
     * @param faultsEndNs when every fault must have healed.
     */
    public FaultGenerator(
        final FaultSettings settings,
        final FaultTarget target,
        final EventLoop loop,
        final SplittableRandom random,
        final long faultsEndNs)
    {
        this.settings = settings;
        this.target = target;
        this.loop = loop;
        this.random = random;
        this.faultsEndNs = faultsEndNs;
        this.topology = target.topology();
        this.crashed = new boolean[topology.nodeCount()];
        this.paused = new boolean[topology.nodeCount()];
        this.isolated = new boolean[topology.nodeCount()];
        this.lossBurst = new boolean[topology.rackCount()];
        this.unsettledUntilNs = new long[topology.nodeCount()];
        this.scratch = new int[topology.nodeCount()];
        this.eventType = loop.register(this::onEvent);
    }

    /** Schedules the first fault and the final heal-all. */
    public void start()
    {
        if (settings.totalWeight() == 0 || faultsEndNs <= loop.nowNs())
        {
            return;
        }
        loop.schedule(faultsEndNs, eventType, HEAL_ALL, -1, 0);
        scheduleNext(loop.nowNs());
    }

    /** @return when the last fault healed, or {@link #NO_FAULTS} when none was injected. */
    public long lastHealNs()
    {
        return lastHealNs;
    }

    public long faultsEndNs()
    {
        return faultsEndNs;
    }

    /** @return faults started. */
    public long injected()
    {
        return injected;
    }

    /** @return faults drawn but not started because no node or rack qualified. */
    public long skipped()
    {
        return skipped;
    }

    /** @return every action taken, in order. */
    public List<FaultEvent> events()
    {
        return Collections.unmodifiableList(events);
    }

    /** @return true when node {@code node} counts as down for the minority rule now. */
    public boolean isDown(final int node)
    {
        return crashed[node] || paused[node] || isolated[node] || loop.nowNs() < unsettledUntilNs[node] || !target.isUpAndActive(node);
    }

    /** Time a healed node keeps counting as down: suspicion plus a view change and a rejoin, with margin. */
    public static final long SETTLE_NS = 200_000_000L;

    private void unsettle(final int node, final long untilNs)
    {
        unsettledUntilNs[node] = Math.max(unsettledUntilNs[node], untilNs);
    }

    /** @return the number of nodes of {@code rack} that count as down now. */
    public int downInRack(final int rack)
    {
        int down = 0;
        for (final int node : topology.rackNodes(rack))
        {
            if (isDown(node))
            {
                down++;
            }
        }
        return down;
    }

    /** @return the most nodes of a rack of {@code size} that may be down at once. */
    public static int maxDown(final int size)
    {
        return (size - 1) / 2;
    }

    private void onEvent(final Event e)
    {
        perform(e.target, e.intArg, e.timeNs);
    }

    private void perform(final int action, final int node, final long now)
    {
        switch (action)
        {
            case NEXT:
                injectRandom(now);
                scheduleNext(now);
                break;
            case RESTART:
                if (crashed[node])
                {
                    crashed[node] = false;
                    unsettle(node, now + SETTLE_NS);
                    target.restart(node);
                    healed(now, FaultEvent.Kind.RESTART, node, "");
                }
                break;
            case RESUME:
                if (paused[node])
                {
                    paused[node] = false;
                    unsettle(node, now + SETTLE_NS);
                    target.resume(node);
                    healed(now, FaultEvent.Kind.RESUME, node, "");
                }
                break;
            case LOSS_END:
                if (lossBurst[node])
                {
                    lossBurst[node] = false;
                    for (final int member : topology.rackNodes(node))
                    {
                        unsettle(member, now + SETTLE_NS);
                    }
                    target.setRackLoss(node, 0.0);
                    healed(now, FaultEvent.Kind.LOSS_END, node, "");
                }
                break;
            case PARTITION_HEAL:
                if (partitioned)
                {
                    partitioned = false;
                    target.setRackGroups(null);
                    healed(now, FaultEvent.Kind.PARTITION_HEAL, -1, "");
                }
                break;
            case UNISOLATE:
                if (isolated[node])
                {
                    isolated[node] = false;
                    unsettle(node, now + SETTLE_NS);
                    target.setIsolated(node, false);
                    healed(now, FaultEvent.Kind.UNISOLATE, node, "");
                }
                break;
            case HEAL_ALL:
                healAll(now);
                break;
            default:
                throw new IllegalStateException("unknown fault action " + action);
        }
    }

    private void healAll(final long now)
    {
        for (int n = 0; n < crashed.length; n++)
        {
            perform(RESTART, n, now);
            perform(RESUME, n, now);
            perform(UNISOLATE, n, now);
        }
        for (int r = 0; r < lossBurst.length; r++)
        {
            perform(LOSS_END, r, now);
        }
        perform(PARTITION_HEAL, -1, now);
    }

    private void scheduleNext(final long now)
    {
        final double u = random.nextDouble();
        final long gap = Math.max(1, (long)(-settings.meanIntervalNs() * Math.log(1.0 - u)));
        if (now + gap < faultsEndNs)
        {
            loop.schedule(now + gap, eventType, NEXT, -1, 0);
        }
    }

    private void injectRandom(final long now)
    {
        int draw = random.nextInt(settings.totalWeight());
        if ((draw -= settings.crashWeight()) < 0)
        {
            final int node = pickNodeToTakeDown();
            if (node < 0)
            {
                skipped++;
                return;
            }
            final long until = healTime(now, settings.minDowntimeNs(), settings.maxDowntimeNs());
            crashed[node] = true;
            target.crash(node);
            started(now, FaultEvent.Kind.CRASH, node, until, "");
            loop.schedule(until, eventType, RESTART, node, 0);
        }
        else if ((draw -= settings.pauseWeight()) < 0)
        {
            final int node = pickNodeToTakeDown();
            if (node < 0)
            {
                skipped++;
                return;
            }
            final long until = healTime(now, settings.minPauseNs(), settings.maxPauseNs());
            paused[node] = true;
            target.pause(node, until);
            started(now, FaultEvent.Kind.PAUSE, node, until, "");
            loop.schedule(until, eventType, RESUME, node, 0);
        }
        else if ((draw -= settings.lossBurstWeight()) < 0)
        {
            final int rack = random.nextInt(topology.rackCount());
            // A burst can get a live member removed, so it needs the rack's whole failure budget:
            // none down when it starts, and no other fault in the rack until it has settled.
            if (lossBurst[rack] || topology.rackNodes(rack).length < 2 || downInRack(rack) > 0)
            {
                skipped++;
                return;
            }
            final double p = settings.minBurstLoss() + random.nextDouble() * (settings.maxBurstLoss() - settings.minBurstLoss());
            final long until = healTime(now, settings.minBurstNs(), settings.maxBurstNs());
            for (final int member : topology.rackNodes(rack))
            {
                unsettle(member, until + SETTLE_NS);
            }
            lossBurst[rack] = true;
            target.setRackLoss(rack, p);
            started(now, FaultEvent.Kind.LOSS_BURST, rack, until, String.format(java.util.Locale.ROOT, "loss=%.3f", p));
            loop.schedule(until, eventType, LOSS_END, rack, 0);
        }
        else if ((draw -= settings.partitionWeight()) < 0)
        {
            final int racks = topology.rackCount();
            if (partitioned || racks < 2)
            {
                skipped++;
                return;
            }
            final int[] groups = new int[racks];
            int inGroupOne = 0;
            for (int r = 0; r < racks; r++)
            {
                groups[r] = random.nextInt(2);
                inGroupOne += groups[r];
            }
            if (inGroupOne == 0 || inGroupOne == racks)
            {
                final int flip = random.nextInt(racks);
                groups[flip] ^= 1;
            }
            final long until = healTime(now, settings.minPartitionNs(), settings.maxPartitionNs());
            partitioned = true;
            target.setRackGroups(groups);
            started(now, FaultEvent.Kind.PARTITION, -1, until, "groups=" + Arrays.toString(groups));
            loop.schedule(until, eventType, PARTITION_HEAL, -1, 0);
        }
        else
        {
            final int node = pickNodeToTakeDown();
            if (node < 0)
            {
                skipped++;
                return;
            }
            final long until = healTime(now, settings.minIsolationNs(), settings.maxIsolationNs());
            isolated[node] = true;
            target.setIsolated(node, true);
            started(now, FaultEvent.Kind.ISOLATE, node, until, "");
            loop.schedule(until, eventType, UNISOLATE, node, 0);
        }
    }

    /** @return a node whose going down keeps its rack within the minority rule, or -1. */
    private int pickNodeToTakeDown()
    {
        int candidates = 0;
        for (int rack = 0; rack < topology.rackCount(); rack++)
        {
            final int[] nodes = topology.rackNodes(rack);
            if (downInRack(rack) + 1 > maxDown(nodes.length))
            {
                continue;
            }
            for (final int node : nodes)
            {
                if (!isDown(node))
                {
                    scratch[candidates++] = node;
                }
            }
        }
        return candidates == 0 ? -1 : scratch[random.nextInt(candidates)];
    }

    private long healTime(final long now, final long min, final long max)
    {
        final long duration = min + (max > min ? random.nextLong(max - min + 1) : 0);
        return Math.min(now + duration, faultsEndNs);
    }

    private void started(final long now, final FaultEvent.Kind kind, final int subject, final long until, final String detail)
    {
        injected++;
        events.add(new FaultEvent(now, kind, subject, until, detail));
    }

    private void healed(final long now, final FaultEvent.Kind kind, final int subject, final String detail)
    {
        lastHealNs = Math.max(lastHealNs, now);
        events.add(new FaultEvent(now, kind, subject, now, detail));
    }
}
