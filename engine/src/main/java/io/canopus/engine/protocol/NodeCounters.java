package io.canopus.engine.protocol;

/**
 * Plain counters of one node. Written by the node's own thread only; readers on other threads may
 * see slightly stale values, which is fine for monitoring.
 */
public final class NodeCounters
{
    public long messagesReceived;
    public long framesRejected;
    public long sendsFailed;
    public long cyclesStarted;
    public long cyclesCommitted;
    public long writesCommitted;
    public long writesDuplicate;
    public long readsAnswered;
    public long clientRejectedBusy;
    public long proposalPulls;
    public long stateFetches;
    /** Sibling states a representative did not request because its standing request covered them. */
    public long standingRequestHits;
    public long stateFetchFailovers;
    /** Fetches a non-representative made itself because the relayed state did not arrive in time. */
    public long ownStateFetches;
    public long relaysSent;
    public long viewChangesDecided;
    public long viewChangesStarted;
    public long catchUpCycles;
    /** Requests for a window of committed cycles, sent while more than a pipeline behind. */
    public long catchUpRequests;
    public long restarts;
    /** Whole-cluster restarts this node decided as the seed (see the Canopus core's ColdRestart). */
    public long coldRestarts;

    @Override
    public String toString()
    {
        return "NodeCounters{received=" + messagesReceived + ", rejected=" + framesRejected +
            ", sendsFailed=" + sendsFailed + ", cyclesStarted=" + cyclesStarted +
            ", cyclesCommitted=" + cyclesCommitted + ", writesCommitted=" + writesCommitted +
            ", writesDuplicate=" + writesDuplicate + ", readsAnswered=" + readsAnswered +
            ", busy=" + clientRejectedBusy + ", pulls=" + proposalPulls + ", fetches=" + stateFetches +
            ", failovers=" + stateFetchFailovers + ", relays=" + relaysSent +
            ", viewChanges=" + viewChangesDecided + ", catchUp=" + catchUpCycles + '}';
    }
}
