package io.canopus.codecs.frame;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.RaftEntryKind;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.StateStatus;

import java.util.function.ToIntFunction;

/**
 * Lookup tables of the raw values that each schema enum accepts.
 *
 * <p>Why tables instead of calling the generated {@code get(short)}: {@code get} throws an
 * {@link IllegalArgumentException} with a formatted message for an unknown value, so checking a
 * hostile frame that way would allocate and unwind on the receive path. The tables are built once
 * from the generated enums themselves, so they follow the schema when it gains a value, and they
 * exclude {@code NULL_VAL}: every enum field of the schema is required, so a null is invalid too.
 */
final class KnownEnumValues
{
    /** Every enum of the schema is {@code uint8}, so 256 slots cover every raw value. */
    private static final int UINT8_VALUES = 256;

    static final boolean[] CLIENT_OP = table(ClientOp.values(), ClientOp::value, ClientOp.NULL_VAL);
    static final boolean[] CLIENT_STATUS = table(ClientStatus.values(), ClientStatus::value, ClientStatus.NULL_VAL);
    static final boolean[] STATE_STATUS = table(StateStatus.values(), StateStatus::value, StateStatus.NULL_VAL);
    static final boolean[] KV_OP = table(KvOp.values(), KvOp::value, KvOp.NULL_VAL);
    static final boolean[] RAFT_ENTRY_KIND = table(RaftEntryKind.values(), RaftEntryKind::value, RaftEntryKind.NULL_VAL);
    static final boolean[] KV_STATUS = table(KvStatus.values(), KvStatus::value, KvStatus.NULL_VAL);

    private KnownEnumValues()
    {
    }

    /**
     * @param table one of the tables above.
     * @param raw the raw {@code uint8} value read from the wire (0..255).
     * @return true when {@code raw} is a valid, non-null value of that enum.
     */
    static boolean isValid(final boolean[] table, final short raw)
    {
        return raw >= 0 && raw < table.length && table[raw];
    }

    private static <E extends Enum<E>> boolean[] table(
        final E[] values, final ToIntFunction<E> rawValue, final E nullValue)
    {
        final boolean[] table = new boolean[UINT8_VALUES];
        for (final E value : values)
        {
            if (value != nullValue)
            {
                table[rawValue.applyAsInt(value)] = true;
            }
        }
        return table;
    }
}
