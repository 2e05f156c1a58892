package org.spira.features.decode;

/**
 * ITU-T G.711 expansion tables (mu-law and A-law bytes to 16-bit linear PCM), computed with the
 * reference segment formulas (as in the CCITT/Sun g711.c that libsndfile also follows). Peak
 * values are +-32124 for mu-law and +-32256 for A-law.
 */
final class G711 {
    private static final short[] MU_LAW = new short[256];
    private static final short[] A_LAW = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            MU_LAW[code] = (short) muLawToLinear(code);
            A_LAW[code] = (short) aLawToLinear(code);
        }
    }

    private G711() {}

    /** 16-bit linear value of a mu-law byte (0-255). */
    static int muLaw(int code) {
        return MU_LAW[code & 0xFF];
    }

    /** 16-bit linear value of an A-law byte (0-255). */
    static int aLaw(int code) {
        return A_LAW[code & 0xFF];
    }

    private static int muLawToLinear(int code) {
        int u = ~code & 0xFF;
        int bias = 0x84;
        int magnitude = (((u & 0x0F) << 3) + bias) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? bias - magnitude : magnitude - bias;
    }

    private static int aLawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int magnitude = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            magnitude += 8;
        } else {
            magnitude = (magnitude + 0x108) << (segment - 1);
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
