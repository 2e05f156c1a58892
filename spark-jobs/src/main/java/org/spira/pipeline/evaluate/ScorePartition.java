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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.spira.evaluation.WindowPrediction;
import org.spira.pipeline.scoring.WindowScorer;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RowBuilder;
import org.spira.pipeline.tables.RowFields;

/**
 * Scores the stored MFCC windows of evaluate's test conditions on the executors: {@link #INPUT}
 * rows in, {@link #OUTPUT} rows (the window's probability) out, {@code batch} windows per
 * inference call across the partition's recordings ({@link WindowScorer}). The model's bytes are
 * broadcast and loaded once per partition; only the small predictions leave the executors. No
 * subject key is read or written.
 */
public final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** The patient class's probability of a window, in [0, 1]. */
    public static final String PROBABILITY = "probability";

    /** A window to score, with the features table's names: mfcc is frames x coefficients, row-major. */
    public static final StructType INPUT = createStructType(List.of(
            createStructField(FeaturesTable.RECORDING_ID, StringType, false),
            createStructField(FeaturesTable.LABEL, IntegerType, false),
            createStructField(FeaturesTable.WINDOW_INDEX, IntegerType, false),
            createStructField(FeaturesTable.MFCC, createArrayType(FloatType, false), false)));

    /** The {@link #INPUT} columns, to select windows into its shape. */
    public static final Column[] INPUT_COLUMNS =
            List.of(INPUT.fieldNames()).stream().map(functions::col).toArray(Column[]::new);

    /** A window's prediction. */
    public static final StructType OUTPUT = createStructType(List.of(
            createStructField(FeaturesTable.RECORDING_ID, StringType, false),
            createStructField(FeaturesTable.WINDOW_INDEX, IntegerType, false),
            createStructField(FeaturesTable.LABEL, IntegerType, false),
            createStructField(PROBABILITY, DoubleType, false)));

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
        return windows.select(INPUT_COLUMNS).mapPartitions(this, Encoders.row(OUTPUT));
    }

    /** An {@link #OUTPUT} row as a prediction. */
    public static WindowPrediction prediction(Row row) {
        return new WindowPrediction(
                RowFields.string(row, FeaturesTable.RECORDING_ID),
                RowFields.integer(row, FeaturesTable.WINDOW_INDEX),
                RowFields.integer(row, FeaturesTable.LABEL),
                RowFields.doubleValue(row, PROBABILITY));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> windows) {
        WindowScorer scorer = WindowScorer.load(model.value(), frames, coefficients, batch);
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
            mfcc.add(floats(RowFields.list(row, FeaturesTable.MFCC)));
        }
        double[] probabilities = scorer.probabilities(mfcc);
        scored.clear();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            scored.add(RowBuilder.of(OUTPUT)
                    .set(FeaturesTable.RECORDING_ID, RowFields.string(row, FeaturesTable.RECORDING_ID))
                    .set(FeaturesTable.WINDOW_INDEX, RowFields.integer(row, FeaturesTable.WINDOW_INDEX))
                    .set(FeaturesTable.LABEL, RowFields.integer(row, FeaturesTable.LABEL))
                    .set(PROBABILITY, probabilities[i])
                    .build());
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
