package io.canopus.perf.aeroncluster;

import io.aeron.DirectBufferVector;
import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

class EchoServiceTest
{
    /** A client session whose offers return the scripted results, then the last one for ever. */
    private static final class ScriptedSession implements ClientSession
    {
        private final Deque<Long> results = new ArrayDeque<>();
        private long last;
        int offers;

        ScriptedSession(final long... script)
        {
            for (final long r : script)
            {
                results.add(r);
            }
            last = script[script.length - 1];
        }

        @Override
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            offers++;
            return results.isEmpty() ? last : results.poll();
        }

        @Override
        public long id()
        {
            return 1;
        }

        @Override
        public int responseStreamId()
        {
            return 102;
        }

        @Override
        public String responseChannel()
        {
            return "aeron:udp?endpoint=127.0.0.1:1";
        }

        @Override
        public byte[] encodedPrincipal()
        {
            return new byte[0];
        }

        @Override
        public void close()
        {
        }

        @Override
        public boolean isClosing()
        {
            return false;
        }

        @Override
        public long offer(final DirectBufferVector[] vector)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long tryClaim(final int length, final BufferClaim bufferClaim)
        {
            throw new UnsupportedOperationException();
        }
    }

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[32]);

    @Test
    void backPressureIsRetriedUntilTheEchoGoesOut()
    {
        final EchoService service = new EchoService(NoOpIdleStrategy.INSTANCE);
        final ScriptedSession session = new ScriptedSession(Publication.BACK_PRESSURED, Publication.ADMIN_ACTION, 64);

        service.onSessionMessage(session, 0, message, 0, message.capacity(), null);

        assertThat(session.offers).isEqualTo(3);
        assertThat(service.echoesDropped()).isZero();
    }

    /**
     * A probe that ends with echoes in flight closes its client; retrying those echoes stalled the
     * service long enough that the next probe's client got no answer for 30 s.
     */
    @Test
    void anEchoToAClientThatHasGoneIsGivenUpAtOnce()
    {
        final EchoService service = new EchoService(NoOpIdleStrategy.INSTANCE);
        final ScriptedSession notConnected = new ScriptedSession(Publication.NOT_CONNECTED);
        final ScriptedSession closed = new ScriptedSession(Publication.BACK_PRESSURED, Publication.CLOSED);

        service.onSessionMessage(notConnected, 0, message, 0, message.capacity(), null);
        service.onSessionMessage(closed, 0, message, 0, message.capacity(), null);

        assertThat(notConnected.offers).isEqualTo(1);
        assertThat(closed.offers).isEqualTo(2);
        assertThat(service.echoesDropped()).isEqualTo(2);
    }

    @Test
    void endlessBackPressureIsBoundedAndCounted()
    {
        final EchoService service = new EchoService(NoOpIdleStrategy.INSTANCE);
        final ScriptedSession stuck = new ScriptedSession(Publication.BACK_PRESSURED);

        service.onSessionMessage(stuck, 0, message, 0, message.capacity(), null);

        assertThat(stuck.offers).isEqualTo(EchoService.MAX_OFFER_ATTEMPTS);
        assertThat(service.echoesDropped()).isEqualTo(1);
    }
}
