package io.canopus.engine.protocol;

/**
 * Why an election started, or why it ended the way it did; the simulator counts elections by
 * {@link ElectionEvent} and reason, as Coracle's statistics do.
 */
public enum ElectionReason
{
    /** STARTED: the election timer fired with no word from a leader. */
    TIMEOUT,
    /** STARTED: a pre-vote round found a majority willing, so the real election began. */
    PRE_VOTE_GRANTED,
    /** WON: a majority granted its vote. */
    MAJORITY,
    /** LOST: a message with a higher term arrived. */
    HIGHER_TERM,
    /** LOST: a leader of the same term made itself known. */
    LEADER_SEEN,
    /** LOST: the election timed out without a majority (split vote or unreachable voters). */
    ELECTION_TIMEOUT,
    /** LOST: a pre-vote round was refused by a majority. */
    PRE_VOTE_REJECTED
}
