/**
 * Closed-loop key-value clients with sessions, retries and fail-over, recording the operation
 * history the linearizability and exactly-once checkers read.
 */
package io.canopus.sim.workload;
