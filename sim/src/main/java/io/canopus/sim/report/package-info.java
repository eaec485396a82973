/**
 * Reports of simulation runs: {@code results.json} with every run's result, statistics and time series,
 * and a self-contained {@code report.html} (inline SVG plots drawn with JFreeChart, no scripts, no network)
 * that shows several named runs side by side with Coracle-style comparison tables.
 */
package io.canopus.sim.report;
