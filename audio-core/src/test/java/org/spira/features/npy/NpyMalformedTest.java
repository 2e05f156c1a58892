package org.spira.features.npy;

import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spira.features.testing.TestResources;

/** Everything Npy does not support fails with a message that names the problem. */
class NpyMalformedTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "numpy-v1-bigendian.npy, big-endian",
        "numpy-v1-float64.npy, '<f8'",
        "numpy-v1-fortran.npy, Fortran-order"
    })
    void rejectsArraysNumpyWroteInAnotherLayout(String name, String reason) {
        Path file = TestResources.path("npy/" + name);

        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));

        assertMentions(e, reason);
        assertMentions(e, name);
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        byte[] good = fixture();
        Path file = write(Arrays.copyOf(good, good.length - 3));

        assertMentions(assertThrows(NpyFormatException.class, () -> Npy.read(file)), "truncated");
        assertMentions(assertThrows(NpyFormatException.class, () -> readStream(Files.readAllBytes(file))), "truncated");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] good = fixture();
        Path file = write(Arrays.copyOf(good, good.length + 4));

        assertMentions(assertThrows(NpyFormatException.class, () -> Npy.read(file)), "trailing");
        assertMentions(assertThrows(NpyFormatException.class, () -> readStream(Files.readAllBytes(file))), "trailing");
    }

    @Test
    void rejectsFilesThatAreNotNpy() throws IOException {
        Path wav = write("RIFF....WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1));
        Path tiny = write(new byte[] {(byte) 0x93, 'N', 'U'});

        assertMentions(assertThrows(NpyFormatException.class, () -> Npy.read(wav)), "not a .npy file");
        assertMentions(assertThrows(NpyFormatException.class, () -> Npy.read(tiny)), "truncated");
    }

    @Test
    void rejectsUnknownFormatVersions() throws IOException {
        byte[] bytes = fixture();
        bytes[6] = 4;

        assertMentions(assertThrows(NpyFormatException.class, () -> Npy.read(write(bytes))), "version 4.0");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'descr': '<f4', 'shape': (2, 3, 4), } | exactly the keys",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), 'x': 1} | expected a string",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), } | non-negative integer",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), } | exceeds",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), } | more values than a Java array",
                "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), } | structured dtypes",
                "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), } | expected a string, True, False",
                "{'descr': '<f4', 'fortran_order': False, 'shape': '2', } | wrong type",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) | expected '}'",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x | after the dictionary",
                "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), } | malformed npy header at character 17"
            })
    void rejectsMalformedHeaders(String dict, String reason) throws IOException {
        Path file = write(withHeader(dict));

        assertMentions(assertThrows(NpyFormatException.class, () -> Npy.read(file)), reason);
    }

    @Test
    void rejectsWriterArgumentsThatDoNotMatch() {
        Path file = dir.resolve("x.npy");
        float[][] rows = {new float[6], new float[5]};

        assertMentions(
                assertThrows(
                        IllegalArgumentException.class, () -> Npy.writeFloat32(file, new int[] {2, 3}, new float[5])),
                "holds 6 values but data has 5");
        assertMentions(
                assertThrows(
                        IllegalArgumentException.class, () -> Npy.writeFloat32(file, new int[] {-1}, new float[0])),
                "negative");
        assertMentions(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Npy.write(new ByteArrayOutputStream(), new int[] {2, 6}, rows)),
                "row 1 has 5 values");
        assertMentions(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Npy.write(new ByteArrayOutputStream(), new int[] {3, 6}, rows)),
                "shape[0] == rows.length");
        assertTrue(Files.notExists(file), "nothing is written when the arguments are invalid");
    }

    /** A version 1.0 file with the given dictionary (padded to 64 bytes) and 8 bytes of data. */
    private static byte[] withHeader(String dict) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int headerLength = (10 + text.length + 1 + 63) / 64 * 64 - 10;
        ByteBuffer buf = ByteBuffer.allocate(10 + headerLength + 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(Npy.MAGIC)
                .put((byte) 1)
                .put((byte) 0)
                .putShort((short) headerLength)
                .put(text);
        while (buf.position() < 10 + headerLength - 1) {
            buf.put((byte) ' ');
        }
        return buf.put((byte) '\n').array();
    }

    private static byte[] fixture() throws IOException {
        return Files.readAllBytes(TestResources.path("npy/numpy-v1-2x3x4.npy"));
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "bad", ".npy"), bytes);
    }

    private static NpyArray readStream(byte[] bytes) throws IOException {
        return Npy.read(new ByteArrayInputStream(bytes));
    }

    private static void assertMentions(Exception e, String text) {
        assertTrue(e.getMessage().contains(text), () -> "message should mention '" + text + "': " + e.getMessage());
    }
}
