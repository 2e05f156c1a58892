package org.spira.pipeline.train;

import static org.apache.spark.sql.functions.col;

import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spira.model.train.PlannedRecording;
import org.spira.model.train.TrainingWindow;
import org.spira.model.train.WindowSource;
import org.spira.pipeline.tables.FeaturesTable;

/**
 * A {@link WindowSource} that reads each minibatch's windows from the feature rows with one Spark
 * query (the planned recordings at their variants), so only one minibatch is on the driver at a
 * time: for feature tables larger than the driver's memory budget. Delta's per-file statistics
 * on {@code recording_id} let each query skip most files.
 */
public final class SparkWindowSource implements WindowSource {
    private final Dataset<Row> features;

    /** @param features the rows of one feature version of one table version */
    public SparkWindowSource(Dataset<Row> features) {
        this.features = features.select(FeatureWindows.COLUMNS);
    }

    @Override
    public Collection<TrainingWindow> fetch(List<PlannedRecording> recordings) {
        Column wanted = recordings.stream()
                .map(r -> col(FeaturesTable.RECORDING_ID)
                        .equalTo(r.recordingId())
                        .and(col(FeaturesTable.VARIANT).equalTo(r.variant())))
                .reduce(Column::or)
                .orElseThrow(() -> new IllegalArgumentException("a minibatch needs at least one recording"));
        return features.where(wanted).collectAsList().stream()
                .map(FeatureWindows::window)
                .toList();
    }
}
