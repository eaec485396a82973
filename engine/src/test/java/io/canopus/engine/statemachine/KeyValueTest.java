package io.canopus.engine.statemachine;

import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvResultDecoder;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyValueTest
{
    private final KeyValueStateMachine kv = new KeyValueStateMachine();
    private final SessionTable sessions = new SessionTable(2);
    private final ExpandableArrayBuffer command = new ExpandableArrayBuffer();
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer();

    private int command(final KvOp op, final long key, final byte[] expected, final byte[] value)
    {
        final KvCommandEncoder encoder = new KvCommandEncoder();
        encoder.wrapAndApplyHeader(command, 0, new MessageHeaderEncoder()).op(op).key(key)
            .putExpected(expected, 0, expected.length).putValue(value, 0, value.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private KvResultDecoder decode(final org.agrona.DirectBuffer buffer)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        return new KvResultDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    @Test
    void putGetAndCompareAndSet()
    {
        kv.apply(command, 0, command(KvOp.PUT, 7, new byte[0], new byte[]{1, 2}), result, 0);
        kv.read(command, 0, command(KvOp.GET, 7, new byte[0], new byte[0]), result, 0);
        KvResultDecoder r = decode(result);
        assertThat(r.status()).isEqualTo(KvStatus.OK);
        final byte[] value = new byte[r.valueLength()];
        r.getValue(value, 0, value.length);
        assertThat(value).containsExactly(1, 2);

        kv.apply(command, 0, command(KvOp.CAS, 7, new byte[]{9}, new byte[]{3}), result, 0);
        assertThat(decode(result).status()).isEqualTo(KvStatus.CAS_FAILED);
        kv.apply(command, 0, command(KvOp.CAS, 7, new byte[]{1, 2}, new byte[]{3}), result, 0);
        assertThat(decode(result).status()).isEqualTo(KvStatus.OK);
        kv.apply(command, 0, command(KvOp.CAS, 8, new byte[0], new byte[]{4}), result, 0);
        assertThat(decode(result).status()).as("empty expected means absent").isEqualTo(KvStatus.OK);
        kv.read(command, 0, command(KvOp.GET, 9, new byte[0], new byte[0]), result, 0);
        assertThat(decode(result).status()).isEqualTo(KvStatus.NOT_FOUND);
    }

    @Test
    void malformedCommandsAreAnsweredNotThrown()
    {
        final UnsafeBuffer junk = new UnsafeBuffer(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18});
        kv.apply(junk, 0, 18, result, 0);
        assertThat(decode(result).status()).isEqualTo(KvStatus.BAD_COMMAND);
        final int length = command(KvOp.PUT, 1, new byte[0], new byte[]{1});
        kv.apply(command, 0, length - 1, result, 0);
        assertThat(decode(result).status()).as("truncated").isEqualTo(KvStatus.BAD_COMMAND);
        command.putByte(MessageHeaderEncoder.ENCODED_LENGTH, (byte)99); // op: no such KvOp
        kv.apply(command, 0, length, result, 0);
        assertThat(decode(result).status()).as("unknown op").isEqualTo(KvStatus.BAD_COMMAND);
    }

    @Test
    void sessionTableAppliesEachSequenceOnce()
    {
        final int put = command(KvOp.CAS, 1, new byte[0], new byte[]{5});
        assertThat(sessions.apply(10, 1, command, 0, put, kv)).isEqualTo(SessionTable.Outcome.APPLIED);
        assertThat(decode(sessions.result()).status()).isEqualTo(KvStatus.OK);
        // The retry must return the first result, not the CAS_FAILED a second application would give.
        assertThat(sessions.apply(10, 1, command, 0, put, kv)).isEqualTo(SessionTable.Outcome.DUPLICATE);
        assertThat(decode(sessions.result()).status()).isEqualTo(KvStatus.OK);
        assertThat(sessions.apply(10, 2, command, 0, put, kv)).isEqualTo(SessionTable.Outcome.APPLIED);
        assertThat(decode(sessions.result()).status()).isEqualTo(KvStatus.CAS_FAILED);
        assertThat(sessions.apply(10, 1, command, 0, put, kv)).isEqualTo(SessionTable.Outcome.DUPLICATE_STALE);
    }

    @Test
    void sessionTableEvictsLeastRecentlyUsed()
    {
        final int put = command(KvOp.PUT, 1, new byte[0], new byte[]{5});
        sessions.apply(1, 1, command, 0, put, kv);
        sessions.apply(2, 1, command, 0, put, kv);
        sessions.apply(1, 2, command, 0, put, kv); // session 1 used last
        sessions.apply(3, 1, command, 0, put, kv); // evicts session 2
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.lastSequence(2)).isEqualTo(-1);
        assertThat(sessions.lastSequence(1)).isEqualTo(2);
    }

    /**
     * The table grows with its sessions (it starts small, far below its bound): every session is
     * still found after many rehashes, and at the bound the least recently used ones go.
     */
    @Test
    void sessionTableGrowsToItsBoundKeepingEverySessionThenEvictsTheOldest()
    {
        final SessionTable table = new SessionTable(5_000);
        final int put = command(KvOp.PUT, 1, new byte[0], new byte[]{5});
        for (long id = 1; id <= 5_000; id++)
        {
            assertThat(table.apply(id, 7, command, 0, put, kv)).isEqualTo(SessionTable.Outcome.APPLIED);
        }
        assertThat(table.size()).isEqualTo(5_000);
        for (long id = 1; id <= 5_000; id++)
        {
            assertThat(table.apply(id, 7, command, 0, put, kv)).as("retry of session %d", id).isEqualTo(SessionTable.Outcome.DUPLICATE);
        }
        for (long id = 5_001; id <= 6_000; id++)
        {
            table.apply(id, 1, command, 0, put, kv);
        }
        assertThat(table.size()).isEqualTo(5_000);
        assertThat(table.lastSequence(1_000)).as("among the 1,000 least recently used").isEqualTo(-1);
        assertThat(table.lastSequence(1_001)).isEqualTo(7);
        assertThat(table.lastSequence(6_000)).isEqualTo(1);
    }

    @Test
    void snapshotRestoresTheSameStateAndRejectsGarbage() throws Exception
    {
        kv.apply(command, 0, command(KvOp.PUT, 3, new byte[0], new byte[]{5, 6, 7}), result, 0);
        kv.apply(command, 0, command(KvOp.PUT, -1, new byte[0], new byte[0]), result, 0);
        kv.apply(command, 0, command(KvOp.PUT, 42, new byte[0], new byte[]{9}), result, 0);
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        kv.snapshot(new java.io.DataOutputStream(bytes));

        final KeyValueStateMachine copy = new KeyValueStateMachine();
        copy.restore(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(copy.size()).isEqualTo(3);
        copy.read(command, 0, command(KvOp.GET, 3, new byte[0], new byte[0]), result, 0);
        final KvResultDecoder r = decode(result);
        final byte[] value = new byte[r.valueLength()];
        r.getValue(value, 0, value.length);
        assertThat(value).containsExactly(5, 6, 7);
        final java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        copy.snapshot(new java.io.DataOutputStream(again));
        assertThat(again.toByteArray()).as("equal states give equal snapshots").isEqualTo(bytes.toByteArray());

        final byte[] garbage = bytes.toByteArray();
        garbage[0] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            copy.restore(new java.io.DataInputStream(new java.io.ByteArrayInputStream(garbage))))
            .isInstanceOf(java.io.IOException.class).hasMessageContaining("magic");
    }
}
