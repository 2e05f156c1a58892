package org.spira.pipeline.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spira.model.train.RecordingEntry;

/**
 * The small index the trainer plans epochs from, computed with one aggregation over the feature
 * rows (grouped by recording; no MFCC value is read) joined with the splits: one {@link
 * RecordingEntry} per training and validation recording, and the row counts per split and class.
 * Subject keys take part in the join on the executors but never reach the driver.
 *
 * @param train the training recordings, sorted by id
 * @param validation the validation recordings, sorted by id
 * @param rows feature rows (windows of every variant) per {@code split.class}, e.g. {@code
 *     train.patient}
 * @param recordings recordings per {@code split.class}
 */
public record TrainingIndex(
        List<RecordingEntry> train,
        List<RecordingEntry> validation,
        Map<String, Long> rows,
        Map<String, Long> recordings) {
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";

    public TrainingIndex {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        rows = Map.copyOf(rows);
        recordings = Map.copyOf(recordings);
    }

    /**
     * The index of {@code features} (the rows of one feature version) and {@code splits}.
     *
     * @throws TrainStageException when the train or the validation split has no recording
     */
    public static TrainingIndex of(Dataset<Row> features, Dataset<Row> splits) {
        Dataset<Row> perRecording = features.groupBy("recording_id")
                .agg(
                        first("subject_key").as("subject_key"),
                        first("label").as("label"),
                        sum(when(col("variant").equalTo(0), 1).otherwise(0)).as("windows"),
                        sort_array(collect_set("variant")).as("variants"),
                        count("*").as("rows"));
        List<Row> rows = perRecording
                .join(splits.select("subject_key", "split"), "subject_key")
                .where(col("split").isin(TRAIN, VALIDATION))
                .select("recording_id", "label", "windows", "variants", "rows", "split")
                .orderBy("recording_id")
                .collectAsList();
        return of(rows);
    }

    private static TrainingIndex of(List<Row> rows) {
        List<RecordingEntry> train = new ArrayList<>();
        List<RecordingEntry> validation = new ArrayList<>();
        Map<String, Long> rowCounts = new TreeMap<>();
        Map<String, Long> recordingCounts = new TreeMap<>();
        for (Row row : rows) {
            List<Integer> variants = row.getList(3);
            RecordingEntry entry = new RecordingEntry(
                    row.getString(0),
                    row.getInt(1),
                    (int) row.getLong(2),
                    variants.stream().filter(v -> v > 0).toList());
            String split = row.getString(5);
            (split.equals(TRAIN) ? train : validation).add(entry);
            String key = split + "." + (entry.label() == 1 ? "patient" : "control");
            rowCounts.merge(key, row.getLong(4), Long::sum);
            recordingCounts.merge(key, 1L, Long::sum);
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new TrainStageException("the " + (train.isEmpty() ? TRAIN : VALIDATION)
                    + " split has no featurized recording: run featurize and split on more"
                    + " recordings, or raise that split's fraction (spira.split.*) before training");
        }
        return new TrainingIndex(train, validation, rowCounts, recordingCounts);
    }

    /** Feature rows of the training and validation recordings. */
    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Ids of the training and validation recordings. */
    public List<String> recordingIds() {
        List<String> ids = new ArrayList<>();
        train.forEach(e -> ids.add(e.recordingId()));
        validation.forEach(e -> ids.add(e.recordingId()));
        return ids;
    }
}
