package org.spira.evaluation;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.Locale;

/**
 * Draws a confusion matrix as a {@value #WIDTH} x {@value #HEIGHT} PNG: rows are the true
 * class (patient, control), columns the predicted class (patient, control). Each cell shows
 * its count and its share of the row, and is shaded from white (0 % of the row) to the
 * accent blue (100 %), so the diagonal reads as sensitivity and specificity.
 */
public final class ConfusionMatrixChart {
    static final int WIDTH = 460;
    static final int HEIGHT = 420;
    static final int CELL = 150;
    static final int LEFT = 130;
    static final int TOP = 80;

    private ConfusionMatrixChart() {}

    public static byte[] png(ConfusionMatrix cm, String title) {
        PngCanvas canvas = new PngCanvas(WIDTH, HEIGHT);
        Graphics2D g = canvas.graphics();
        canvas.centred(title, WIDTH / 2, 30);
        canvas.centred("predicted patient", LEFT + CELL / 2, TOP - 10);
        canvas.centred("predicted control", LEFT + CELL + CELL / 2, TOP - 10);
        g.drawString("true patient", 20, TOP + CELL / 2 + 5);
        g.drawString("true control", 20, TOP + CELL + CELL / 2 + 5);
        cell(canvas, 0, 0, cm.truePositives(), cm.positives());
        cell(canvas, 0, 1, cm.falseNegatives(), cm.positives());
        cell(canvas, 1, 0, cm.falsePositives(), cm.negatives());
        cell(canvas, 1, 1, cm.trueNegatives(), cm.negatives());
        g.setColor(PngCanvas.INK);
        g.drawRect(LEFT, TOP, 2 * CELL, 2 * CELL);
        canvas.centred("rows: true class; n = " + cm.total(), LEFT + CELL, TOP + 2 * CELL + 30);
        return canvas.toPng();
    }

    /** Shade of a cell holding {@code count} of its row's {@code rowTotal} items. */
    static Color shade(long count, long rowTotal) {
        double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
        return new Color(
                blend(PngCanvas.ACCENT.getRed(), share),
                blend(PngCanvas.ACCENT.getGreen(), share),
                blend(PngCanvas.ACCENT.getBlue(), share));
    }

    private static int blend(int accent, double share) {
        return (int) Math.round(255 - share * (255 - accent));
    }

    private static void cell(PngCanvas canvas, int row, int column, long count, long rowTotal) {
        Graphics2D g = canvas.graphics();
        int left = LEFT + column * CELL;
        int top = TOP + row * CELL;
        g.setColor(shade(count, rowTotal));
        g.fillRect(left, top, CELL, CELL);
        boolean dark = rowTotal > 0 && 2 * count > rowTotal;
        g.setColor(dark ? Color.WHITE : PngCanvas.INK);
        canvas.centred(Long.toString(count), left + CELL / 2, top + CELL / 2 - 4);
        String share =
                rowTotal == 0 ? "empty row" : String.format(Locale.ROOT, "%.1f %% of row", 100.0 * count / rowTotal);
        canvas.centred(share, left + CELL / 2, top + CELL / 2 + 16);
    }
}
