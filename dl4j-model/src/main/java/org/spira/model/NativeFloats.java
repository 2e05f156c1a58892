package org.spira.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct access to a float32 array's native memory, for layers computed in Java loops: the
 * elements in c order as a {@link FloatBuffer} whose index 0 is the array's first element. Rows
 * move between native memory and small Java arrays with absolute bulk gets and puts (memcpy).
 */
final class NativeFloats {
    private NativeFloats() {}

    /**
     * {@code array}, or a copy of it in c order if its elements are not one contiguous c-ordered
     * run of memory (a reshaped array or a view of whole leading rows is used as it is).
     */
    static INDArray contiguous(INDArray array) {
        return isContiguous(array) ? array : array.dup('c');
    }

    /**
     * The elements of {@code array}, which must be float32, contiguous and in c order ({@link
     * #contiguous}), as a buffer over its memory: writes go to the array.
     */
    static FloatBuffer of(INDArray array) {
        if (array.dataType() != DataType.FLOAT || !isContiguous(array)) {
            throw new ModelException("native float access needs a contiguous float32 array in c order, got "
                    + array.dataType() + " " + array.shapeInfoToString());
        }
        // The buffer spans the memory the array was cut from; the array starts at its offset.
        FloatBuffer buffer = array.data().asNioFloat();
        return buffer.position((int) array.offset()).slice().limit((int) array.length());
    }

    /** Whether the elements of {@code array} are one contiguous run of memory in c order. */
    static boolean isContiguous(INDArray array) {
        long[] shape = array.shape();
        long[] stride = array.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            // A dimension of size 1 is never stepped over: its stride does not matter.
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }
}
