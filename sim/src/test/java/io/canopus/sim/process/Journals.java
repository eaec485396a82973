package io.canopus.sim.process;

import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.StateHeaderDecoder;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.journal.ChronicleJournal;
import io.canopus.journal.JournalContext;
import io.canopus.journal.RecoveryReport;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the journals the node processes left (after they stopped) and compares them by content. */
final class Journals
{
    /** One write of a committed proposal, with its KV payload decoded. */
    record Write(long sessionId, long sequence, long key, long value)
    {
    }

    /** One journal record: a committed cycle. */
    record Cycle(long position, long cycle, String content, List<Write> writes)
    {
    }

    /** A node's journal as read after the node stopped, and what opening it found. */
    record NodeJournal(int node, List<Cycle> cycles, RecoveryReport recovery)
    {
    }

    private Journals()
    {
    }

    /** Every record of node {@code id}'s journal, in position order. */
    static NodeJournal read(final ClusterConfig config, final int id)
    {
        final List<Cycle> cycles = new ArrayList<>();
        final KvCodec codec = new KvCodec();
        final ExpandableArrayBuffer record = new ExpandableArrayBuffer(1 << 16);
        try (ChronicleJournal journal = ChronicleJournal.open(new JournalContext().directory(config.journalDirectory(id).toFile())))
        {
            for (long position = Math.max(1, journal.firstPosition()); position <= journal.lastPosition(); position++)
            {
                final int length = journal.read(position, record, 0);
                assertThat(length).as("node %d journal record %d present", id, position).isPositive();
                cycles.add(decode(codec, position, record, length));
            }
            return new NodeJournal(id, cycles, journal.recovery());
        }
    }

    /**
     * What a record commits, without what differs per copy (who relayed or sent it): the cycle and
     * its members, the proposals in commit order and each one's writes.
     */
    private static Cycle decode(final KvCodec codec, final long position, final ExpandableArrayBuffer record, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        final List<Write> writes = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ProposalDecoder proposal = new ProposalDecoder();
        final StateHeaderDecoder state = new StateHeaderDecoder();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
        long cycle = -1;
        int at = 0;
        while (at < length)
        {
            final int frameLength = record.getInt(at);
            final int frame = at + 4;
            header.wrap(record, frame);
            if (header.templateId() == StateHeaderDecoder.TEMPLATE_ID)
            {
                state.wrap(record, frame + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                cycle = state.cycle();
                sb.append("cycle ").append(cycle).append(':');
                for (final StateHeaderDecoder.MembersDecoder m : state.members())
                {
                    sb.append(' ').append(m.nodeId()).append('@').append(m.incarnation());
                }
            }
            else
            {
                proposal.wrap(record, frame + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                sb.append(" | P ").append(proposal.nodeId()).append('@').append(proposal.incarnation()).append(" r").append(proposal.random());
                for (final ProposalDecoder.WritesDecoder w : proposal.writes())
                {
                    final byte[] bytes = new byte[w.payloadLength()];
                    w.getPayload(bytes, 0, bytes.length);
                    payload.wrap(bytes);
                    final KvCodec.Kv kv = codec.decodeCommand(payload, 0);
                    writes.add(new Write(w.sessionId(), w.sequence(), kv.key(), kv.value()));
                    sb.append(" w").append(w.sessionId()).append('/').append(w.sequence()).append('#').append(java.util.Arrays.hashCode(bytes));
                }
            }
            at = frame + frameLength;
        }
        return new Cycle(position, cycle, sb.toString(), writes);
    }

    /**
     * Every journal has records 1..last with cycle == position, and the journals hold the same
     * content at every position they share.
     *
     * @return the number of positions every journal holds.
     */
    static long assertAgree(final List<List<Cycle>> journals)
    {
        long shared = Long.MAX_VALUE;
        for (int node = 0; node < journals.size(); node++)
        {
            final List<Cycle> cycles = journals.get(node);
            shared = Math.min(shared, cycles.size());
            for (int i = 0; i < cycles.size(); i++)
            {
                final Cycle c = cycles.get(i);
                assertThat(c.position()).as("node %d record %d position", node, i).isEqualTo(i + 1L);
                assertThat(c.cycle()).as("node %d: cycle of the record at position %d", node, c.position()).isEqualTo(c.position());
            }
        }
        for (int i = 0; i < shared; i++)
        {
            final String first = journals.get(0).get(i).content();
            for (int node = 1; node < journals.size(); node++)
            {
                assertThat(journals.get(node).get(i).content()).as("cycle %d at node %d vs node 0", i + 1, node).isEqualTo(first);
            }
        }
        return shared;
    }

    /**
     * How often each write ({@code "key=value"}) is applied when a journal is replayed through
     * exactly-once sessions (a write applies when its sequence is above its session's highest).
     */
    static Map<String, Integer> appliedCounts(final List<Cycle> journal)
    {
        final Map<Long, Long> lastSequence = new HashMap<>();
        final Map<String, Integer> applied = new HashMap<>();
        for (final Cycle cycle : journal)
        {
            for (final Write w : cycle.writes())
            {
                final long last = lastSequence.getOrDefault(w.sessionId(), 0L);
                if (w.sequence() > last)
                {
                    lastSequence.put(w.sessionId(), w.sequence());
                    applied.merge(w.key() + "=" + w.value(), 1, Integer::sum);
                }
            }
        }
        return applied;
    }

    /**
     * Every acknowledged write is applied exactly once by every journal, and nothing is applied
     * twice. The message of a failure says whether the node's journal simply ends before the cycle
     * that committed the write (the node lagged when it stopped) or holds that cycle without it.
     */
    static void assertAppliedOnce(final List<List<Cycle>> journals, final List<KvClient.Done> acknowledged)
    {
        for (int id = 0; id < journals.size(); id++)
        {
            final List<Cycle> journal = journals.get(id);
            final long last = journal.isEmpty() ? 0 : journal.get(journal.size() - 1).cycle();
            final Map<String, Integer> applied = appliedCounts(journal);
            for (final KvClient.Done d : acknowledged)
            {
                final String write = d.key() + "=" + d.value();
                assertThat(applied.getOrDefault(write, 0))
                    .as("acknowledged write %s (cycle %d, via node %d) applied by node %d's journal, which ends at cycle %d%s",
                        write, d.cycle(), d.node(), id, last, last < d.cycle() ? " (before the write's cycle: the node lagged)" :
                            "; the write is in cycles " + cyclesHolding(journal, d.key(), d.value()))
                    .isEqualTo(1);
            }
            for (final Map.Entry<String, Integer> e : applied.entrySet())
            {
                assertThat(e.getValue()).as("write %s applied at most once at node %d", e.getKey(), id).isEqualTo(1);
            }
        }
    }

    private static List<Long> cyclesHolding(final List<Cycle> journal, final long key, final long value)
    {
        final List<Long> cycles = new ArrayList<>();
        for (final Cycle c : journal)
        {
            for (final Write w : c.writes())
            {
                if (w.key() == key && w.value() == value)
                {
                    cycles.add(c.cycle());
                }
            }
        }
        return cycles;
    }

    /** Every write of a journal by (key, value), with how often it appears. */
    static Map<String, Integer> occurrences(final List<Cycle> journal)
    {
        final Map<String, Integer> seen = new HashMap<>();
        for (final Cycle cycle : journal)
        {
            for (final Write w : cycle.writes())
            {
                seen.merge(w.key() + "=" + w.value(), 1, Integer::sum);
            }
        }
        return seen;
    }
}
