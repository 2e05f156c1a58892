package org.spira.pipeline.evaluate;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Scores MFCC windows on the executors: {@link #INPUT} rows in, {@link #OUTPUT} rows (the
 * window's probability) out, {@code batch} windows per inference call. The model's bytes are
 * broadcast and loaded once per partition; only the small predictions leave the executors. No
 * subject key is read or written.
 */
public final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** A window to score: mfcc is frames x coefficients, row-major. */
    public static final StructType INPUT = createStructType(List.of(
            createStructField("recording_id", StringType, false),
            createStructField("label", IntegerType, false),
            createStructField("window_index", IntegerType, false),
            createStructField("mfcc", createArrayType(FloatType, false), false)));

    /** A window's prediction: probability of the patient class, in [0, 1]. */
    public static final StructType OUTPUT = createStructType(List.of(
            createStructField("recording_id", StringType, false),
            createStructField("window_index", IntegerType, false),
            createStructField("label", IntegerType, false),
            createStructField("probability", DoubleType, false)));

    private final Broadcast<byte[]> model;
    private final int frames;
    private final int coefficients;
    private final int batch;

    public ScorePartition(Broadcast<byte[]> model, int frames, int coefficients, int batch) {
        this.model = model;
        this.frames = frames;
        this.coefficients = coefficients;
        this.batch = batch;
    }

    /** The predictions of {@code windows}, which must have the {@link #INPUT} columns. */
    public Dataset<Row> apply(Dataset<Row> windows) {
        return windows.select("recording_id", "label", "window_index", "mfcc")
                .mapPartitions(this, Encoders.row(OUTPUT));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> windows) {
        WindowScorer scorer = WindowScorer.load(model.value(), frames, coefficients);
        return new Iterator<>() {
            private final List<Row> scored = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next == scored.size() && windows.hasNext()) {
                    scoreNextBatch(scorer, windows, scored);
                    next = 0;
                }
                return next < scored.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.get(next++);
            }
        };
    }

    private void scoreNextBatch(WindowScorer scorer, Iterator<Row> windows, List<Row> scored) {
        List<Row> rows = new ArrayList<>(batch);
        List<float[]> mfcc = new ArrayList<>(batch);
        while (rows.size() < batch && windows.hasNext()) {
            Row row = windows.next();
            rows.add(row);
            mfcc.add(floats(row.getList(3)));
        }
        double[] probabilities = scorer.probabilities(mfcc);
        scored.clear();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            scored.add(RowFactory.create(row.getString(0), row.getInt(2), row.getInt(1), probabilities[i]));
        }
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
