/**
 * Raft (Ongaro and Ousterhout, 2014), the leader-based baseline the evaluator compares Canopus with, behind
 * the same IO-free {@link io.canopus.engine.protocol.ConsensusNode} interface: leader election with the log
 * up-to-date restriction and an optional pre-vote, term, vote and log kept across crashes in the
 * {@link io.canopus.engine.protocol.DurableLog}, log replication with conflict hints, commitment of
 * current-term entries by counting, exactly-once client writes through the session table, redirects with
 * leader hints, and linearizable reads through the leader (ReadIndex).
 */
package io.canopus.engine.raft;
