package io.canopus.sim.load;

import io.canopus.engine.client.CanopusClient;
import org.agrona.DirectBuffer;

/**
 * What an {@link OpenLoopLoad} worker needs of a client: the offers and the poll of
 * {@link CanopusClient}, with its codes ({@link CanopusClient#BACK_PRESSURED},
 * {@link CanopusClient#NOT_CONNECTED}, {@link CanopusClient#TOO_LARGE}). Used from one thread.
 */
public interface LoadClient extends AutoCloseable
{
    /** @return a correlation id (>= 0) that the listener will see, or a negative code. */
    long offerWrite(DirectBuffer command, int offset, int length);

    /** @return a correlation id (>= 0) that the listener will see, or a negative code. */
    long offerRead(DirectBuffer query, int offset, int length);

    /** Receives responses and calls the listener; @return work done. */
    int poll();

    @Override
    void close();

    /** @return {@code client} as a load client; closing it closes the client. */
    static LoadClient of(final CanopusClient client)
    {
        return new LoadClient()
        {
            @Override
            public long offerWrite(final DirectBuffer command, final int offset, final int length)
            {
                return client.offerWrite(command, offset, length);
            }

            @Override
            public long offerRead(final DirectBuffer query, final int offset, final int length)
            {
                return client.offerRead(query, offset, length);
            }

            @Override
            public int poll()
            {
                return client.poll();
            }

            @Override
            public void close()
            {
                client.close();
            }

            @Override
            public String toString()
            {
                return "CanopusClient " + client.clientId();
            }
        };
    }
}
