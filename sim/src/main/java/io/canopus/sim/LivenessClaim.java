package io.canopus.sim;

/**
 * What a run's liveness verdict asks for. Safety checkers pass on a cluster that does nothing, so
 * every run makes one of these claims, and a run without client load cannot make the first.
 */
public enum LivenessClaim
{
    /**
     * Client writes keep committing: steadily without faults, or again soon after the last fault
     * (random or scheduled) healed. The default.
     */
    PROGRESS,

    /**
     * The cluster becomes able to commit: a first commit of any kind (a Raft leader's no-op entry,
     * a Canopus cycle, empty or not) within the bound, or within the bound after the last fault
     * healed. For runs without clients, such as most of Coracle's own configurations, where there
     * are no writes to wait for and a Raft cluster with a stable leader rightly commits nothing more.
     */
    READY
}
