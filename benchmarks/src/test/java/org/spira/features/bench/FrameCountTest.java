package org.spira.features.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spira.features.dsp.FeatureSpec;

class FrameCountTest {
    private static final FeatureSpec SPIRA = FeatureSpec.spira();

    @Test
    void spiraWindowHas397InteriorFramesAndFourEdgeFrames() {
        assertEquals(397, FrameCount.interiorFramesPerWindow(SPIRA));
    }

    @Test
    void oneWindowCostsItsFrames() {
        assertEquals(401, FrameCount.shared(SPIRA, 64_000));
        assertEquals(401, FrameCount.perWindow(SPIRA, 64_000));
    }

    @Test
    void tooShortRecordingCostsNothing() {
        assertEquals(0, FrameCount.shared(SPIRA, 63_999));
        assertEquals(0, FrameCount.perWindow(SPIRA, 63_999));
    }

    @Test
    void sharedCountEqualsDistinctFramesEnumerated() {
        for (int samples : new int[] {64_000, 80_000, 95_999, 160_000, 479_232}) {
            assertEquals(enumerated(SPIRA, samples), FrameCount.shared(SPIRA, samples), "samples " + samples);
        }
    }

    @Test
    void sharedCountEqualsEnumerationWhenWindowsDoNotOverlap() {
        FeatureSpec disjoint = SPIRA.withWindow(16_000, 32_000);
        assertEquals(enumerated(disjoint, 200_000), FrameCount.shared(disjoint, 200_000));
    }

    @Test
    void perWindowCountIs401PerWindow() {
        assertEquals(401L * 7, FrameCount.perWindow(SPIRA, 160_000));
    }

    /** Distinct frames by enumeration: interior frames keyed by absolute centre, edge frames per window. */
    private static long enumerated(FeatureSpec spec, int samples) {
        Set<Long> interiorCentres = new HashSet<>();
        long edge = 0;
        int half = spec.winLength() / 2;
        for (int w = 0; w < spec.windowCount(samples); w++) {
            for (int t = 0; t < spec.framesPerWindow(); t++) {
                int centre = t * spec.hopLength();
                if (centre - half >= 0 && centre + half <= spec.windowSamples()) {
                    interiorCentres.add((long) w * spec.stepSamples() + centre);
                } else {
                    edge++;
                }
            }
        }
        return interiorCentres.size() + edge;
    }
}
