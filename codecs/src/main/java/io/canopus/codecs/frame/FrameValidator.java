package io.canopus.codecs.frame;

import io.canopus.codecs.AppendEntriesDecoder;
import io.canopus.codecs.AppendEntriesResponseDecoder;
import io.canopus.codecs.CatchUpRequestDecoder;
import io.canopus.codecs.ClientHelloDecoder;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.GroupSizeEncodingDecoder;
import io.canopus.codecs.JoinRequestDecoder;
import io.canopus.codecs.KvCommandDecoder;
import io.canopus.codecs.KvResultDecoder;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.ProposalPullDecoder;
import io.canopus.codecs.RaftLogRecordDecoder;
import io.canopus.codecs.RequestVoteDecoder;
import io.canopus.codecs.RequestVoteResponseDecoder;
import io.canopus.codecs.RestartStatusDecoder;
import io.canopus.codecs.StabilityReportDecoder;
import io.canopus.codecs.StateHeaderDecoder;
import io.canopus.codecs.StateRequestDecoder;
import io.canopus.codecs.ViewAcceptDecoder;
import io.canopus.codecs.ViewAcceptedDecoder;
import io.canopus.codecs.ViewDecidedDecoder;
import io.canopus.codecs.ViewPrepareDecoder;
import io.canopus.codecs.ViewPromiseDecoder;
import io.canopus.codecs.ViewQueryDecoder;
import org.agrona.DirectBuffer;

import static io.canopus.codecs.frame.MessageLimits.MAX_FRAME_LENGTH;
import static io.canopus.codecs.frame.MessageLimits.MAX_KV_VALUE_BYTES;
import static io.canopus.codecs.frame.MessageLimits.MAX_MEMBERSHIP_ENTRIES;
import static io.canopus.codecs.frame.MessageLimits.MAX_PAYLOAD_BYTES;
import static io.canopus.codecs.frame.MessageLimits.MAX_RAFT_ENTRIES_PER_APPEND;
import static io.canopus.codecs.frame.MessageLimits.MAX_STATE_MEMBERS;
import static io.canopus.codecs.frame.MessageLimits.MAX_WRITES_PER_PROPOSAL;

/**
 * Decides whether a frame is a well-formed message of the Canopus schema before anything decodes it.
 *
 * <p>Why: the generated SBE decoders trust every length and count on the wire. A frame that is
 * truncated, corrupted or hostile would make them read past the frame (or throw from deep inside a
 * duty cycle), and an oversized count would make the engine loop or copy far more than any
 * legitimate message needs. {@link #validate} walks the whole frame once, checking each bound
 * explicitly <em>before</em> the generated decoder reads there, so a frame it accepts can be decoded
 * with the generated decoders (wrapped with the header's block length and version) without any read
 * leaving {@code [offset, offset + length)}.
 *
 * <p>What it checks, in order: the frame lies in the buffer and is at most
 * {@link MessageLimits#MAX_FRAME_LENGTH}; it holds the 8-byte header; the schema id; the version
 * (1 up to {@link MessageHeaderDecoder#SCHEMA_VERSION}: older accepted, newer rejected because it may
 * change meanings); the template id; the root block length (at least the message's fixed fields,
 * larger accepted and honoured for forward compatibility) and that the block fits; enum fields;
 * then every repeating group (header fits, entry block length at least the entry's fixed fields and
 * honoured when larger, count within {@link MessageLimits}, every entry fits, var data nested in
 * entries) and every var-data field (length prefix fits, length within {@link MessageLimits}, bytes
 * fit); finally that no bytes are left over.
 *
 * <p>Guarantees: never throws for any bytes (a bad {@code offset}/{@code length} is reported as
 * {@link Rejection#FRAME_OUTSIDE_BUFFER}, not thrown); never allocates (decoder flyweights are
 * fields, enum checks use lookup tables, nothing is boxed); runs in time linear in the frame length.
 *
 * <p>Not thread-safe: one instance per duty-cycle agent, like the decoders it holds.
 *
 * <p>When the schema gains a version: the minimum block length checked here is the current one; a
 * version-1 frame read by a version-2 build must then be checked against the version-1 block length,
 * and fields with a later {@code sinceVersion} skipped.
 */
