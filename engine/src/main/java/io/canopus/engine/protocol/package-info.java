/**
 * The edges between a consensus protocol and the world: a node, its output sink, its durable log and
 * its source of randomness. Canopus and Raft implement {@link io.canopus.engine.protocol.ConsensusNode};
 * the Aeron runtime and the simulator drive it.
 */
package io.canopus.engine.protocol;
