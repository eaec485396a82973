/**
 * The cluster config file: a strict JSON description of a deployment (racks, nodes, addresses,
 * protocol settings, journal and runtime options), read with Jackson into immutable values and
 * validated in full. {@link io.canopus.engine.config.ClusterConfig} documents the format and is the
 * entry point ({@code load}, {@code parse}, {@code of}, {@code localCluster}, {@code toJson}); every
 * mistake is a {@link io.canopus.engine.config.ConfigException} naming the file, line and column,
 * the JSON path of the field, what is wrong and what is accepted. The values handed to the
 * runtime are plain (strings, ints, enums of this package), so the transport and journal modules
 * need not depend on this one.
 */
package io.canopus.engine.config;
