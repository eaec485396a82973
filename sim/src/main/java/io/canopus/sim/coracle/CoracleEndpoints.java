package io.canopus.sim.coracle;

import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.coracle.CoracleScenario.NodeKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Coracle network's nodes become simulator endpoints. Servers become cluster nodes
 * {@code 0..n-1}, rack by rack (racks from {@link CoracleScenario#racks()}, so each rack's ids are
 * consecutive, as {@link ClusterTopology} numbers them); clients become client endpoints
 * {@code n..n+c-1} in ascending Coracle id. Hubs are no endpoint: they only forward, inside the
 * path model.
 */
public final class CoracleEndpoints
{
    private final int[] coracleIdOfEndpoint;
    private final Map<Integer, Integer> endpointOfCoracleId = new HashMap<>();
    private final int[][] racks;
    private final int serverCount;

    private CoracleEndpoints(final CoracleScenario scenario)
    {
        final List<List<Integer>> coracleRacks = scenario.racks();
        final List<Integer> clients = new ArrayList<>(scenario.nodeIds(NodeKind.CLIENT));
        Collections.sort(clients);
        int servers = 0;
        for (final List<Integer> rack : coracleRacks)
        {
            servers += rack.size();
        }
        if (servers == 0)
        {
            throw new CoracleFormatException(scenario.source(), "$.network.nodes", "no server: nothing to run a protocol on");
        }
        this.serverCount = servers;
        this.coracleIdOfEndpoint = new int[servers + clients.size()];
        this.racks = new int[coracleRacks.size()][];
        int endpoint = 0;
        for (int r = 0; r < coracleRacks.size(); r++)
        {
            final List<Integer> rack = coracleRacks.get(r);
            racks[r] = new int[rack.size()];
            for (int i = 0; i < rack.size(); i++)
            {
                racks[r][i] = endpoint;
                map(rack.get(i), endpoint++);
            }
        }
        for (final int client : clients)
        {
            map(client, endpoint++);
        }
    }

    private void map(final int coracleId, final int endpoint)
    {
        coracleIdOfEndpoint[endpoint] = coracleId;
        endpointOfCoracleId.put(coracleId, endpoint);
    }

    /** @return the endpoints of {@code scenario}'s servers and clients. */
    public static CoracleEndpoints of(final CoracleScenario scenario)
    {
        return new CoracleEndpoints(scenario);
    }

    /** @return the cluster's topology: one rack per group of servers that share a hub. */
    public ClusterTopology topology(final int fanout)
    {
        return ClusterTopology.of(racks, fanout);
    }

    public int serverCount()
    {
        return serverCount;
    }

    public int clientCount()
    {
        return coracleIdOfEndpoint.length - serverCount;
    }

    /** @return servers plus clients. */
    public int endpointCount()
    {
        return coracleIdOfEndpoint.length;
    }

    /** @return the Coracle node id of simulator endpoint {@code endpoint}. */
    public int coracleId(final int endpoint)
    {
        return coracleIdOfEndpoint[endpoint];
    }

    /** @return the endpoint of Coracle server or client {@code coracleId}, or -1 for a hub or an unknown id. */
    public int endpointOf(final int coracleId)
    {
        final Integer endpoint = endpointOfCoracleId.get(coracleId);
        return endpoint == null ? -1 : endpoint;
    }

    /** @return true when {@code endpoint} is a server (a cluster node), false for a client. */
    public boolean isServer(final int endpoint)
    {
        return endpoint < serverCount;
    }
}
