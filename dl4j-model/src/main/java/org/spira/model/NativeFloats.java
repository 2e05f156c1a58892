package org.spira.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Direct access to a float32 array's native memory, for layers computed in Java loops: the
 * elements in c order as a {@link FloatBuffer} whose index 0 is the array's first element. Rows
 * move between native memory and small Java arrays with absolute bulk gets and puts (memcpy).
 */
final class NativeFloats {
    private NativeFloats() {}

    /** {@code array}, or a c-ordered contiguous copy of it if it is a view or not in c order. */
    static INDArray contiguous(INDArray array) {
        boolean plain = !array.isView() && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array);
        return plain ? array : array.dup('c');
    }

    /**
     * The elements of {@code array}, which must be float32, contiguous and in c order ({@link
     * #contiguous}), as a buffer over its memory: writes go to the array.
     */
    static FloatBuffer of(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.isView() || array.ordering() != 'c') {
            throw new ModelException("native float access needs a contiguous float32 array in c order, got "
                    + array.dataType() + " " + array.shapeInfoToString());
        }
        FloatBuffer buffer = array.data().asNioFloat();
        return buffer.position((int) array.offset()).slice().limit((int) array.length());
    }
}
