package org.spira.features.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spira.features.testing.TestResources;

/** Reads arrays that NumPy 1.24 wrote (fixtures and generator in src/test/resources/npy). */
class NpyReadTest {

    /** The fixture's values: element i of the 2x3x4 array is (i - 11.5) / 4, exact in float32. */
    private static float[] expected2x3x4() {
        float[] values = new float[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i - 11.5f) / 4f;
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy-v1-2x3x4.npy", "numpy-v2-2x3x4.npy", "numpy-v3-2x3x4.npy"})
    void readsEveryFormatVersionNumpyWrites(String name) throws IOException {
        NpyArray array = Npy.read(TestResources.path("npy/" + name));

        assertArrayEquals(new int[] {2, 3, 4}, array.shape());
        assertArrayEquals(expected2x3x4(), array.data());
    }

    @Test
    void readsTheSameArrayFromAStream() throws IOException {
        try (InputStream in = Files.newInputStream(TestResources.path("npy/numpy-v1-2x3x4.npy"))) {
            assertEquals(new NpyArray(new int[] {2, 3, 4}, expected2x3x4()), Npy.read(in));
        }
    }

    @Test
    void keepsSpecialValuesBitForBit() throws IOException {
        float[] expected = {
            0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE
        };

        NpyArray array = Npy.read(TestResources.path("npy/numpy-v1-specials.npy"));

        assertArrayEquals(new int[] {7}, array.shape());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(array.data()[i]), "value " + i);
        }
    }

    @Test
    void readsAnMfccArrayWithoutWindows() throws IOException {
        NpyArray array = Npy.read(TestResources.path("npy/numpy-v1-empty-0x401x40.npy"));

        assertArrayEquals(new int[] {0, 401, 40}, array.shape());
        assertEquals(0, array.data().length);
    }

    @Test
    void slicesWindowsAlongTheFirstAxis() throws IOException {
        NpyArray array = Npy.read(TestResources.path("npy/numpy-v1-2x3x4.npy"));
        float[] all = expected2x3x4();

        assertArrayEquals(Arrays.copyOfRange(all, 12, 24), array.slice(1));
    }
}
