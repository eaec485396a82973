/**
 * Checks that an incoming SBE frame is well formed <em>before</em> any generated decoder reads it.
 *
 * <p>Why: frames arrive from the network (rack multicast, unicast between racks, client traffic)
 * and from the journal on replay. The generated SBE decoders trust the lengths written on the wire;
 * a corrupt, truncated or hostile frame would make them read past the frame, throw
 * {@link java.lang.IndexOutOfBoundsException} deep inside the duty cycle, or let a peer make a node
 * allocate or loop over 65534 bogus entries. {@link io.canopus.codecs.frame.FrameValidator} walks a
 * frame once, with explicit bounds checks, and answers either the template id (safe to decode) or a
 * negative {@link io.canopus.codecs.frame.Rejection} code, counting the rejection in
 * {@link io.canopus.codecs.frame.RejectionCounters}. The bounds it enforces live in
 * {@link io.canopus.codecs.frame.MessageLimits}.
 */
package io.canopus.codecs.frame;
