package io.canopus.sim;

/**
 * Part of a run's definition that is installed on a freshly built {@link Simulation} before it runs:
 * a described network's {@link io.canopus.sim.net.PathModel}, a scripted schedule of events, an
 * observer. Being part of the {@link SimConfig} keeps a run a function of its config alone: an
 * extension must be deterministic (schedule through the simulation's loop, draw only from
 * {@link Simulation#seeds()}).
 */
@FunctionalInterface
public interface SimExtension
{
    void install(Simulation simulation);
}
