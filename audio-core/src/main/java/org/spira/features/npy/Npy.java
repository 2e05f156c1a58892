package org.spira.features.npy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) holding
 * little-endian float32 ({@code <f4}) arrays in C order, of any shape. Anything else (another
 * dtype, big-endian data, Fortran order, a truncated file) is rejected with an
 * {@link NpyFormatException} naming what was found. Pure JDK.
 *
 * <p>Files are written as version 1.0 (version 2.0 if the header would exceed 65535 bytes),
 * with the header padded by spaces and a final newline so that the data starts at a multiple
 * of 64 bytes, as NumPy itself does. See
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
 */
public final class Npy {

    /** {@code \x93NUMPY}: the first six bytes of every .npy file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Data starts at a multiple of this many bytes. */
    static final int ALIGNMENT = 64;

    private static final int CHUNK_FLOATS = 16 * 1024;

    private Npy() {}

    /**
     * Writes {@code data} with {@code shape} as a float32 .npy file, replacing {@code path}
     * atomically (a temporary file next to it is moved into place).
     *
     * @param shape dimensions, outermost first (for MFCC: [windows, 401, 40])
     * @param data values in C order, exactly the product of {@code shape} of them
     * @throws IllegalArgumentException if the shape is negative or does not match the data
     */
    public static void writeFloat32(Path path, int[] shape, float[] data) throws IOException {
        requireLength(shape, data.length);
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                writeHeader(out, shape);
                writeFloats(out, data);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Streams a float32 .npy array whose first axis is given row by row; {@code out} is left
     * open. For MFCC windows: shape [W, 401, 40] and rows[w] = 401 x 40 floats, frames x
     * coefficients.
     *
     * @param shape dimensions, at least one; shape[0] == rows.length
     * @param rows one array per index of the first axis, each the product of shape[1..] long
     * @throws IllegalArgumentException if the rows do not match the shape
     */
    public static void write(OutputStream out, int[] shape, float[][] rows) throws IOException {
        requireRows(shape, rows);
        writeHeader(out, shape);
        for (float[] row : rows) {
            writeFloats(out, row);
        }
        out.flush();
    }

    /**
     * Reads a float32 .npy file.
     *
     * @throws NpyFormatException if the file is not a little-endian float32 C-order .npy array
     *     or its size does not match its header
     */
    public static NpyArray read(Path path) throws IOException {
        long fileSize = Files.size(path);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            Layout layout = readHeader(in);
            long expected = layout.dataOffset() + 4 * elementCount(layout.shape());
            if (fileSize != expected) {
                throw new NpyFormatException("header declares float32 " + Arrays.toString(layout.shape()) + " ("
                        + expected + " bytes in all) but the file has " + fileSize + " bytes"
                        + (fileSize < expected ? ": it is truncated" : ": remove the trailing data"));
            }
            return new NpyArray(layout.shape(), readFloats(in, layout.shape()));
        } catch (NpyFormatException e) {
            throw new NpyFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one float32 .npy array from a stream (for example a {@code GZIPInputStream}) and
     * checks that the stream ends right after it; {@code in} is left open.
     *
     * @throws NpyFormatException if the stream is not a little-endian float32 C-order .npy
     *     array, ends early, or has data after the array
     */
    public static NpyArray read(InputStream in) throws IOException {
        Layout layout = readHeader(in);
        float[] data = readFloats(in, layout.shape());
        if (in.read() != -1) {
            throw new NpyFormatException("the stream continues after the float32 " + Arrays.toString(layout.shape())
                    + " array its header declares; remove the trailing data");
        }
        return new NpyArray(layout.shape(), data);
    }

    /** Product of the dimensions; fails when negative or beyond a Java array's capacity. */
    static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            count *= dim;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has more values than a Java array can hold");
            }
        }
        return count;
    }

    /** Magic, version 1.0 (or 2.0), header length, then the padded dictionary ending in '\n'. */
    static byte[] header(int[] shape) {
        byte[] dict = NpyHeader.format(shape).getBytes(StandardCharsets.ISO_8859_1);
        int v1Prefix = MAGIC.length + 2 + 2;
        boolean v1 = ceilTo(v1Prefix + dict.length + 1, ALIGNMENT) - v1Prefix <= 0xFFFF;
        int prefix = v1 ? v1Prefix : v1Prefix + 2;
        int total = ceilTo(prefix + dict.length + 1, ALIGNMENT);
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            buf.putShort((short) (total - prefix));
        } else {
            buf.putInt(total - prefix);
        }
        buf.put(dict);
        while (buf.position() < total - 1) {
            buf.put((byte) ' ');
        }
        return buf.put((byte) '\n').array();
    }

    private static void writeHeader(OutputStream out, int[] shape) throws IOException {
        out.write(header(shape));
    }

    private static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer bytes =
                ByteBuffer.allocate(4 * Math.min(values.length, CHUNK_FLOATS)).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, values.length - start);
            bytes.clear();
            bytes.asFloatBuffer().put(values, start, n);
            out.write(bytes.array(), 0, 4 * n);
        }
    }

    private static float[] readFloats(InputStream in, int[] shape) throws IOException {
        float[] data = new float[(int) elementCount(shape)];
        byte[] chunk = new byte[4 * Math.min(data.length, CHUNK_FLOATS)];
        for (int start = 0; start < data.length; start += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, data.length - start);
            if (in.readNBytes(chunk, 0, 4 * n) != 4 * n) {
                throw new NpyFormatException("data is truncated: header declares float32 " + Arrays.toString(shape)
                        + " but the data ends before value " + (start + n));
            }
            ByteBuffer.wrap(chunk, 0, 4 * n)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(data, start, n);
        }
        return data;
    }

    private static Layout readHeader(InputStream in) throws IOException {
        byte[] prefix = readExactly(in, MAGIC.length + 2, "magic string and version");
        if (!Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new NpyFormatException("not a .npy file: it does not start with \\x93NUMPY");
        }
        int major = prefix[MAGIC.length];
        int minor = prefix[MAGIC.length + 1];
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor
                    + "; versions 1.0, 2.0 and 3.0 are supported");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer length =
                ByteBuffer.wrap(readExactly(in, lengthBytes, "header length")).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength =
                major == 1 ? Short.toUnsignedInt(length.getShort()) : Integer.toUnsignedLong(length.getInt());
        if (headerLength > 1 << 20) {
            throw new NpyFormatException("header length " + headerLength + " bytes is implausible for a .npy file");
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String text = new String(readExactly(in, (int) headerLength, "header"), charset);
        NpyHeader header = NpyHeader.parse(text);
        requireFloat32(header);
        return new Layout(header.shape(), MAGIC.length + 2 + lengthBytes + headerLength);
    }

    private static void requireFloat32(NpyHeader header) throws NpyFormatException {
        if (header.descr().equals(">f4")) {
            throw new NpyFormatException(
                    "big-endian float32 ('>f4') is not supported; convert with array.astype('<f4') before saving");
        }
        if (!header.descr().equals("<f4")) {
            throw new NpyFormatException("dtype '" + header.descr()
                    + "' is not supported; only little-endian float32 ('<f4'): save with array.astype('<f4')");
        }
        if (header.fortranOrder()) {
            throw new NpyFormatException(
                    "Fortran-order arrays are not supported; save a C-order array (numpy.ascontiguousarray)");
        }
        try {
            elementCount(header.shape());
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(e.getMessage());
        }
    }

    private static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new NpyFormatException(
                    "truncated .npy: the " + what + " needs " + n + " bytes, found " + bytes.length);
        }
        return bytes;
    }

    static void requireLength(int[] shape, int length) {
        long count = elementCount(shape);
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " values but data has " + length + "; pass data of exactly that length");
        }
    }

    private static void requireRows(int[] shape, float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (shape.length == 0 || shape[0] != rows.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs shape[0] == rows.length (" + rows.length + ")");
        }
        elementCount(shape);
        long rowLength = elementCount(Arrays.copyOfRange(shape, 1, shape.length));
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != rowLength) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values but shape "
                        + Arrays.toString(shape) + " needs " + rowLength + " per row");
            }
        }
    }

    private static int ceilTo(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Shape and byte offset of the data, from a parsed header. */
    private record Layout(int[] shape, long dataOffset) {}
}
