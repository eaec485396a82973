package io.canopus.sim.fault;

/** Whether a run injects faults: none at all, or the seeded random generator's. */
public enum FaultMode
{
    NONE, RANDOM
}
