package io.canopus.sim.check;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.collections.LongArrayList;

/**
 * Agreement (state-machine safety): every node commits the same writes in the same order. Nodes may lag,
 * so a node's committed sequence only has to be a prefix of the longest one; any difference within the
 * shared length means two nodes applied different writes at the same position, which no later progress
 * can repair.
 *
 * <p>Writes are compared by a 64-bit {@link #fingerprint} rather than by content so the simulator can record
 * a long run cheaply. A collision could hide a divergence (never invent one); at 64 bits it is negligible
 * for runs of millions of writes.
 */
public final class AgreementChecker
{
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private AgreementChecker()
    {
    }

    /**
     * @param committed node id to the fingerprints of its committed writes, in commit order.
     * @return OK if every sequence is a prefix of the longest; VIOLATED naming the two nodes and the first
     *         index at which they differ (the earliest such index over all nodes).
     */
    public static CheckResult check(final Map<Integer, long[]> committed)
    {
        final TreeMap<Integer, long[]> nodes = new TreeMap<>(committed);
        if (nodes.isEmpty())
        {
            return CheckResult.ok();
        }
        int referenceNode = nodes.firstKey();
        for (final Map.Entry<Integer, long[]> e : nodes.entrySet())
        {
            if (e.getValue().length > nodes.get(referenceNode).length)
            {
                referenceNode = e.getKey();
            }
        }
        final long[] reference = nodes.get(referenceNode);

        int firstIndex = Integer.MAX_VALUE;
        int firstNode = 0;
        int divergentNodes = 0;
        for (final Map.Entry<Integer, long[]> e : nodes.entrySet())
        {
            final long[] sequence = e.getValue();
            final int index = Arrays.mismatch(sequence, 0, sequence.length, reference, 0, sequence.length);
            if (index >= 0)
            {
                divergentNodes++;
                if (index < firstIndex)
                {
                    firstIndex = index;
                    firstNode = e.getKey();
                }
            }
        }
        if (divergentNodes == 0)
        {
            return CheckResult.ok();
        }
        return CheckResult.violated(String.format(Locale.ROOT,
            "node %d diverges from node %d (longest, %d commits) at index %d: %s vs %s; %d node(s) diverge",
            firstNode, referenceNode, reference.length, firstIndex,
            hex(nodes.get(firstNode)[firstIndex]), hex(reference[firstIndex]), divergentNodes));
    }

    /** {@link #check} for sequences collected in Agrona lists. */
    public static CheckResult checkLists(final Map<Integer, LongArrayList> committed)
    {
        return check(toArrays(committed));
    }

    /**
     * Identifies one client write. XXH64's lane round and avalanche over the three words, so that writes
     * differing in any bit of any field get unrelated fingerprints (a plain XOR or sum would let
     * (session, sequence) pairs cancel out).
     */
    public static long fingerprint(final long sessionId, final long sequence, final long payloadHash)
    {
        long h = P5 + 24;
        h = lane(h, sessionId);
        h = lane(h, sequence);
        h = lane(h, payloadHash);
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /**
     * One digest of what every node committed, so two runs (or two builds) can be compared by a single
     * string: SHA-256 over, for each node in ascending id order, its id, its length and its fingerprints,
     * all big-endian. Equal inputs always give the same digest; it does not depend on map iteration order.
     *
     * @return 64 lower-case hex characters.
     */
    public static String digestHex(final Map<Integer, long[]> committed)
    {
        final MessageDigest sha256;
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK provides SHA-256", ex);
        }
        for (final Map.Entry<Integer, long[]> e : new TreeMap<>(committed).entrySet())
        {
            final long[] sequence = e.getValue();
            final ByteBuffer buffer = ByteBuffer.allocate(8 + 8 * sequence.length);
            buffer.putInt(e.getKey()).putInt(sequence.length);
            for (final long fingerprint : sequence)
            {
                buffer.putLong(fingerprint);
            }
            sha256.update(buffer.array());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** {@link #digestHex} for sequences collected in Agrona lists. */
    public static String digestHexLists(final Map<Integer, LongArrayList> committed)
    {
        return digestHex(toArrays(committed));
    }

    private static Map<Integer, long[]> toArrays(final Map<Integer, LongArrayList> committed)
    {
        final Map<Integer, long[]> arrays = new TreeMap<>();
        committed.forEach((node, list) -> arrays.put(node, list.toLongArray()));
        return arrays;
    }

    private static long lane(final long h, final long input)
    {
        final long k = Long.rotateLeft(input * P2, 31) * P1;
        return Long.rotateLeft(h ^ k, 27) * P1 + P4;
    }

    private static String hex(final long fingerprint)
    {
        return "0x" + HexFormat.of().toHexDigits(fingerprint);
    }
}
