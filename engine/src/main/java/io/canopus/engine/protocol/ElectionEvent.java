package io.canopus.engine.protocol;

/** What happened to an election, reported through {@link OutputSink#onElection}. */
public enum ElectionEvent
{
    STARTED,
    WON,
    LOST
}
