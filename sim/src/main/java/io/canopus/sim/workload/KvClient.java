package io.canopus.sim.workload;

import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvStatus;
import io.canopus.sim.check.KvOperation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One key-value client: a session, one operation outstanding at a time, started after a think time
 * (closed loop) or by an open-loop arrival.
 * <p>
 * Retries: on a timeout the client sends the same request again (same session and sequence, so the
 * engine's session table makes the write apply once) to the next node of its fail-over list: the
 * other nodes of its home rack first, then every other node, wrapping round. A BUSY or NOT_MEMBER
 * answer moves it along the same list after a short back-off; REDIRECT goes to the hinted node.
 * SESSION_EXPIRED or any other refusal abandons the operation (recorded as pending: it may or may
 * not have taken effect) and, for an expired session, opens a new one.
 * <p>
 * Correlation: the wire client id is {@code opTag << 32 | (index + 1)}. Its low half is the return
 * address; its high half names the operation, so a late answer to an earlier operation (reads all
 * carry sequence 0) can never be mistaken for the answer to the current one. Retries of one
 * operation carry the same tag, so every attempt's answer counts.
 */
final class KvClient
{
    static final int TIMER_THINK = 0;
    static final int TIMER_TIMEOUT = 1;
    static final int TIMER_BACKOFF = 2;

    final int index;
    final int endpoint;
    private final KvWorkload workload;
    private final WorkloadSettings settings;
    private final SplittableRandom random;
    private final int[] candidates;
    private final long[] lastKnown;

    long sessionId;
    private int sessionNo;
    private long lastSequence;
    private long opTag;
    private long valueCounter;

    boolean outstanding;
    KvOperation.Type type;
    long key;
    long value;
    long expected;
    long sequence;
    long invokeNs;
    int attempts;
    int targetNode;
    private int cursor;

    long timerToken;
    int timerKind;

    long opsStarted;
    long opsCompleted;
    long opsAbandoned;
    long retries;
    long timeouts;
    long refusals;
    long staleResponses;

    KvClient(final int index, final int endpoint, final int[] candidates, final KvWorkload workload, final SplittableRandom random)
    {
        this.index = index;
        this.endpoint = endpoint;
        this.candidates = candidates;
        this.workload = workload;
        this.settings = workload.settings();
        this.random = random;
        this.lastKnown = new long[settings.keys()];
        Arrays.fill(lastKnown, KvOperation.ABSENT);
        this.targetNode = candidates[0];
        newSession();
    }

    /** @return the client id put on the wire: the operation tag over the return address. */
    long wireClientId()
    {
        return (opTag << 32) | (index + 1L);
    }

    void onTimer(final long token, final long nowNs)
    {
        if (token != timerToken)
        {
            return;
        }
        switch (timerKind)
        {
            case TIMER_THINK:
                startOperation(nowNs);
                break;
            case TIMER_TIMEOUT:
                timeouts++;
                failOver();
                attempt(nowNs);
                break;
            default:
                attempt(nowNs);
                break;
        }
    }

    void startOperation(final long nowNs)
    {
        final int total = settings.getWeight() + settings.putWeight() + settings.casWeight();
        final int draw = random.nextInt(total);
        key = random.nextInt(settings.keys());
        expected = KvOperation.ABSENT;
        value = KvOperation.ABSENT;
        if (draw < settings.getWeight())
        {
            type = KvOperation.Type.GET;
            sequence = 0;
        }
        else
        {
            type = draw < settings.getWeight() + settings.putWeight() ? KvOperation.Type.PUT : KvOperation.Type.CAS;
            sequence = ++lastSequence;
            value = ((index + 1L) << 40) | ++valueCounter; // unique over the run, never ABSENT
            if (type == KvOperation.Type.CAS)
            {
                expected = lastKnown[(int)key];
            }
        }
        opTag = (opTag + 1) & 0x7FFF_FFFFL;
        invokeNs = nowNs;
        attempts = 0;
        outstanding = true;
        opsStarted++;
        attempt(nowNs);
    }

    private void attempt(final long nowNs)
    {
        if (attempts++ > 0)
        {
            retries++;
        }
        workload.sendRequest(this);
        arm(TIMER_TIMEOUT, nowNs + settings.timeoutNs());
    }

    /**
     * Takes an answer. {@code resultStatus} is null when the response carried no KvResult.
     */
    void onResponse(
        final long nowNs,
        final long wireClientId,
        final long responseSession,
        final long responseSequence,
        final ClientStatus status,
        final int nodeHint,
        final KvStatus resultStatus,
        final long resultValue)
    {
        if (!outstanding || wireClientId != wireClientId() || responseSession != sessionId || responseSequence != sequence)
        {
            staleResponses++;
            return;
        }
        switch (status)
        {
            case OK:
                complete(nowNs, resultStatus, resultValue);
                break;
            case REDIRECT:
                refusals++;
                if (nodeHint >= 0 && nodeHint < workload.nodeCount() && nodeHint != targetNode)
                {
                    targetNode = nodeHint;
                }
                else
                {
                    failOver();
                }
                arm(TIMER_BACKOFF, nowNs + settings.backoffNs());
                break;
            case BUSY:
            case NOT_MEMBER:
                refusals++;
                failOver();
                arm(TIMER_BACKOFF, nowNs + settings.backoffNs());
                break;
            case SESSION_EXPIRED:
                abandon(nowNs);
                newSession();
                break;
            default:
                abandon(nowNs);
                break;
        }
    }

    private void complete(final long nowNs, final KvStatus resultStatus, final long resultValue)
    {
        boolean ok = true;
        long observed = value;
        switch (type)
        {
            case GET:
                if (resultStatus == KvStatus.OK && resultValue != KvOperation.ABSENT)
                {
                    observed = resultValue;
                }
                else if (resultStatus == KvStatus.NOT_FOUND)
                {
                    observed = KvOperation.ABSENT;
                }
                else
                {
                    abandon(nowNs);
                    return;
                }
                lastKnown[(int)key] = observed;
                break;
            case PUT:
                // No result (a retry whose cached result is gone) still means committed.
                if (resultStatus != null && resultStatus != KvStatus.OK)
                {
                    abandon(nowNs);
                    return;
                }
                lastKnown[(int)key] = value;
                break;
            default:
                if (resultStatus == KvStatus.OK)
                {
                    lastKnown[(int)key] = value;
                }
                else if (resultStatus == KvStatus.CAS_FAILED)
                {
                    ok = false;
                    lastKnown[(int)key] = resultValue;
                }
                else
                {
                    abandon(nowNs); // outcome unknown
                    return;
                }
                break;
        }
        outstanding = false;
        opsCompleted++;
        workload.record(new KvOperation(index, sessionId, sequence, type, key, observed, expected, ok, invokeNs, nowNs));
        thinkThenStart(nowNs);
    }

    /** @return the next pause: fixed, or uniform over the settings' range from this client's stream. */
    private long thinkNs()
    {
        final long min = settings.thinkTimeNs();
        final long max = settings.thinkTimeMaxNs();
        // A fixed pause draws nothing, so fixed-think runs keep their random streams (and digests).
        return max == min ? min : min + random.nextLong(max - min + 1);
    }

    /** Gives up the current operation: recorded as pending, it may or may not take effect. */
    private void abandon(final long nowNs)
    {
        outstanding = false;
        opsAbandoned++;
        workload.record(pendingOperation());
        thinkThenStart(nowNs);
    }

    /** Closed loop: the next operation after a pause. Open loop: idle until the next arrival picks this client. */
    private void thinkThenStart(final long nowNs)
    {
        if (settings.isOpenLoop())
        {
            ++timerToken; // disarms the pending timeout
            return;
        }
        arm(TIMER_THINK, nowNs + thinkNs());
    }

    /** @return the outstanding operation as a pending history entry. */
    KvOperation pendingOperation()
    {
        return new KvOperation(index, sessionId, sequence, type, key, type == KvOperation.Type.GET ? KvOperation.ABSENT : value,
            expected, type != KvOperation.Type.CAS, invokeNs, KvOperation.PENDING);
    }

    private void failOver()
    {
        cursor = (cursor + 1) % candidates.length;
        targetNode = candidates[cursor];
    }

    private void newSession()
    {
        sessionNo++;
        sessionId = ((index + 1L) << 20) | sessionNo;
        lastSequence = 0;
    }

    private void arm(final int kind, final long atNs)
    {
        timerKind = kind;
        workload.scheduleTimer(this, atNs, ++timerToken);
    }
}
