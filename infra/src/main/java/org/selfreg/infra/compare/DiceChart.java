package org.selfreg.infra.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG chart of mean Dice (± std over seeds) against lambda, one point per configuration, drawn with Java2D so the
 * report needs no plotting library or display.
 */
public final class DiceChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int MARGIN = 70;
    private static final int TICK_INTERVALS = 4;
    /** Beyond this many decimals a tick step is float noise, not a value anyone chose. */
    private static final int MAX_DECIMALS = 6;

    private DiceChart() {
    }

    public static void write(Comparison comparison, Path png) {
        System.setProperty("java.awt.headless", "true");
        List<Comparison.Group> groups = comparison.groups().stream().filter(g -> g.dice().n() > 0).toList();
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("Mean Dice (± std over seeds) against lambda", MARGIN, 30);
            int x0 = MARGIN;
            int y0 = HEIGHT - MARGIN;
            int plotWidth = WIDTH - 2 * MARGIN;
            int plotHeight = HEIGHT - 2 * MARGIN;
            g.drawLine(x0, y0, x0 + plotWidth, y0);
            g.drawLine(x0, y0, x0, y0 - plotHeight);
            double low = groups.stream().mapToDouble(c -> c.dice().mean() - c.dice().std()).min().orElse(0);
            double high = groups.stream().mapToDouble(c -> c.dice().mean() + c.dice().std()).max().orElse(1);
            low = Math.max(0, Math.floor(low * 10) / 10);
            high = Math.min(1, Math.ceil(high * 10) / 10);
            if (high <= low) {
                high = Math.min(1, low + 0.1);
            }
            List<String> ticks = tickLabels(low, high, TICK_INTERVALS);
            for (int tick = 0; tick <= TICK_INTERVALS; tick++) {
                int y = y0 - (int) Math.round(plotHeight * tick / (double) TICK_INTERVALS);
                g.drawString(ticks.get(tick), 20, y + 4);
                g.drawLine(x0 - 4, y, x0, y);
            }
            g.drawString("lambda", x0 + plotWidth / 2 - 20, HEIGHT - 20);
            int n = groups.size();
            g.setStroke(new BasicStroke(2f));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < n; i++) {
                Comparison.Group group = groups.get(i);
                // Evenly spaced by rank: lambdas span decades (0, 0.001, 0.1), a linear axis would crowd them.
                int x = x0 + (int) Math.round(plotWidth * (i + 0.5) / n);
                int y = yOf(group.dice().mean(), low, high, y0, plotHeight);
                int top = yOf(group.dice().mean() + group.dice().std(), low, high, y0, plotHeight);
                int bottom = yOf(group.dice().mean() - group.dice().std(), low, high, y0, plotHeight);
                g.setColor(new Color(0x1f77b4));
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                g.drawLine(x, top, x, bottom);
                g.drawLine(x - 5, top, x + 5, top);
                g.drawLine(x - 5, bottom, x + 5, bottom);
                g.fillOval(x - 5, y - 5, 10, 10);
                g.setColor(Color.DARK_GRAY);
                g.drawString(new java.math.BigDecimal(group.lambda()).round(new java.math.MathContext(3))
                        .stripTrailingZeros().toPlainString(), x - 12, y0 + 20);
                previousX = x;
                previousY = y;
            }
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + png, e);
        }
    }

    /**
     * The labels of {@code intervals + 1} evenly spaced ticks from {@code low} to {@code high}, all with as many
     * decimals as the step needs: a step of 0.025 reads 0.025, 0.050, ... where two decimals would print 0.03, 0.05.
     */
    static List<String> tickLabels(double low, double high, int intervals) {
        double step = (high - low) / intervals;
        int decimals = Math.max(decimalsOf(low), decimalsOf(step));
        List<String> labels = new ArrayList<>();
        for (int tick = 0; tick <= intervals; tick++) {
            labels.add(String.format(Locale.ROOT, "%." + decimals + "f", low + step * tick));
        }
        return labels;
    }

    /** The fewest decimals (at least one) that write {@code value} exactly, up to float noise. */
    private static int decimalsOf(double value) {
        for (int decimals = 1; decimals < MAX_DECIMALS; decimals++) {
            double scaled = value * Math.pow(10, decimals);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6) {
                return decimals;
            }
        }
        return MAX_DECIMALS;
    }

    private static int yOf(double value, double low, double high, int y0, int plotHeight) {
        return y0 - (int) Math.round(plotHeight * (value - low) / (high - low));
    }
}
