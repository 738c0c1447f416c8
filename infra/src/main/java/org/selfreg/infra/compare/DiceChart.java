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
            for (int tick = 0; tick <= 4; tick++) {
                double value = low + (high - low) * tick / 4;
                int y = y0 - (int) Math.round(plotHeight * tick / 4.0);
                g.drawString(String.format(Locale.ROOT, "%.2f", value), 20, y + 4);
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

    private static int yOf(double value, double low, double high, int y0, int plotHeight) {
        return y0 - (int) Math.round(plotHeight * (value - low) / (high - low));
    }
}
