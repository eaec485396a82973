package io.canopus.sim.workload;

/**
 * What the clients did over a run.
 *
 * @param opsStarted         operations invoked.
 * @param opsCompleted       operations answered with a definite outcome.
 * @param opsAbandoned       operations given up with an unknown outcome (recorded as pending).
 * @param retries            requests sent again after a timeout or a refusal.
 * @param timeouts           answers not received in time.
 * @param refusals           BUSY, NOT_MEMBER or REDIRECT answers.
 * @param staleResponses     answers to earlier operations or attempts, ignored.
 * @param malformedResponses frames or results that failed validation.
 * @param foreignFrames      well-formed frames that were not client responses.
 * @param arrivalsMissed     open-loop arrivals that found every client busy, so were not issued:
 *                           the offered rate exceeded what the client pool could carry.
 */
public record WorkloadCounters(
    long opsStarted,
    long opsCompleted,
    long opsAbandoned,
    long retries,
    long timeouts,
    long refusals,
    long staleResponses,
    long malformedResponses,
    long foreignFrames,
    long arrivalsMissed)
{
}
