package io.canopus.sim.check;

/**
 * The sequential specification of one key of the key-value store: a register holding a 64-bit value or
 * {@link KvOperation#ABSENT}, with GET, PUT and compare-and-set. The store's keys are independent, so
 * linearizability of the whole store is linearizability of every key on its own (Herlihy &amp; Wing's
 * locality); this is the model each per-key search steps through.
 *
 * <p>Each operation is reduced to a {@code kind} that already folds in what the client learnt, so one
 * step is two primitive comparisons and the search allocates nothing per step:
 * <ul>
 *   <li>{@link #GET}: legal iff the register holds the value read; no change.</li>
 *   <li>{@link #PUT}: always legal; sets the value.</li>
 *   <li>{@link #CAS_SWAPPED}: a CAS answered ok=true: legal iff the register holds {@code expected};
 *       sets the new value.</li>
 *   <li>{@link #CAS_FAILED}: a CAS answered ok=false: legal iff the register does <em>not</em> hold
 *       {@code expected}; no change. It has no effect but still needs a point where it was right to fail.</li>
 *   <li>{@link #MAYBE_PUT}, {@link #MAYBE_CAS}: writes with no definite answer (pending, or a PUT answered
 *       with a failure, which in a replicated store does not prove it was not applied). They may take effect
 *       at any point after their invocation, or never. A MAYBE_CAS that would fail has no effect, which is
 *       the same as never taking effect, so it is only offered as a step where it swaps.</li>
 * </ul>
 */
final class KvRegisterModel
{
    static final byte GET = 0;
    static final byte PUT = 1;
    static final byte CAS_SWAPPED = 2;
    static final byte CAS_FAILED = 3;
    static final byte MAYBE_PUT = 4;
    static final byte MAYBE_CAS = 5;

    /** The register's value before any write. */
    static final long INITIAL = KvOperation.ABSENT;

    private KvRegisterModel()
    {
    }

    /**
     * @return whether {@code op} takes part in the check at all: a GET that never got an answer (or got a
     *         failure) tells nothing about the register and can always be linearized, so it is dropped.
     */
    static boolean isRelevant(final KvOperation op)
    {
        return op.type() != KvOperation.Type.GET || (!op.isPending() && op.ok());
    }

    /** @return the step kind of a relevant operation. */
    static byte kindOf(final KvOperation op)
    {
        return switch (op.type())
        {
            case GET -> GET;
            case PUT -> op.isPending() || !op.ok() ? MAYBE_PUT : PUT;
            case CAS -> op.isPending() ? MAYBE_CAS : op.ok() ? CAS_SWAPPED : CAS_FAILED;
        };
    }

    /** @return true for kinds whose outcome the client never learnt, which need not be linearized at all. */
    static boolean isIndeterminate(final byte kind)
    {
        return kind == MAYBE_PUT || kind == MAYBE_CAS;
    }

    /**
     * @return true for kinds that never change the register (GET, failed CAS). Such an operation, once it is
     *         allowed and may be linearized, can be linearized at once without losing any linearization:
     *         moving it to the front of any valid continuation keeps every value the same.
     */
    static boolean isReadOnly(final byte kind)
    {
        return kind == GET || kind == CAS_FAILED;
    }

    /**
     * @return true if this kind is only allowed when the register holds one particular value (returned by
     *         {@link #requiredValue}): a GET or a CAS that swapped.
     */
    static boolean requiresValue(final byte kind)
    {
        return kind == GET || kind == CAS_SWAPPED;
    }

    /** @return for {@link #requiresValue} kinds, the value the register must hold. */
    static long requiredValue(final byte kind, final long value, final long expected)
    {
        return kind == GET ? value : expected;
    }

    /** @return whether an operation of this kind may be linearized when the register holds {@code state}. */
    static boolean allows(final byte kind, final long value, final long expected, final long state)
    {
        return switch (kind)
        {
            case GET -> state == value;
            case PUT, MAYBE_PUT -> true;
            case CAS_SWAPPED, MAYBE_CAS -> state == expected;
            case CAS_FAILED -> state != expected;
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    /** @return the register's value after a step that {@link #allows} permitted. */
    static long apply(final byte kind, final long value, final long state)
    {
        return switch (kind)
        {
            case PUT, MAYBE_PUT, CAS_SWAPPED, MAYBE_CAS -> value;
            default -> state;
        };
    }
}
