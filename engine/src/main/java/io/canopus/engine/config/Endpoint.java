package io.canopus.engine.config;

/**
 * A UDP endpoint as written in a cluster config: a host (literal IPv4 address or host name, never
 * resolved by the config code) and a port.
 *
 * @param host a literal IPv4 address such as {@code 10.0.1.7} or a host name such as {@code node7}.
 * @param port 1..65535 once the config holding it has been validated.
 */
public record Endpoint(String host, int port)
{
    /**
     * @return {@code host:port}, the form Aeron channel URIs use for {@code endpoint=}.
     */
    @Override
    public String toString()
    {
        return host + ':' + port;
    }
}
