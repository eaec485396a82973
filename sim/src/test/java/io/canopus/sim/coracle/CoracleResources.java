package io.canopus.sim.coracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Coracle's test configurations, read from the classpath (src/test/resources/coracle). */
final class CoracleResources
{
    static final String[] FILES = {
        "simple_diff.json", "simple_pair.json", "simple_star.json",
        "simple_triangle.json", "simple_triangle_bidirectional.json", "simple_triangle_client.json"};

    private CoracleResources()
    {
    }

    static String text(final String name)
    {
        return resource("/coracle/" + name);
    }

    /** @return a test resource (an absolute classpath path) as text. */
    static String resource(final String path)
    {
        try (InputStream in = CoracleResources.class.getResourceAsStream(path))
        {
            if (in == null)
            {
                throw new IllegalStateException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    static CoracleScenario scenario(final String name)
    {
        return CoracleReader.read(text(name), name);
    }
}
