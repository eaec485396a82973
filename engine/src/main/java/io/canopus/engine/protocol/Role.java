package io.canopus.engine.protocol;

/**
 * The role a replica of a leader-based protocol (Raft) holds, reported through
 * {@link OutputSink#onRoleChange(Role, long, int)} so that the simulator can plot modes and terms over
 * time and count leader changes. Canopus has no leader and does not report roles.
 */
public enum Role
{
    FOLLOWER,
    /** Raft's optional pre-vote phase: asking whether an election could be won before raising the term. */
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
