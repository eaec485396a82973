/**
 * The simulation kernel: virtual time, an allocation-free event queue ordered by (time, insertion
 * sequence), and deterministic random streams forked from one master seed.
 */
package io.canopus.sim.kernel;
