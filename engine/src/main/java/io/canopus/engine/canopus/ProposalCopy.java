package io.canopus.engine.canopus;

import org.agrona.ExpandableArrayBuffer;

/**
 * A node's held copy of one proposal P(c, n): the encoded frame exactly as it travels, so relaying
 * and journaling copy bytes and never re-encode. The buffer grows to the largest proposal seen and
 * is then reused cycle after cycle.
 */
final class ProposalCopy
{
    boolean present;
    int incarnation;
    long random;
    int length;
    final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(256);

    void clear()
    {
        present = false;
        incarnation = 0;
        random = 0;
        length = 0;
    }
}