public final class FrameValidator
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingDecoder.ENCODED_LENGTH;

    private final RejectionCounters counters = new RejectionCounters();

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ProposalDecoder proposal = new ProposalDecoder();
    private final StabilityReportDecoder stabilityReport = new StabilityReportDecoder();
    private final StateHeaderDecoder stateHeader = new StateHeaderDecoder();
    private final ViewPromiseDecoder viewPromise = new ViewPromiseDecoder();
    private final ViewAcceptDecoder viewAccept = new ViewAcceptDecoder();
    private final ViewDecidedDecoder viewDecided = new ViewDecidedDecoder();
    private final ClientRequestDecoder clientRequest = new ClientRequestDecoder();
    private final ClientResponseDecoder clientResponse = new ClientResponseDecoder();
    private final KvCommandDecoder kvCommand = new KvCommandDecoder();
    private final KvResultDecoder kvResult = new KvResultDecoder();
    private final AppendEntriesDecoder appendEntries = new AppendEntriesDecoder();
    private final RaftLogRecordDecoder raftLogRecord = new RaftLogRecordDecoder();

    /** End of the frame being validated: exclusive, always within the buffer's capacity. */
    private int end;

    /** Length prefix of every var-data field (varDataEncoding.length is a uint16). */
    private static final int VAR_DATA_HEADER_LENGTH = 2;

    /**
     * Validates one frame and counts it in {@link #counters()} if it is rejected.
     *
     * @param buffer holding the frame.
     * @param offset of the message header in {@code buffer}.
     * @param length of the frame: the message must end exactly there.
     * @return the template id ({@code >= 0}) when the frame is well formed, otherwise the negative
     *     {@link Rejection#code()} of the first problem found.
     */
    public int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == buffer || offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            return reject(Rejection.FRAME_OUTSIDE_BUFFER);
        }
        if (length > MAX_FRAME_LENGTH)
        {
            return reject(Rejection.FRAME_TOO_LARGE);
        }
        if (length < HEADER_LENGTH)
        {
            return reject(Rejection.TOO_SHORT_FOR_HEADER);
        }

        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return reject(Rejection.WRONG_SCHEMA_ID);
        }
        final int version = header.version();
        if (version < 1 || version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            return reject(Rejection.UNSUPPORTED_VERSION);
        }

        end = offset + length;
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int body = offset + HEADER_LENGTH;
        final int messageEnd;
        switch (templateId)
        {
            case ProposalDecoder.TEMPLATE_ID:
                messageEnd = proposal(buffer, body, blockLength, version);
                break;
            case StabilityReportDecoder.TEMPLATE_ID:
                messageEnd = stabilityReport(buffer, body, blockLength, version);
                break;
            case ProposalPullDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, ProposalPullDecoder.BLOCK_LENGTH);
                break;
            case StateRequestDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, StateRequestDecoder.BLOCK_LENGTH);
                break;
            case StateHeaderDecoder.TEMPLATE_ID:
                messageEnd = stateHeader(buffer, body, blockLength, version);
                break;
            case CatchUpRequestDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, CatchUpRequestDecoder.BLOCK_LENGTH);
                break;
            case ViewPrepareDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, ViewPrepareDecoder.BLOCK_LENGTH);
                break;
            case ViewPromiseDecoder.TEMPLATE_ID:
                messageEnd = viewPromise(buffer, body, blockLength, version);
                break;
            case ViewAcceptDecoder.TEMPLATE_ID:
                messageEnd = viewAccept(buffer, body, blockLength, version);
                break;
            case ViewAcceptedDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, ViewAcceptedDecoder.BLOCK_LENGTH);
                break;
            case ViewDecidedDecoder.TEMPLATE_ID:
                messageEnd = viewDecided(buffer, body, blockLength, version);
                break;
            case JoinRequestDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, JoinRequestDecoder.BLOCK_LENGTH);
                break;
            case ViewQueryDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, ViewQueryDecoder.BLOCK_LENGTH);
                break;
            case RestartStatusDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, RestartStatusDecoder.BLOCK_LENGTH);
                break;
            case ClientHelloDecoder.TEMPLATE_ID:
                messageEnd = clientHello(buffer, body, blockLength);
                break;
            case ClientRequestDecoder.TEMPLATE_ID:
                messageEnd = clientRequest(buffer, body, blockLength, version);
                break;
            case ClientResponseDecoder.TEMPLATE_ID:
                messageEnd = clientResponse(buffer, body, blockLength, version);
                break;
            case KvCommandDecoder.TEMPLATE_ID:
                messageEnd = kvCommand(buffer, body, blockLength, version);
                break;
            case KvResultDecoder.TEMPLATE_ID:
                messageEnd = kvResult(buffer, body, blockLength, version);
                break;
            case RequestVoteDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, RequestVoteDecoder.BLOCK_LENGTH);
                break;
            case RequestVoteResponseDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, RequestVoteResponseDecoder.BLOCK_LENGTH);
                break;
            case AppendEntriesDecoder.TEMPLATE_ID:
                messageEnd = appendEntries(buffer, body, blockLength, version);
                break;
            case AppendEntriesResponseDecoder.TEMPLATE_ID:
                messageEnd = fixedOnly(body, blockLength, AppendEntriesResponseDecoder.BLOCK_LENGTH);
                break;
            case RaftLogRecordDecoder.TEMPLATE_ID:
                messageEnd = raftLogRecord(buffer, body, blockLength, version);
                break;
            default:
                return reject(Rejection.UNKNOWN_TEMPLATE);
        }

        if (messageEnd < 0)
        {
            return messageEnd; // already counted
        }
        if (messageEnd != end)
        {
            return reject(Rejection.TRAILING_GARBAGE);
        }
        return templateId;
    }

    /**
     * @return the rejections this validator has counted since it was created.
     */
    public RejectionCounters counters()
    {
        return counters;
    }

    /**
     * Explains a result of {@link #validate} for logs and error messages. Allocates: not for the hot
     * path.
     *
     * @param code a value returned by {@link #validate}.
     * @return e.g. {@code "Proposal (template 1)"} or
     *     {@code "TRUNCATED_GROUP (-11): repeating group header or entries extend past the end of the frame"}.
     */
    public static String describe(final int code)
    {
        if (code >= 0)
        {
            final String name = templateName(code);
            return null == name ? "template " + code + " (not a message of the schema)" :
                name + " (template " + code + ")";
        }
        final Rejection reason = Rejection.fromCode(code);
        return null == reason ? "unknown rejection code " + code :
            reason.name() + " (" + code + "): " + reason.description();
    }

    private static String templateName(final int templateId)
    {
        switch (templateId)
        {
            case ProposalDecoder.TEMPLATE_ID: return "Proposal";
            case StabilityReportDecoder.TEMPLATE_ID: return "StabilityReport";
            case ProposalPullDecoder.TEMPLATE_ID: return "ProposalPull";
            case StateRequestDecoder.TEMPLATE_ID: return "StateRequest";
            case StateHeaderDecoder.TEMPLATE_ID: return "StateHeader";
            case CatchUpRequestDecoder.TEMPLATE_ID: return "CatchUpRequest";
            case ViewPrepareDecoder.TEMPLATE_ID: return "ViewPrepare";
            case ViewPromiseDecoder.TEMPLATE_ID: return "ViewPromise";
            case ViewAcceptDecoder.TEMPLATE_ID: return "ViewAccept";
            case ViewAcceptedDecoder.TEMPLATE_ID: return "ViewAccepted";
            case ViewDecidedDecoder.TEMPLATE_ID: return "ViewDecided";
            case JoinRequestDecoder.TEMPLATE_ID: return "JoinRequest";
            case ViewQueryDecoder.TEMPLATE_ID: return "ViewQuery";
            case RestartStatusDecoder.TEMPLATE_ID: return "RestartStatus";
            case ClientHelloDecoder.TEMPLATE_ID: return "ClientHello";
            case ClientRequestDecoder.TEMPLATE_ID: return "ClientRequest";
            case ClientResponseDecoder.TEMPLATE_ID: return "ClientResponse";
            case KvCommandDecoder.TEMPLATE_ID: return "KvCommand";
            case KvResultDecoder.TEMPLATE_ID: return "KvResult";
            case RequestVoteDecoder.TEMPLATE_ID: return "RequestVote";
            case RequestVoteResponseDecoder.TEMPLATE_ID: return "RequestVoteResponse";
            case AppendEntriesDecoder.TEMPLATE_ID: return "AppendEntries";
            case AppendEntriesResponseDecoder.TEMPLATE_ID: return "AppendEntriesResponse";
            case RaftLogRecordDecoder.TEMPLATE_ID: return "RaftLogRecord";
            default: return null;
        }
    }

    // ----- one method per message with groups, var data or enums: each returns the end of the
    // ----- message (>= 0) or a negative rejection code that has already been counted.

    private int proposal(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, ProposalDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final ProposalDecoder d = proposal.wrap(buffer, offset, blockLength, version);

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final ProposalDecoder.WritesDecoder writes = d.writes();
        final int dimensions = checkGroupDimensions(
            writes.actingBlockLength(), ProposalDecoder.WritesDecoder.sbeBlockLength(),
            writes.count(), MAX_WRITES_PER_PROPOSAL);
        if (dimensions < 0)
        {
            return dimensions;
        }
        while (writes.hasNext())
        {
            if (writes.actingBlockLength() > end - d.limit())
            {
                return reject(Rejection.TRUNCATED_GROUP);
            }
            writes.next(); // honours the wire block length: skips fields newer than this build
            final int next = skipVarData(buffer, d.limit(), MAX_PAYLOAD_BYTES);
            if (next < 0)
            {
                return next;
            }
            d.limit(next);
        }
        return d.limit();
    }

    private int appendEntries(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, AppendEntriesDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final AppendEntriesDecoder d = appendEntries.wrap(buffer, offset, blockLength, version);

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final AppendEntriesDecoder.EntriesDecoder entries = d.entries();
        final int dimensions = checkGroupDimensions(
            entries.actingBlockLength(), AppendEntriesDecoder.EntriesDecoder.sbeBlockLength(),
            entries.count(), MAX_RAFT_ENTRIES_PER_APPEND);
        if (dimensions < 0)
        {
            return dimensions;
        }
        while (entries.hasNext())
        {
            if (entries.actingBlockLength() > end - d.limit())
            {
                return reject(Rejection.TRUNCATED_GROUP);
            }
            entries.next();
            if (!KnownEnumValues.isValid(KnownEnumValues.RAFT_ENTRY_KIND, entries.kindRaw()))
            {
                return reject(Rejection.BAD_ENUM_VALUE);
            }
            final int next = skipVarData(buffer, d.limit(), MAX_PAYLOAD_BYTES);
            if (next < 0)
            {
                return next;
            }
            d.limit(next);
        }
        return d.limit();
    }

    private int raftLogRecord(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, RaftLogRecordDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final RaftLogRecordDecoder d = raftLogRecord.wrap(buffer, offset, blockLength, version);
        if (!KnownEnumValues.isValid(KnownEnumValues.RAFT_ENTRY_KIND, d.kindRaw()))
        {
            return reject(Rejection.BAD_ENUM_VALUE);
        }
        return skipVarData(buffer, d.limit(), MAX_PAYLOAD_BYTES);
    }

    private int stabilityReport(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, StabilityReportDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final StabilityReportDecoder d = stabilityReport.wrap(buffer, offset, blockLength, version);

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final StabilityReportDecoder.HeldDecoder held = d.held();
        final int heldEnd = skipFixedGroup(
            d.limit(), held.actingBlockLength(), StabilityReportDecoder.HeldDecoder.sbeBlockLength(),
            held.count(), MAX_MEMBERSHIP_ENTRIES);
        if (heldEnd < 0)
        {
            return heldEnd;
        }
        d.limit(heldEnd);
        return d.limit();
    }

    private int stateHeader(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, StateHeaderDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final StateHeaderDecoder d = stateHeader.wrap(buffer, offset, blockLength, version);
        if (!KnownEnumValues.isValid(KnownEnumValues.STATE_STATUS, d.statusRaw()))
        {
            return reject(Rejection.BAD_ENUM_VALUE);
        }

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final StateHeaderDecoder.MembersDecoder members = d.members();
        final int membersEnd = skipFixedGroup(
            d.limit(), members.actingBlockLength(), StateHeaderDecoder.MembersDecoder.sbeBlockLength(),
            members.count(), MAX_STATE_MEMBERS);
        if (membersEnd < 0)
        {
            return membersEnd;
        }
        d.limit(membersEnd);
        return d.limit();
    }

    private int viewPromise(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, ViewPromiseDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final ViewPromiseDecoder d = viewPromise.wrap(buffer, offset, blockLength, version);

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final ViewPromiseDecoder.HeldDecoder held = d.held();
        final int heldEnd = skipFixedGroup(
            d.limit(), held.actingBlockLength(), ViewPromiseDecoder.HeldDecoder.sbeBlockLength(),
            held.count(), MAX_MEMBERSHIP_ENTRIES);
        if (heldEnd < 0)
        {
            return heldEnd;
        }
        d.limit(heldEnd);

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final ViewPromiseDecoder.AcceptedDecoder accepted = d.accepted();
        final int acceptedEnd = skipFixedGroup(
            d.limit(), accepted.actingBlockLength(), ViewPromiseDecoder.AcceptedDecoder.sbeBlockLength(),
            accepted.count(), MAX_MEMBERSHIP_ENTRIES);
        if (acceptedEnd < 0)
        {
            return acceptedEnd;
        }
        d.limit(acceptedEnd);
        return d.limit();
    }

    private int viewAccept(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, ViewAcceptDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final ViewAcceptDecoder d = viewAccept.wrap(buffer, offset, blockLength, version);

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final ViewAcceptDecoder.EntriesDecoder entries = d.entries();
        final int entriesEnd = skipFixedGroup(
            d.limit(), entries.actingBlockLength(), ViewAcceptDecoder.EntriesDecoder.sbeBlockLength(),
            entries.count(), MAX_MEMBERSHIP_ENTRIES);
        if (entriesEnd < 0)
        {
            return entriesEnd;
        }
        d.limit(entriesEnd);
        return d.limit();
    }

    private int viewDecided(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, ViewDecidedDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final ViewDecidedDecoder d = viewDecided.wrap(buffer, offset, blockLength, version);

        if (GROUP_HEADER_LENGTH > end - d.limit())
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        final ViewDecidedDecoder.EntriesDecoder entries = d.entries();
        final int entriesEnd = skipFixedGroup(
            d.limit(), entries.actingBlockLength(), ViewDecidedDecoder.EntriesDecoder.sbeBlockLength(),
            entries.count(), MAX_MEMBERSHIP_ENTRIES);
        if (entriesEnd < 0)
        {
            return entriesEnd;
        }
        d.limit(entriesEnd);
        return d.limit();
    }

    private int clientRequest(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, ClientRequestDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final ClientRequestDecoder d = clientRequest.wrap(buffer, offset, blockLength, version);
        if (!KnownEnumValues.isValid(KnownEnumValues.CLIENT_OP, d.opRaw()))
        {
            return reject(Rejection.BAD_ENUM_VALUE);
        }

        return skipVarData(buffer, d.limit(), MAX_PAYLOAD_BYTES);
    }

    private int clientHello(final DirectBuffer buffer, final int offset, final int blockLength)
    {
        final int blockCheck = checkBlock(offset, blockLength, ClientHelloDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        return skipVarData(buffer, offset + blockLength, MessageLimits.MAX_CHANNEL_LENGTH);
    }

    private int clientResponse(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, ClientResponseDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final ClientResponseDecoder d = clientResponse.wrap(buffer, offset, blockLength, version);
        if (!KnownEnumValues.isValid(KnownEnumValues.CLIENT_STATUS, d.statusRaw()))
        {
            return reject(Rejection.BAD_ENUM_VALUE);
        }

        return skipVarData(buffer, d.limit(), MAX_PAYLOAD_BYTES);
    }

    private int kvCommand(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, KvCommandDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final KvCommandDecoder d = kvCommand.wrap(buffer, offset, blockLength, version);
        if (!KnownEnumValues.isValid(KnownEnumValues.KV_OP, d.opRaw()))
        {
            return reject(Rejection.BAD_ENUM_VALUE);
        }

        final int value = skipVarData(buffer, d.limit(), MAX_KV_VALUE_BYTES); // "expected"
        return value < 0 ? value : skipVarData(buffer, value, MAX_KV_VALUE_BYTES);
    }

    private int kvResult(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        final int blockCheck = checkBlock(offset, blockLength, KvResultDecoder.BLOCK_LENGTH);
        if (blockCheck < 0)
        {
            return blockCheck;
        }
        final KvResultDecoder d = kvResult.wrap(buffer, offset, blockLength, version);
        if (!KnownEnumValues.isValid(KnownEnumValues.KV_STATUS, d.statusRaw()))
        {
            return reject(Rejection.BAD_ENUM_VALUE);
        }

        return skipVarData(buffer, d.limit(), MAX_KV_VALUE_BYTES);
    }

    // ----- shared checks: each returns a non-negative value when fine, or a counted negative code.

    /** A message made only of fixed fields: the block is all there is, so no decoder is needed. */
    private int fixedOnly(final int offset, final int blockLength, final int minBlockLength)
    {
        final int blockCheck = checkBlock(offset, blockLength, minBlockLength);
        return blockCheck < 0 ? blockCheck : offset + blockLength;
    }

    private int checkBlock(final int offset, final int blockLength, final int minBlockLength)
    {
        if (blockLength < minBlockLength)
        {
            return reject(Rejection.BLOCK_LENGTH_TOO_SHORT);
        }
        if (blockLength > end - offset)
        {
            return reject(Rejection.TRUNCATED_BLOCK);
        }
        return 0;
    }

    private int checkGroupDimensions(
        final int entryBlockLength, final int minEntryBlockLength, final int count, final int maxCount)
    {
        if (entryBlockLength < minEntryBlockLength)
        {
            return reject(Rejection.GROUP_BLOCK_LENGTH_TOO_SHORT);
        }
        if (count > maxCount)
        {
            return reject(Rejection.GROUP_TOO_LARGE);
        }
        return 0;
    }

    /**
     * A group whose entries hold only fixed fields: check its dimensions and that all its entries
     * fit, then answer where it ends, honouring the wire block length.
     *
     * @param entriesStart where the first entry starts (just after the group header).
     */
    private int skipFixedGroup(
        final int entriesStart, final int entryBlockLength, final int minEntryBlockLength, final int count,
        final int maxCount)
    {
        final int dimensions = checkGroupDimensions(entryBlockLength, minEntryBlockLength, count, maxCount);
        if (dimensions < 0)
        {
            return dimensions;
        }
        final long entriesLength = (long)entryBlockLength * count; // up to 65535 * 65535: needs a long
        if (entriesLength > end - entriesStart)
        {
            return reject(Rejection.TRUNCATED_GROUP);
        }
        return entriesStart + (int)entriesLength;
    }

    /**
     * @param start where the var-data length prefix starts; the prefix is known to fit.
     * @param dataLength the length read from the prefix by the generated decoder.
     */
    /**
     * Checks one var-data field at {@code position} (every one in the schema uses varDataEncoding: a
     * little-endian uint16 length, then the bytes).
     *
     * @return the position after the field, or a counted negative code.
     */
    private int skipVarData(final DirectBuffer buffer, final int position, final int maxLength)
    {
        if (VAR_DATA_HEADER_LENGTH > end - position)
        {
            return reject(Rejection.TRUNCATED_VAR_DATA);
        }
        final int dataLength = buffer.getShort(position, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (dataLength > maxLength)
        {
            return reject(Rejection.VAR_DATA_TOO_LARGE);
        }
        if (dataLength > end - position - VAR_DATA_HEADER_LENGTH)
        {
            return reject(Rejection.TRUNCATED_VAR_DATA);
        }
        return position + VAR_DATA_HEADER_LENGTH + dataLength;
    }

    private int reject(final Rejection reason)
    {
        counters.increment(reason);
        return reason.code();
    }
}
