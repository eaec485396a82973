/**
 * The journal of a node: committed cycles appended once each, in order, to a Chronicle Queue, with
 * a checksum per record, a configurable sync policy and crash recovery on open.
 */
package io.canopus.journal;
