/**
 * The journal of a node: committed cycles appended once each, in order, to a Chronicle Queue, with
 * a checksum per record, a configurable sync policy and crash recovery on open.
 * <p>
 * {@link io.canopus.journal.ChronicleJournal} is the journal (the engine adapts it to its
 * {@code DurableLog}); {@link io.canopus.journal.JournalContext} its settings,
 * {@link io.canopus.journal.SyncPolicy} when it forces appends to disk,
 * {@link io.canopus.journal.RecoveryReport} what opening it found, and
 * {@link io.canopus.journal.JournalCorruptedException} what it cannot recover from by itself.
 * <p>
 * A journal directory holds Chronicle's files ({@code *.cq4}, one per roll cycle, and
 * {@code metadata.cq4t}), the journal's metadata ({@code canopus-journal.meta}) and its lock file
 * ({@code canopus-journal.lock}), which keeps a second journal out while one is open.
 */
package io.canopus.journal;
