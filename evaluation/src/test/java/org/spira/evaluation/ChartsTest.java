package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNGs decoded back with ImageIO: size, and colours at points computed from the data. */
class ChartsTest {
    private static final int ACCENT = new Color(0x1f, 0x77, 0xb4).getRGB();

    /**
     * The hand case's recording curve (DeLongAucTest): thresholds 0.8 (patient), 0.7 (control),
     * 0.5 (patient), 0.4 (a patient and a control), 0.2 (control) give the vertices (0,0),
     * (0,1/3), (1/3,1/3), (1/3,2/3), (2/3,1), (1,1); trapezoid area 1/9 + 5/18 + 1/3 = 13/18.
     */
    @Test
    void rocCurveVerticesAndAreaFollowTheScores() {
        RocCurve curve = HandCase.report().recordingRoc().orElseThrow();
        double third = 1.0 / 3;
        assertEquals(6, curve.points().size());
        assertPoint(curve.points().get(1), 0, third);
        assertPoint(curve.points().get(2), third, third);
        assertPoint(curve.points().get(3), third, 2 * third);
        assertPoint(curve.points().get(4), 2 * third, 1);
        assertEquals(13.0 / 18, curve.area(), 1e-15);
    }

    @Test
    void rocPngShowsTheDiagonalUnderTheCurve() throws Exception {
        byte[] png = RocChart.png(HandCase.report().recordingRoc(), "ROC, recordings (clean)");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(RocChart.WIDTH, image.getWidth());
        assertEquals(RocChart.HEIGHT, image.getHeight());
        // The plot is PLOT pixels square from (LEFT, TOP): rate r sits PLOT * r pixels in.
        int plot = RocChart.PLOT;
        int x09 = RocChart.LEFT + (int) Math.round(0.9 * plot);
        int y09 = RocChart.TOP + plot - (int) Math.round(0.9 * plot);
        assertEquals(RocChart.DIAGONAL.getRGB(), image.getRGB(x09, y09), "chance diagonal at (0.9, 0.9)");
        // Mid-point of the horizontal segment (0, 1/3) - (1/3, 1/3).
        int xSixth = RocChart.LEFT + (int) Math.round(plot / 6.0);
        int yThird = RocChart.TOP + plot - (int) Math.round(plot / 3.0);
        assertEquals(ACCENT, image.getRGB(xSixth, yThird), "curve at (1/6, 1/3)");
        // Mid-point of the tie segment (1/3, 2/3) - (2/3, 1): the diagonal step at (1/2, 5/6).
        int xHalf = RocChart.LEFT + plot / 2;
        int yFiveSixths = RocChart.TOP + plot - (int) Math.round(5 * plot / 6.0);
        assertEquals(ACCENT, image.getRGB(xHalf, yFiveSixths), "curve at (1/2, 5/6)");
        int yThreeTenths = RocChart.TOP + plot - (int) Math.round(0.3 * plot);
        assertEquals(Color.WHITE.getRGB(), image.getRGB(x09, yThreeTenths), "empty plot area at (0.9, 0.3)");
        assertArrayEquals(png, RocChart.png(HandCase.report().recordingRoc(), "ROC, recordings (clean)"));
    }

