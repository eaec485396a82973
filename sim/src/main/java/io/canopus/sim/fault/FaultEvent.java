package io.canopus.sim.fault;

/**
 * One fault action taken, for reports and tests.
 *
 * @param timeNs  when.
 * @param kind    what.
 * @param subject the node or rack acted on, or -1.
 * @param untilNs when it is scheduled to heal (equal to {@code timeNs} for a heal), or -1.
 * @param detail  a readable note (loss probability, rack groups).
 */
public record FaultEvent(long timeNs, Kind kind, int subject, long untilNs, String detail)
{
    /** Fault starts and heals. */
    public enum Kind
    {
        CRASH, RESTART, PAUSE, RESUME, LOSS_BURST, LOSS_END, PARTITION, PARTITION_HEAL, ISOLATE, UNISOLATE;

        /** @return true for the kinds that end a fault. */
        public boolean isHeal()
        {
            return this == RESTART || this == RESUME || this == LOSS_END || this == PARTITION_HEAL || this == UNISOLATE;
        }
    }
}
