package io.canopus.engine.config;

/**
 * Literal IPv4 addresses and host names, checked without any name lookup.
 */
final class Ipv4
{
    private Ipv4()
    {
    }

    /**
     * @return the four octets of a dotted-quad literal (no leading zeros, each 0..255), or null.
     */
    static int[] parse(final String text)
    {
        if (text == null)
        {
            return null;
        }
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            return null;
        }
        final int[] octets = new int[4];
        for (int i = 0; i < 4; i++)
        {
            final String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0') ||
                !part.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                return null;
            }
            octets[i] = Integer.parseInt(part);
            if (octets[i] > 255)
            {
                return null;
            }
        }
        return octets;
    }

    /**
     * @return true for a literal IPv4 address with an optional {@code /prefix} of 0..32.
     */
    static boolean isInterface(final String text)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            return parse(text) != null;
        }
        final String prefix = text.substring(slash + 1);
        return parse(text.substring(0, slash)) != null && !prefix.isEmpty() && prefix.length() <= 2 &&
            prefix.chars().allMatch(c -> c >= '0' && c <= '9') && Integer.parseInt(prefix) <= 32;
    }

    /**
     * A host name by RFC 1123: dot-separated labels of letters, digits and hyphens, 1..63 characters,
     * not starting or ending with a hyphen, 253 characters at most, and not all-numeric (so that a
     * mistyped address such as {@code 10.0.1.256} is not taken for a name).
     *
     * @return true when {@code text} is such a name.
     */
    static boolean isHostName(final String text)
    {
        if (text.isEmpty() || text.length() > 253)
        {
            return false;
        }
        final String[] labels = text.split("\\.", -1);
        boolean allNumeric = true;
        for (final String label : labels)
        {
            if (label.isEmpty() || label.length() > 63 || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-')
            {
                return false;
            }
            for (int i = 0; i < label.length(); i++)
            {
                final char c = label.charAt(i);
                final boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                final boolean digit = c >= '0' && c <= '9';
                if (!letter && !digit && c != '-')
                {
                    return false;
                }
                if (letter || c == '-')
                {
                    allNumeric = false;
                }
            }
        }
        return !allNumeric;
    }
}
