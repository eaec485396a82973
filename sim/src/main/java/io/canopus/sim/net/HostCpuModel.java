package io.canopus.sim.net;

/**
 * A server's message processing as queues, layered over another {@link PathModel}: every message a
 * server sends or receives costs it a fixed time plus a time per byte, on one send queue and one
 * receive queue per server (its sending path and its protocol thread). A copy leaves once its sender
 * has worked through what it sent before, and is handed to its receiver once the receiver has worked
 * through what arrived before it. Without this, a simulated leader handles
 * any load in zero time, and "throughput at saturation" would only measure how many clients a run
 * was given.
 * <p>
 * Clients (endpoints at or above {@code serverCount}) are load generators and cost nothing.
 * <p>
 * Approximations, chosen for speed: queue positions are taken in send order (the simulator asks for
 * each copy's delay at send time), so a copy that overtakes an earlier one on a shorter path still
 * queues behind it; a copy enters the inner model's links at its send time, not when it leaves the
 * sender's queue; and a node's protocol logic is not delayed by its own sending work, only its
 * copies are. The costs are model inputs, not measurements of this engine.
 */
public final class HostCpuModel implements PathModel
{
    private final PathModel inner;
    private final int serverCount;
    private final long perMessageNs;
    private final double perByteNs;
    private final long[] sendBusyUntilNs;
    private final long[] receiveBusyUntilNs;

    /**
     * @param inner        the network paths.
     * @param serverCount  endpoints {@code 0..serverCount-1} are servers with a CPU.
     * @param perMessageNs cost of sending or receiving one message, >= 0.
     * @param perByteNs    cost per byte sent or received, >= 0.
     */
    public HostCpuModel(final PathModel inner, final int serverCount, final long perMessageNs, final double perByteNs)
    {
        if (serverCount < 1 || perMessageNs < 0 || !(perByteNs >= 0))
        {
            throw new IllegalArgumentException("serverCount >= 1, perMessageNs >= 0 and perByteNs >= 0 expected: " + serverCount +
                ", " + perMessageNs + ", " + perByteNs);
        }
        this.inner = inner;
        this.serverCount = serverCount;
        this.perMessageNs = perMessageNs;
        this.perByteNs = perByteNs;
        this.sendBusyUntilNs = new long[serverCount];
        this.receiveBusyUntilNs = new long[serverCount];
    }

    /** @return the model this one adds processing queues to. */
    public PathModel inner()
    {
        return inner;
    }

    @Override
    public long delayNs(final int fromEndpoint, final int toEndpoint, final int length, final long nowNs)
    {
        final long cost = perMessageNs + (long)(perByteNs * length);
        long leaveNs = nowNs;
        if (fromEndpoint < serverCount)
        {
            leaveNs = Math.max(nowNs, sendBusyUntilNs[fromEndpoint]) + cost;
            sendBusyUntilNs[fromEndpoint] = leaveNs;
        }
        // The inner model is asked at the send time: path models see time only move forward.
        final long pathNs = inner.delayNs(fromEndpoint, toEndpoint, length, nowNs);
        if (pathNs < 0)
        {
            return pathNs; // NO_PATH or LOST: the receiver never sees it
        }
        long doneNs = leaveNs + pathNs;
        if (toEndpoint < serverCount)
        {
            doneNs = Math.max(doneNs, receiveBusyUntilNs[toEndpoint]) + cost;
            receiveBusyUntilNs[toEndpoint] = doneNs;
        }
        return Math.max(1, doneNs - nowNs);
    }

    @Override
    public boolean duplicateLast()
    {
        return inner.duplicateLast();
    }
}
