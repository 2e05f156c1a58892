package org.spira.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws a ROC curve as a {@value #WIDTH} x {@value #HEIGHT} PNG: false positive rate on x,
 * true positive rate on y, both 0 to 1 over a square plot of {@value #PLOT} pixels, the
 * chance diagonal in grey under the curve in blue.
 */
public final class RocChart {
    static final int WIDTH = 480;
    static final int HEIGHT = 480;
    static final int PLOT = 380;
    static final int LEFT = 70;
    static final int TOP = 40;
    static final Color DIAGONAL = new Color(0xbb, 0xbb, 0xbb);
    static final Color GRID = new Color(0xee, 0xee, 0xee);
    static final int CURVE_WIDTH = 3;

    private RocChart() {}

    /** The ROC curve's PNG, or a chart saying why there is no curve (one class absent). */
    public static byte[] png(Optional<RocCurve> curve, String title) {
        PngCanvas canvas = new PngCanvas(WIDTH, HEIGHT);
        Graphics2D g = canvas.graphics();
        canvas.centred(title, WIDTH / 2, TOP - 16);
        drawAxes(canvas);
        g.setColor(DIAGONAL);
        g.drawLine(x(0), y(0), x(1), y(1));
        if (curve.isPresent()) {
            drawCurve(g, curve.get().points());
            g.setColor(PngCanvas.INK);
            canvas.centred(String.format(Locale.ROOT, "AUC %.3f", curve.get().area()), x(0.7), y(0.1));
        } else {
            g.setColor(PngCanvas.INK);
            canvas.centred("no ROC curve: patients and controls are both needed", x(0.5), y(0.6));
        }
        return canvas.toPng();
    }

    /** Pixel column of a false positive rate. */
    static int x(double falsePositiveRate) {
        return LEFT + (int) Math.round(falsePositiveRate * PLOT);
    }

    /** Pixel row of a true positive rate (rows grow downwards). */
    static int y(double truePositiveRate) {
        return TOP + PLOT - (int) Math.round(truePositiveRate * PLOT);
    }

    private static void drawAxes(PngCanvas canvas) {
        Graphics2D g = canvas.graphics();
        for (int tick = 0; tick <= 5; tick++) {
            double rate = tick / 5.0;
            g.setColor(GRID);
            g.drawLine(x(rate), y(0), x(rate), y(1));
            g.drawLine(x(0), y(rate), x(1), y(rate));
            g.setColor(PngCanvas.INK);
            String label = String.format(Locale.ROOT, "%.1f", rate);
            canvas.centred(label, x(rate), y(0) + 18);
            g.drawString(label, x(0) - 30, y(rate) + 5);
        }
        g.drawRect(x(0), y(1), PLOT, PLOT);
        canvas.centred("false positive rate (1 - specificity)", x(0.5), y(0) + 40);
        g.rotate(-Math.PI / 2);
        canvas.centred("true positive rate (sensitivity)", -y(0.5), x(0) - 40);
        g.rotate(Math.PI / 2);
    }

    private static void drawCurve(Graphics2D g, List<RocCurve.Point> points) {
        g.setColor(PngCanvas.ACCENT);
        g.setStroke(new BasicStroke(CURVE_WIDTH));
        for (int k = 1; k < points.size(); k++) {
            RocCurve.Point a = points.get(k - 1);
            RocCurve.Point b = points.get(k);
            g.drawLine(
                    x(a.falsePositiveRate()),
                    y(a.truePositiveRate()),
                    x(b.falsePositiveRate()),
                    y(b.truePositiveRate()));
        }
        g.setStroke(new BasicStroke(1));
    }
}
