package org.spira.features.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spira.features.testing.TestResources;

/** Writing .npy: round trips, and the header layout the NumPy format specification requires. */
class NpyWriteTest {

    @TempDir
    Path dir;

    static Stream<int[]> shapes() {
        return Stream.of(
                new int[] {}, new int[] {0}, new int[] {7}, new int[] {2, 3, 4}, new int[] {0, 401, 40}, new int[] {
                    3, 401, 40
                });
    }

    private static float[] randomValues(int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * 30.0);
        }
        if (n >= 3) {
            values[0] = Float.NaN;
            values[1] = -0f;
            values[2] = Float.NEGATIVE_INFINITY;
        }
        return values;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void roundTripsThroughAFile(int[] shape) throws IOException {
        float[] data = randomValues((int) Npy.elementCount(shape));
        Path file = dir.resolve("a.npy");

        Npy.writeFloat32(file, shape, data);
        NpyArray back = Npy.read(file);

        assertArrayEquals(shape, back.shape());
        assertArrayEquals(rawBits(data), rawBits(back.data()));
        assertEquals(List.of("a.npy"), listing());
    }

    @Test
    void streamsRowsAsOneCOrderArray() throws IOException {
        float[][] windows = {randomValues(401 * 40), randomValues(401 * 40 + 1), randomValues(401 * 40)};
        windows[1] = Arrays.copyOf(windows[1], 401 * 40);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Npy.write(out, new int[] {3, 401, 40}, windows);
        NpyArray back = Npy.read(new ByteArrayInputStream(out.toByteArray()));

        assertArrayEquals(new int[] {3, 401, 40}, back.shape());
        for (int w = 0; w < windows.length; w++) {
            assertArrayEquals(rawBits(windows[w]), rawBits(back.slice(w)), "window " + w);
        }
    }

    @ParameterizedTest
    @MethodSource("headerCases")
    void writesAVersion1HeaderPaddedTo64Bytes(int[] shape, String tuple) {
        byte[] header = Npy.header(shape);
        ByteBuffer buf = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);

        assertArrayEquals(Npy.MAGIC, Arrays.copyOf(header, 6));
        assertEquals(1, header[6], "major version");
        assertEquals(0, header[7], "minor version");
        assertEquals(header.length - 10, Short.toUnsignedInt(buf.getShort(8)), "HEADER_LEN counts the rest");
        assertEquals(0, header.length % 64, "data must start at a multiple of 64 bytes");
        String dict = new String(header, 10, header.length - 10, StandardCharsets.ISO_8859_1);
        assertTrue(dict.endsWith("\n"), "header ends with a newline");
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }", dict.stripTrailing());
        assertTrue(dict.substring(dict.indexOf('}') + 1, dict.length() - 1).isBlank(), "padding is spaces");
    }

    static Stream<Arguments> headerCases() {
        return Stream.of(
                Arguments.of(new int[] {}, "()"),
                Arguments.of(new int[] {7}, "(7,)"),
                Arguments.of(new int[] {2, 3, 4}, "(2, 3, 4)"),
                Arguments.of(new int[] {12, 401, 40}, "(12, 401, 40)"),
                Arguments.of(new int[] {Integer.MAX_VALUE / 401, 1, 1}, "(" + Integer.MAX_VALUE / 401 + ", 1, 1)"));
    }

    @Test
    void writesTheSameDictionaryAndDataBytesAsNumpy() throws IOException {
        byte[] numpy = Files.readAllBytes(TestResources.path("npy/numpy-v1-2x3x4.npy"));
        NpyArray array = Npy.read(TestResources.path("npy/numpy-v1-2x3x4.npy"));
        Path ours = dir.resolve("ours.npy");

        Npy.writeFloat32(ours, array.shape(), array.data());
        byte[] written = Files.readAllBytes(ours);

        int numpyDataStart = numpy.length - 24 * 4;
        int ourDataStart = written.length - 24 * 4;
        assertEquals(
                new String(numpy, 10, numpyDataStart - 10, StandardCharsets.ISO_8859_1).strip(),
                new String(written, 10, ourDataStart - 10, StandardCharsets.ISO_8859_1).strip());
        assertArrayEquals(
                Arrays.copyOfRange(numpy, numpyDataStart, numpy.length),
                Arrays.copyOfRange(written, ourDataStart, written.length));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
