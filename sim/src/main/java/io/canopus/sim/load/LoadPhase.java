package io.canopus.sim.load;

/** Where a load run is: sending before measuring, sending while measuring, or waiting for the last answers. */
public enum LoadPhase
{
    WARMUP,
    MEASURED,
    DRAIN
}
