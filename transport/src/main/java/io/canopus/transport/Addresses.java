package io.canopus.transport;

/**
 * Parsing of IPv4 literals and {@code host:port} endpoints without any name lookup: configuration
 * and client-supplied channels are checked by syntax only, so a bad value fails fast with a clear
 * message instead of blocking on DNS or failing later inside the media driver.
 */
final class Addresses
{
    /** Longest host name accepted in an endpoint (the DNS limit). */
    static final int MAX_HOST_LENGTH = 253;

    private Addresses()
    {
    }

    /**
     * @param text a dotted-quad IPv4 literal such as {@code 239.255.0.1}.
     * @return the four octets as an unsigned 32-bit value, or -1 if {@code text} is not exactly four
     * decimal octets 0..255 (leading zeros are refused: some parsers read them as octal).
     */
    static long parseIpv4(final String text)
    {
        if (null == text)
        {
            return -1;
        }
        final int length = text.length();
        long value = 0;
        int octets = 0;
        int i = 0;
        while (i < length)
        {
            final int start = i;
            int octet = 0;
            while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9')
            {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3)
                {
                    return -1;
                }
            }
            final int digits = i - start;
            if (0 == digits || octet > 255 || (digits > 1 && text.charAt(start) == '0'))
            {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (i < length)
            {
                if (text.charAt(i) != '.' || octets == 4)
                {
                    return -1;
                }
                i++;
                if (i == length)
                {
                    return -1;
                }
            }
        }
        return octets == 4 ? value : -1;
    }

    /**
     * @param endpoint text that should be {@code host:port}.
     * @return null if it is a valid endpoint, otherwise why not (to be put into a message).
     */
    static String endpointProblem(final String endpoint)
    {
        if (null == endpoint || endpoint.isEmpty())
        {
            return "must be host:port";
        }
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1)
        {
            return "must be host:port";
        }
        final String host = endpoint.substring(0, colon);
        if (!isHost(host))
        {
            return "host '" + host + "' is not an IPv4 literal, [IPv6] literal or host name";
        }
        final int port = parsePort(endpoint, colon + 1);
        if (port < 1)
        {
            return "port must be a number in 1..65535";
        }
        return null;
    }

    /**
     * @param endpoint a valid {@code host:port}.
     * @return its port.
     */
    static int portOf(final String endpoint)
    {
        return parsePort(endpoint, endpoint.lastIndexOf(':') + 1);
    }

    /**
     * @param endpoint a valid {@code host:port}.
     * @return its host.
     */
    static String hostOf(final String endpoint)
    {
        return endpoint.substring(0, endpoint.lastIndexOf(':'));
    }

    private static int parsePort(final String text, final int from)
    {
        final int length = text.length();
        if (from >= length || length - from > 5)
        {
            return -1;
        }
        int port = 0;
        for (int i = from; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 ? port : -1;
    }

    private static boolean isHost(final String host)
    {
        if (host.isEmpty() || host.length() > MAX_HOST_LENGTH)
        {
            return false;
        }
        if (host.charAt(0) == '[')
        {
            if (host.length() < 4 || host.charAt(host.length() - 1) != ']')
            {
                return false;
            }
            for (int i = 1; i < host.length() - 1; i++)
            {
                final char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%'))
                {
                    return false;
                }
            }
            return true;
        }
        boolean allDigitsAndDots = true;
        for (int i = 0; i < host.length(); i++)
        {
            final char c = host.charAt(i);
            final boolean digitOrDot = (c >= '0' && c <= '9') || c == '.';
            allDigitsAndDots &= digitOrDot;
            if (!(digitOrDot || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'))
            {
                return false;
            }
        }
        return !allDigitsAndDots || parseIpv4(host) >= 0;
    }
}
