package io.canopus.codecs;

import net.jqwik.api.lifecycle.BeforeContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps jqwik's INFO notices ("edge case generation exceeds number of tries", expected for messages
 * with many fields) out of the build output; warnings and failures still show. Registered for every
 * container through META-INF/services/net.jqwik.api.lifecycle.LifecycleHook.
 */
public final class QuietJqwikLogging implements BeforeContainerHook
{
    /** Held strongly: java.util.logging keeps loggers weakly and would forget the level. */
    private static final Logger JQWIK = Logger.getLogger("net.jqwik");

    @Override
    public PropagationMode propagateTo()
    {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public void beforeContainer(final ContainerLifecycleContext context)
    {
        JQWIK.setLevel(Level.WARNING);
    }
}
