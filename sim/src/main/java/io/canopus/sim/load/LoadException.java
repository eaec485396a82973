package io.canopus.sim.load;

/** A load that could not run: a client could not be opened or got no answer from the cluster. */
public final class LoadException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public LoadException(final String message)
    {
        super(message);
    }

    public LoadException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
