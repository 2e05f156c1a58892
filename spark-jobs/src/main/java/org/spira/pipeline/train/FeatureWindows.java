package org.spira.pipeline.train;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spira.model.train.InMemoryWindowSource;
import org.spira.model.train.TrainingWindow;
import org.spira.model.train.WindowShape;
import org.spira.model.train.WindowSource;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RowFields;

/**
 * Feature rows as the trainer's windows, and the choice between holding them in the trainer's
 * memory and streaming them from Spark: the feature rows of the training and validation
 * recordings are held once when their MFCC values (rows x frames x coefficients x 4 bytes) fit
 * the memory budget, and, on the driver only, read one minibatch at a time otherwise.
 */
public final class FeatureWindows {
    static final Column[] COLUMNS = {
        col(FeaturesTable.RECORDING_ID),
        col(FeaturesTable.LABEL),
        col(FeaturesTable.VARIANT),
        col(FeaturesTable.WINDOW_INDEX),
        col(FeaturesTable.MFCC)
    };

    /** How the windows reach the trainer. */
    public enum Mode {
        IN_MEMORY,
        SPARK_STREAMED
    }

    private FeatureWindows() {}

    /** Bytes of float32 MFCC values of {@code rows} windows of {@code shape}. */
    public static long estimatedBytes(long rows, WindowShape shape) {
        return Math.multiplyExact(rows, (long) shape.size() * Float.BYTES);
    }

    /** In memory when the estimate fits the budget, streamed from Spark otherwise. */
    public static Mode choose(long estimatedBytes, long budgetBytes) {
        return estimatedBytes <= budgetBytes ? Mode.IN_MEMORY : Mode.SPARK_STREAMED;
    }

    /** The rows of {@code features} (rows of one feature version) of the recordings {@code ids}. */
    public static Dataset<Row> used(Dataset<Row> features, List<String> ids) {
        return features.where(col(FeaturesTable.RECORDING_ID).isin(ids.toArray()));
    }

    /**
     * The driver's source of {@code mode} over {@code used}, the feature rows of the training and
     * validation recordings.
     */
    public static WindowSource source(Mode mode, Dataset<Row> used) {
        return switch (mode) {
            case IN_MEMORY -> new InMemoryWindowSource(used.select(COLUMNS).collectAsList().stream()
                    .map(FeatureWindows::window)
                    .toList());
            case SPARK_STREAMED -> new SparkWindowSource(used);
        };
    }

    /** A row of {@link #COLUMNS} as a window. */
    static TrainingWindow window(Row row) {
        List<Float> values = RowFields.list(row, FeaturesTable.MFCC);
        float[] mfcc = new float[values.size()];
        for (int i = 0; i < mfcc.length; i++) {
            mfcc[i] = values.get(i);
        }
        return new TrainingWindow(
                RowFields.string(row, FeaturesTable.RECORDING_ID),
                RowFields.integer(row, FeaturesTable.LABEL),
                RowFields.integer(row, FeaturesTable.VARIANT),
                RowFields.integer(row, FeaturesTable.WINDOW_INDEX),
                mfcc);
    }
}
