/** Traces of simulation runs: every message in and out and every state change, one JSON object per line. */
package io.canopus.sim.trace;
