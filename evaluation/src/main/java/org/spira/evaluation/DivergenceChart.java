package org.spira.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.List;
import java.util.Locale;

/**
 * Draws one divergence per MFCC coefficient as bars of a {@value #WIDTH} x {@value #HEIGHT} PNG:
 * coefficient on x, divergence on y from 0 to the larger of the largest value and twice the
 * limit, the limit as a red line, and the bars above it in red.
 */
public final class DivergenceChart {
    static final int WIDTH = 720;
    static final int HEIGHT = 420;
    static final int LEFT = 70;
    static final int TOP = 40;
    static final int PLOT_WIDTH = 620;
    static final int PLOT_HEIGHT = 310;
    static final Color OVER = new Color(0xd6, 0x27, 0x28);
    static final Color GRID = new Color(0xee, 0xee, 0xee);

    private DivergenceChart() {}

    /**
     * @param divergences per coefficient, each in [0, 1]; none draws a chart saying so
     * @param limit the gate's limit
     */
    public static byte[] png(List<Double> divergences, double limit, String title) {
        PngCanvas canvas = new PngCanvas(WIDTH, HEIGHT);
        Graphics2D g = canvas.graphics();
        canvas.centred(title, WIDTH / 2, TOP - 16);
        double top = Math.min(
                1,
                Math.max(
                        2 * limit,
                        divergences.stream().mapToDouble(d -> d).max().orElse(0)));
        drawAxes(canvas, top, divergences.size());
        if (divergences.isEmpty()) {
            canvas.centred("no new recordings to compare", LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT / 2);
            return canvas.toPng();
        }
        double slot = PLOT_WIDTH / (double) divergences.size();
        for (int c = 0; c < divergences.size(); c++) {
            double d = divergences.get(c);
            g.setColor(d > limit ? OVER : PngCanvas.ACCENT);
            int height = (int) Math.round(d / top * PLOT_HEIGHT);
            int x = LEFT + (int) Math.round(c * slot + slot * 0.15);
            g.fillRect(x, TOP + PLOT_HEIGHT - height, Math.max(1, (int) Math.round(slot * 0.7)), height);
        }
        g.setColor(OVER);
        g.setStroke(new BasicStroke(2));
        int limitRow = TOP + PLOT_HEIGHT - (int) Math.round(limit / top * PLOT_HEIGHT);
        g.drawLine(LEFT, limitRow, LEFT + PLOT_WIDTH, limitRow);
        g.setStroke(new BasicStroke(1));
        g.drawString(String.format(Locale.ROOT, "limit %.3f", limit), LEFT + PLOT_WIDTH - 80, limitRow - 4);
        return canvas.toPng();
    }

    private static void drawAxes(PngCanvas canvas, double top, int coefficients) {
        Graphics2D g = canvas.graphics();
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * tick / 4;
            int row = TOP + PLOT_HEIGHT - (int) Math.round(value / top * PLOT_HEIGHT);
            g.setColor(GRID);
            g.drawLine(LEFT, row, LEFT + PLOT_WIDTH, row);
            g.setColor(PngCanvas.INK);
            g.drawString(String.format(Locale.ROOT, "%.3f", value), LEFT - 48, row + 5);
        }
        g.drawRect(LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT);
        double slot = coefficients == 0 ? 0 : PLOT_WIDTH / (double) coefficients;
        for (int c = 0; c < coefficients; c += 5) {
            canvas.centred(Integer.toString(c), LEFT + (int) Math.round((c + 0.5) * slot), TOP + PLOT_HEIGHT + 18);
        }
        canvas.centred("MFCC coefficient", LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT + 40);
        g.rotate(-Math.PI / 2);
        canvas.centred("Jensen-Shannon divergence (bits)", -(TOP + PLOT_HEIGHT / 2), LEFT - 55);
        g.rotate(Math.PI / 2);
    }
}
