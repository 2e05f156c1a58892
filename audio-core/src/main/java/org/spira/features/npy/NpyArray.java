package org.spira.features.npy;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 array read from or written to a {@code .npy} file: its shape and its values in C
 * (row-major) order. The arrays are not copied; treat them as read-only. For SPIRA features
 * the shape is [windows, frames, coefficients] = [W, 401, 40] and a waveform is [samples].
 *
 * @param shape dimensions, outermost first; empty for a scalar; each >= 0
 * @param data values in C order; its length is the product of {@code shape}
 */
public record NpyArray(int[] shape, float[] data) {

    public NpyArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        Npy.requireLength(shape, data.length);
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /**
     * A copy of the values at {@code index} along the first axis, in C order: for an MFCC array
     * [W, 401, 40], {@code slice(w)} is window w as 401 x 40 floats, frames x coefficients.
     *
     * @throws IndexOutOfBoundsException if the array is a scalar or the index is out of range
     */
    public float[] slice(int index) {
        if (shape.length == 0) {
            throw new IndexOutOfBoundsException("a scalar has no first axis to slice");
        }
        Objects.checkIndex(index, shape[0]);
        int stride = shape[0] == 0 ? 0 : data.length / shape[0];
        return Arrays.copyOfRange(data, index * stride, (index + 1) * stride);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyArray that && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[float32 " + Arrays.toString(shape) + "]";
    }
}
