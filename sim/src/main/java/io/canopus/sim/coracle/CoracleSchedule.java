package io.canopus.sim.coracle;

import io.canopus.sim.SimExtension;
import io.canopus.sim.Simulation;
import io.canopus.sim.coracle.CoracleScenario.StateChange;
import io.canopus.sim.coracle.CoracleScenario.Target;
import io.canopus.sim.host.SimCluster;
import io.canopus.sim.kernel.Event;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.net.PathModel;

import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Plays a Coracle scenario on a simulation: its links and hubs become the network's path model, and
 * its server changes become crashes and restarts, with Coracle's semantics: a server that goes down
 * drops what arrives and loses its timers and volatile state (its durable log survives, as Coracle's
 * Raft keeps term, vote and log); one that comes up boots again. A server the scenario has not
 * brought up by time 0 is taken down at time 0, right after the cluster boots.
 * <p>
 * Client changes act through the path model only: a down client neither sends nor receives (its
 * sends find no path), while its timers keep running, which is how the simulator's clients stay
 * closed-loop.
 */
public final class CoracleSchedule implements SimExtension
{
    private static final long NS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CoracleScenario scenario;
    private final CoracleEndpoints endpoints;
    private final BiFunction<CoracleScenario, CoracleEndpoints, PathModel> pathModel;

    /**
     * @param scenario  what to play.
     * @param endpoints how its nodes map to the simulation's endpoints.
     * @param pathModel builds the network's path model for the scenario.
     */
    public CoracleSchedule(
        final CoracleScenario scenario,
        final CoracleEndpoints endpoints,
        final BiFunction<CoracleScenario, CoracleEndpoints, PathModel> pathModel)
    {
        this.scenario = scenario;
        this.endpoints = endpoints;
        this.pathModel = pathModel;
    }

    @Override
    public void install(final Simulation simulation)
    {
        simulation.network().pathModel(pathModel.apply(scenario, endpoints));
        final SimCluster cluster = simulation.cluster();
        final EventLoop loop = simulation.loop();
        final int type = loop.register((final Event event) -> apply(cluster, event.target, event.intArg == 1));

        final CoracleNetwork atStart = CoracleNetwork.at(scenario, 0);
        for (int server = 0; server < endpoints.serverCount(); server++)
        {
            if (!atStart.nodeActive(endpoints.coracleId(server)))
            {
                loop.schedule(0, type, server, 0, 0);
            }
        }
        for (final StateChange change : scenario.changes())
        {
            if (change.timeMs() == 0 || change.target() != Target.NODE)
            {
                continue;
            }
            final int endpoint = endpoints.endpointOf(change.id());
            if (endpoint >= 0 && endpoints.isServer(endpoint))
            {
                loop.schedule(change.timeMs() * NS_PER_MS, type, endpoint, change.active() ? 1 : 0, 0);
            }
        }
    }

    private static void apply(final SimCluster cluster, final int node, final boolean active)
    {
        final boolean up = cluster.host(node).isUp();
        if (active && !up)
        {
            cluster.restart(node);
        }
        else if (!active && up)
        {
            cluster.crash(node);
        }
    }

    /** @return when the scenario's last change after time 0 happens, in ns, or -1 when all happen at time 0. */
    public static long lastChangeNs(final CoracleScenario scenario)
    {
        long last = -1;
        for (final StateChange change : scenario.changes())
        {
            if (change.timeMs() > 0)
            {
                last = Math.max(last, change.timeMs() * NS_PER_MS);
            }
        }
        return last;
    }
}
