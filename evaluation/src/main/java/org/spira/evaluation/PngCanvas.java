package org.spira.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * An off-screen RGB image drawn with Java2D and encoded as PNG in memory; it needs no
 * display (runs with java.awt.headless=true). Antialiasing is off so that colours are exact
 * and the same input gives the same bytes (the JDK's PNG writer adds no timestamp).
 */
final class PngCanvas {
    static final Color BACKGROUND = Color.WHITE;
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color ACCENT = new Color(0x1f, 0x77, 0xb4);

    private final BufferedImage image;
    private final Graphics2D graphics;

    PngCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        graphics.setColor(BACKGROUND);
        graphics.fillRect(0, 0, width, height);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        graphics.setColor(INK);
    }

    Graphics2D graphics() {
        return graphics;
    }

    /** Draws {@code text} horizontally centred on x, with its baseline at y. */
    void centred(String text, int x, int y) {
        graphics.drawString(text, x - graphics.getFontMetrics().stringWidth(text) / 2, y);
    }

    /** Finishes drawing and returns the PNG bytes. */
    byte[] toPng() {
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this Java runtime has no PNG writer (javax.imageio)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a chart as PNG in memory failed", e);
        }
        return out.toByteArray();
    }
}