    @Test
    void rocPngWithoutACurveHasNoCurveColour() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(RocChart.png(Optional.empty(), "ROC")));
        boolean anyAccent = false;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                anyAccent |= image.getRGB(x, y) == ACCENT;
            }
        }
        assertFalse(anyAccent);
        int plot = RocChart.PLOT;
        int x09 = RocChart.LEFT + (int) Math.round(0.9 * plot);
        assertEquals(RocChart.DIAGONAL.getRGB(), image.getRGB(x09, RocChart.TOP + plot - (int) Math.round(0.9 * plot)));
    }

    /**
     * Hand case, recordings: TP 2, FN 1 (row of 3 patients), FP 1, TN 2 (row of 3 controls).
     * A cell is white blended towards (31, 119, 180) by its share s of the row: channel =
     * round(255 - s (255 - c)). s = 2/3: (106, 164, 205); s = 1/3: (180, 210, 230).
     */
    @Test
    void confusionMatrixCellsAreShadedByTheirShareOfTheRow() throws Exception {
        byte[] png = ConfusionMatrixChart.png(HandCase.report().recordings().confusion(), "recordings (clean)");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(ConfusionMatrixChart.WIDTH, image.getWidth());
        assertEquals(ConfusionMatrixChart.HEIGHT, image.getHeight());
        int cell = ConfusionMatrixChart.CELL;
        int[][] expected = {{rgb(106, 164, 205), rgb(180, 210, 230)}, {rgb(180, 210, 230), rgb(106, 164, 205)}};
        for (int row = 0; row < 2; row++) {
            for (int column = 0; column < 2; column++) {
                int x = ConfusionMatrixChart.LEFT + column * cell + 10;
                int y = ConfusionMatrixChart.TOP + row * cell + 10;
                assertEquals(expected[row][column], image.getRGB(x, y), "cell " + row + "," + column);
            }
        }
        assertArrayEquals(
                png, ConfusionMatrixChart.png(HandCase.report().recordings().confusion(), "recordings (clean)"));
    }

    @Test
    void anEmptyRowIsWhite() throws Exception {
        byte[] png = ConfusionMatrixChart.png(new ConfusionMatrix(0, 3, 0, 0), "controls only");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int x = ConfusionMatrixChart.LEFT + 10;
        assertEquals(Color.WHITE.getRGB(), image.getRGB(x, ConfusionMatrixChart.TOP + 10));
        // FP 3 of 3 controls: full accent.
        assertEquals(ACCENT, image.getRGB(x, ConfusionMatrixChart.TOP + ConfusionMatrixChart.CELL + 10));
        assertTrue(png.length > 0);
    }

    private static int rgb(int r, int g, int b) {
        return new Color(r, g, b).getRGB();
    }

    private static void assertPoint(RocCurve.Point p, double fpr, double tpr) {
        assertEquals(fpr, p.falsePositiveRate(), 1e-15);
        assertEquals(tpr, p.truePositiveRate(), 1e-15);
    }

    @Test
    void divergenceBarsAboveTheLimitAreRedAndTheOthersBlue() throws Exception {
        // 4 coefficients, limit 0.1: the scale tops at max(0.3, 2 x 0.1) = 0.3
        byte[] png = DivergenceChart.png(java.util.List.of(0.05, 0.3, 0.0, 0.09), 0.1, "drift");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(DivergenceChart.WIDTH, image.getWidth());
        int slot = DivergenceChart.PLOT_WIDTH / 4;
        int bottom = DivergenceChart.TOP + DivergenceChart.PLOT_HEIGHT - 2;
        assertEquals(ACCENT, image.getRGB(DivergenceChart.LEFT + slot / 2, bottom), "coefficient 0, under the limit");
        assertEquals(
                DivergenceChart.OVER.getRGB(),
                image.getRGB(DivergenceChart.LEFT + slot + slot / 2, DivergenceChart.TOP + 5),
                "coefficient 1 reaches the top");
        assertEquals(
                Color.WHITE.getRGB(),
                image.getRGB(DivergenceChart.LEFT + 2 * slot + slot / 2, bottom),
                "coefficient 2 has no bar");
        int barTop = DivergenceChart.TOP
                + DivergenceChart.PLOT_HEIGHT
                - (int) Math.round(0.09 / 0.3 * DivergenceChart.PLOT_HEIGHT);
        assertEquals(ACCENT, image.getRGB(DivergenceChart.LEFT + 3 * slot + slot / 2, barTop + 2));
        assertEquals(Color.WHITE.getRGB(), image.getRGB(DivergenceChart.LEFT + 3 * slot + slot / 2, barTop - 8));
    }
}
