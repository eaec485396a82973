package io.canopus.sim.sweep;

import io.canopus.sim.SimResult;

import java.util.List;

/**
 * The result of one sweep point: its saturation run and every run that led there.
 *
 * @param point     the point, at the offered load of its best run.
 * @param best      the run with the highest throughput.
 * @param tries     every run of the point, in order of rising offered load.
 * @param saturated true when the last doubling raised throughput by less than the threshold (or
 *                  lowered it); false when the search stopped at its doubling limit still growing.
 * @param result    the simulator's result of the best run: verdicts, network and node counters.
 */
public record SweepOutcome(SweepPoint point, Measurement best, List<Measurement> tries, boolean saturated, SimResult result)
{
    public SweepOutcome
    {
        tries = List.copyOf(tries);
    }
}
