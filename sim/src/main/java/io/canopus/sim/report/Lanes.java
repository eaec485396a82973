package io.canopus.sim.report;

import io.canopus.sim.stats.SimStats;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pictures JFreeChart has no chart type for, drawn straight onto an SVG canvas: one lane per server showing
 * its mode over time (down, and for Raft follower / pre-candidate / candidate / leader), and a space-time
 * diagram of the first messages of a small run.
 */
final class Lanes
{
    /** Endpoints at most for a space-time diagram; beyond this the arrows are unreadable. */
    static final int MAX_DIAGRAM_ENDPOINTS = 16;
    /** Copies at most in a space-time diagram. */
    static final int MAX_DIAGRAM_COPIES = 300;

    private static final Color DOWN = new Color(60, 60, 60);
    private static final Color UP = new Color(144, 202, 249);
    private static final Map<String, Color> ROLE_COLOURS = Map.of(
        "FOLLOWER", new Color(207, 216, 220),
        "PRE_CANDIDATE", new Color(255, 224, 130),
        "CANDIDATE", new Color(255, 152, 0),
        "LEADER", new Color(76, 175, 80));
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(148, 103, 189),
        new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34),
        new Color(23, 190, 207), new Color(214, 39, 40)};

    private Lanes()
    {
    }

    /** One lane per server: its mode over time, from boots, crashes and role changes. */
    static String modes(final SimStats stats, final int nodes, final long durationNs, final boolean leaderBased)
    {
        final int left = 50;
        final int width = Charts.WIDTH;
        final int lane = nodes > 30 ? 8 : 18;
        final int height = 50 + lane * nodes + 30;
        final SVGGraphics2D g = Svg.canvas(width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(leaderBased ? "Server modes over time" : "Servers up and down over time", left, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        final double scale = (width - left - 20) / (double)durationNs;
        // Replay boots, crashes and role changes in time order into per-node segments.
        final List<Object[]> changes = new ArrayList<>();
        for (final SimStats.UpDown u : stats.series().upDown())
        {
            changes.add(new Object[]{u.timeNs(), u.node(), u.up() ? (leaderBased ? "FOLLOWER" : "UP") : "DOWN"});
        }
        for (final SimStats.RoleChange r : stats.series().roles())
        {
            changes.add(new Object[]{r.timeNs(), r.node(), r.role()});
        }
        changes.sort((a, b) -> Long.compare((Long)a[0], (Long)b[0]));
        final long[] since = new long[nodes];
        final String[] mode = new String[nodes];
        java.util.Arrays.fill(mode, "DOWN");
        for (final Object[] change : changes)
        {
            final int node = (Integer)change[1];
            if (node >= nodes)
            {
                continue;
            }
            final long time = (Long)change[0];
            paint(g, left, 40 + node * lane, lane - 2, scale, since[node], time, mode[node]);
            since[node] = time;
            // A role change reported while down cannot happen; a boot always starts as follower.
            mode[node] = (String)change[2];
        }
        for (int node = 0; node < nodes; node++)
        {
            paint(g, left, 40 + node * lane, lane - 2, scale, since[node], durationNs, mode[node]);
            if (lane >= 12 || node % 5 == 0)
            {
                g.setColor(Color.BLACK);
                g.drawString("n" + node, 5, 40 + node * lane + lane - 5);
            }
        }
        int x = left;
        final int y = height - 12;
        final String[] legend = leaderBased ?
            new String[]{"DOWN", "FOLLOWER", "PRE_CANDIDATE", "CANDIDATE", "LEADER"} : new String[]{"DOWN", "UP"};
        for (final String name : legend)
        {
            g.setColor(colour(name));
            g.fillRect(x, y - 9, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(name.toLowerCase(java.util.Locale.ROOT), x + 14, y);
            x += 24 + 7 * name.length();
        }
        g.drawString(String.format("0 .. %.0f ms", durationNs / 1e6), width - 110, y);
        return g.getSVGElement();
    }

    private static void paint(
        final SVGGraphics2D g, final int left, final int y, final int h, final double scale, final long from, final long to,
        final String mode)
    {
        if (to <= from)
        {
            return;
        }
        g.setColor(colour(mode));
        final int x0 = left + (int)Math.round(from * scale);
        final int x1 = left + (int)Math.round(to * scale);
        g.fillRect(x0, y, Math.max(1, x1 - x0), h);
    }

    private static Color colour(final String mode)
    {
        if ("DOWN".equals(mode))
        {
            return DOWN;
        }
        return ROLE_COLOURS.getOrDefault(mode, UP);
    }

    /**
     * @return a space-time diagram of the run's first copies (time runs down, one vertical line per endpoint, an
     * arrow per copy, red crosses for copies dropped at send), or null when the run has too many endpoints.
     */
    static String spaceTime(final SimStats stats, final int endpoints, final int servers)
    {
        if (endpoints > MAX_DIAGRAM_ENDPOINTS || stats.series().copies().isEmpty())
        {
            return null;
        }
        final List<SimStats.Copy> copies = stats.series().copies().subList(0,
            Math.min(MAX_DIAGRAM_COPIES, stats.series().copies().size()));
        long end = 0;
        for (final SimStats.Copy c : copies)
        {
            end = Math.max(end, Math.max(c.sendNs(), c.arriveNs()));
        }
        final long start = copies.get(0).sendNs();
        final int width = Charts.WIDTH;
        final int height = 700;
        final int top = 50;
        final int bottom = height - 40;
        final SVGGraphics2D g = Svg.canvas(width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(String.format("First %d messages (%.3f .. %.3f ms)", copies.size(), start / 1e6, end / 1e6), 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        final double dx = (width - 60) / (double)Math.max(1, endpoints - 1);
        final double dy = (bottom - top) / (double)Math.max(1, end - start);
        for (int e = 0; e < endpoints; e++)
        {
            final int x = 30 + (int)Math.round(e * dx);
            g.setColor(Color.GRAY);
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.BLACK);
            g.drawString(e < servers ? "n" + e : "c" + (e - servers), x - 8, top - 8);
        }
        final Map<String, Color> typeColours = new LinkedHashMap<>();
        g.setStroke(new BasicStroke(1.0f));
        for (final SimStats.Copy c : copies)
        {
            final Color colour = typeColours.computeIfAbsent(c.type(), t -> PALETTE[typeColours.size() % PALETTE.length]);
            final int x0 = 30 + (int)Math.round(c.from() * dx);
            final int y0 = top + (int)Math.round((c.sendNs() - start) * dy);
            if (c.arriveNs() < 0)
            {
                g.setColor(Color.RED);
                final int x1 = x0 + (int)Math.signum(c.to() - c.from()) * 12;
                g.drawLine(x0, y0, x1, y0 + 6);
                g.drawLine(x1 - 3, y0 + 3, x1 + 3, y0 + 9);
                g.drawLine(x1 - 3, y0 + 9, x1 + 3, y0 + 3);
                continue;
            }
            final int x1 = 30 + (int)Math.round(c.to() * dx);
            final int y1 = top + (int)Math.round((c.arriveNs() - start) * dy);
            g.setColor(colour);
            g.drawLine(x0, y0, x1, y1);
            g.fillOval(x1 - 2, y1 - 2, 4, 4);
        }
        int x = 10;
        for (final Map.Entry<String, Color> entry : typeColours.entrySet())
        {
            g.setColor(entry.getValue());
            g.fillRect(x, height - 20, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), x + 14, height - 11);
            x += 24 + 6 * entry.getKey().length();
            if (x > width - 80)
            {
                break;
            }
        }
        return g.getSVGElement();
    }
}
