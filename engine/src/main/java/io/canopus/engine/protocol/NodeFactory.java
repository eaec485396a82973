package io.canopus.engine.protocol;

import io.canopus.engine.statemachine.StateMachine;

/** Builds a node of one protocol over the edges a driver provides; used for boots and restarts. */
@FunctionalInterface
public interface NodeFactory
{
    ConsensusNode create(int nodeId, OutputSink sink, DurableLog log, RandomSource random, StateMachine stateMachine);
}
