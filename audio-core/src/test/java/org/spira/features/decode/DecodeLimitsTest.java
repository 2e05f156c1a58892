package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecodeLimitsTest {
    @Test
    void defaultsAreTheDocumentedValues() {
        DecodeLimits limits = DecodeLimits.defaults();
        assertEquals(2L << 30, limits.maxInputBytes());
        assertEquals(7200.0, limits.maxDurationSeconds());
        assertEquals(4000, limits.minSampleRate());
        assertEquals(384000, limits.maxSampleRate());
        assertEquals(32, limits.maxChannels());
    }

    @Test
    void frameCapIsDurationTimesRateWithinJavaArrays() {
        DecodeLimits limits = DecodeLimits.defaults();
        assertEquals(7200L * 16000, limits.maxFrames(16000));
        assertEquals(DecodeLimits.MAX_ARRAY_FRAMES, limits.maxFrames(384000));
    }

    @Test
    void invalidLimitsAreRejectedWithTheSettingName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(0, 1, 8000, 16000, 1));
        assertTrue(e.getMessage().contains("maxInputBytes"));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, Double.NaN, 8000, 16000, 1));
        assertThrows(
                IllegalArgumentException.class, () -> new DecodeLimits(1, Double.POSITIVE_INFINITY, 8000, 16000, 1));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, 1, 0, 16000, 1));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, 1, 16000, 8000, 1));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, 1, 8000, 16000, 0));
    }
}
