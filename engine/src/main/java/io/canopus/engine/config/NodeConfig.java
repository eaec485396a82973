package io.canopus.engine.config;

/**
 * One node of a cluster config: {@code {"id": 0, "host": "10.0.1.7", "port": 40001, "clientPort": 40501}}.
 * Every field is required. Values are checked when the record becomes part of a {@link ClusterConfig}.
 *
 * @param id         the node's id in the protocol core: ids of a cluster are exactly 0..n-1, in any order.
 * @param host       where peers reach the node: a literal IPv4 address or a host name (not resolved).
 * @param port       the UDP port of the node's protocol traffic between racks (Aeron unicast).
 * @param clientPort the UDP port on which the node takes client requests.
 */
public record NodeConfig(int id, String host, int port, int clientPort)
{
    /**
     * @return the endpoint of the node's protocol traffic, {@code host:port}.
     */
    public Endpoint endpoint()
    {
        return new Endpoint(host, port);
    }

    /**
     * @return the endpoint clients send to, {@code host:clientPort}.
     */
    public Endpoint clientEndpoint()
    {
        return new Endpoint(host, clientPort);
    }
}
