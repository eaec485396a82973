/**
 * Simulated machines: each drives one protocol node at virtual time, owns its crash-surviving
 * in-memory durable log, and records applied writes and commits for the checkers.
 */
package io.canopus.sim.host;
