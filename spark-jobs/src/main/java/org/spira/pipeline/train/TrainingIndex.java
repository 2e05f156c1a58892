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
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;

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
    /** Columns of a recording's index row, besides the features' and splits' own. */
    private static final String WINDOWS = "windows";

    private static final String VARIANTS = "variants";
    private static final String ROWS = "rows";

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
        Dataset<Row> perRecording = features.groupBy(FeaturesTable.RECORDING_ID)
                .agg(
                        first(FeaturesTable.SUBJECT_KEY).as(FeaturesTable.SUBJECT_KEY),
                        first(FeaturesTable.LABEL).as(FeaturesTable.LABEL),
                        sum(when(col(FeaturesTable.VARIANT).equalTo(0), 1).otherwise(0))
                                .as(WINDOWS),
                        sort_array(collect_set(FeaturesTable.VARIANT)).as(VARIANTS),
                        count("*").as(ROWS));
        List<Row> rows = perRecording
                .join(splits.select(SplitsTable.SUBJECT_KEY, SplitsTable.SPLIT), SplitsTable.SUBJECT_KEY)
                .where(col(SplitsTable.SPLIT).isin(SplitsTable.TRAIN, SplitsTable.VALIDATION))
                .drop(SplitsTable.SUBJECT_KEY)
                .orderBy(FeaturesTable.RECORDING_ID)
                .collectAsList();
        return of(rows);
    }

    private static TrainingIndex of(List<Row> rows) {
        List<RecordingEntry> train = new ArrayList<>();
        List<RecordingEntry> validation = new ArrayList<>();
        Map<String, Long> rowCounts = new TreeMap<>();
        Map<String, Long> recordingCounts = new TreeMap<>();
        for (Row row : rows) {
            List<Integer> variants = RowFields.list(row, VARIANTS);
            RecordingEntry entry = new RecordingEntry(
                    RowFields.string(row, FeaturesTable.RECORDING_ID),
                    RowFields.integer(row, FeaturesTable.LABEL),
                    (int) RowFields.longValue(row, WINDOWS),
                    variants.stream().filter(v -> v > 0).toList());
            String split = RowFields.string(row, SplitsTable.SPLIT);
            (split.equals(SplitsTable.TRAIN) ? train : validation).add(entry);
            String key = split + "." + (entry.label() == 1 ? "patient" : "control");
            rowCounts.merge(key, RowFields.longValue(row, ROWS), Long::sum);
            recordingCounts.merge(key, 1L, Long::sum);
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new TrainStageException("the " + (train.isEmpty() ? SplitsTable.TRAIN : SplitsTable.VALIDATION)
                    + " split has no featurized recording: run featurize and split on more"
                    + " recordings, or raise that split's fraction (spira.split.*) before training");
        }
        return new TrainingIndex(train, validation, rowCounts, recordingCounts);
    }

    /** Feature rows of the training and validation recordings. */
    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The split of each training and validation recording, by id. */
    public Map<String, String> splitOf() {
        Map<String, String> splits = new TreeMap<>();
        train.forEach(e -> splits.put(e.recordingId(), SplitsTable.TRAIN));
        validation.forEach(e -> splits.put(e.recordingId(), SplitsTable.VALIDATION));
        return splits;
    }

    /** Ids of the training and validation recordings. */
    public List<String> recordingIds() {
        List<String> ids = new ArrayList<>();
        train.forEach(e -> ids.add(e.recordingId()));
        validation.forEach(e -> ids.add(e.recordingId()));
        return ids;
    }
}
