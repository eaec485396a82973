package io.canopus.sim.stats;

import io.canopus.codecs.CatchUpRequestDecoder;
import io.canopus.codecs.AppendEntriesDecoder;
import io.canopus.codecs.AppendEntriesResponseDecoder;
import io.canopus.codecs.ClientHelloDecoder;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.JoinRequestDecoder;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.ProposalPullDecoder;
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

/**
 * Names of the wire messages by SBE template id, for statistics per message type. Ids come from the
 * generated decoders so that a renumbered schema cannot silently mislabel a count.
 */
public final class MessageTypes
{
    /** Template ids are uint16 on the wire, but the schema uses small ids; counts beyond this go to "other". */
    public static final int MAX_TRACKED_ID = 127;
    /** Index of frames too short for a header or with a foreign schema id. */
    public static final int UNKNOWN = MAX_TRACKED_ID + 1;

    private static final String[] NAMES = new String[UNKNOWN + 1];

    static
    {
        name(ProposalDecoder.TEMPLATE_ID, "Proposal");
        name(StabilityReportDecoder.TEMPLATE_ID, "StabilityReport");
        name(ProposalPullDecoder.TEMPLATE_ID, "ProposalPull");
        name(StateRequestDecoder.TEMPLATE_ID, "StateRequest");
        name(StateHeaderDecoder.TEMPLATE_ID, "StateHeader");
        name(CatchUpRequestDecoder.TEMPLATE_ID, "CatchUpRequest");
        name(ViewPrepareDecoder.TEMPLATE_ID, "ViewPrepare");
        name(ViewPromiseDecoder.TEMPLATE_ID, "ViewPromise");
        name(ViewAcceptDecoder.TEMPLATE_ID, "ViewAccept");
        name(ViewAcceptedDecoder.TEMPLATE_ID, "ViewAccepted");
        name(ViewDecidedDecoder.TEMPLATE_ID, "ViewDecided");
        name(JoinRequestDecoder.TEMPLATE_ID, "JoinRequest");
        name(ViewQueryDecoder.TEMPLATE_ID, "ViewQuery");
        name(RestartStatusDecoder.TEMPLATE_ID, "RestartStatus");
        name(ClientRequestDecoder.TEMPLATE_ID, "ClientRequest");
        name(ClientResponseDecoder.TEMPLATE_ID, "ClientResponse");
        name(ClientHelloDecoder.TEMPLATE_ID, "ClientHello");
        name(RequestVoteDecoder.TEMPLATE_ID, "RequestVote");
        name(RequestVoteResponseDecoder.TEMPLATE_ID, "RequestVoteResponse");
        name(AppendEntriesDecoder.TEMPLATE_ID, "AppendEntries");
        name(AppendEntriesResponseDecoder.TEMPLATE_ID, "AppendEntriesResponse");
        NAMES[UNKNOWN] = "unknown";
    }

    private MessageTypes()
    {
    }

    private static void name(final int templateId, final String name)
    {
        if (NAMES[templateId] != null)
        {
            throw new IllegalStateException("template id " + templateId + " named twice: " + NAMES[templateId] + ", " + name);
        }
        NAMES[templateId] = name;
    }

    /**
     * @return the index under which a frame is counted: its template id when it is a frame of our schema with
     * a tracked id, else {@link #UNKNOWN}. Reads only the header, allocates nothing.
     */
    public static int indexOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return UNKNOWN;
        }
        final int schemaId = buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        return schemaId == MessageHeaderDecoder.SCHEMA_ID && templateId <= MAX_TRACKED_ID ? templateId : UNKNOWN;
    }

    /** @return the message name of a counting index, {@code "template-<id>"} for ids the schema does not name. */
    public static String nameOf(final int index)
    {
        final String name = index >= 0 && index < NAMES.length ? NAMES[index] : null;
        return name != null ? name : "template-" + index;
    }
}
