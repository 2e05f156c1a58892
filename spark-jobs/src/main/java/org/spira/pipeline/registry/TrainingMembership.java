package org.spira.pipeline.registry;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.TrainingMembershipTable;

/**
 * The recordings a model version learned from, derived from the lineage its training run
 * recorded: the recordings of its feature version in {@code features} at the recorded table
 * version, joined on {@code subject_key} with {@code splits} at the recorded version, the training
 * and validation splits only. It is the one derivation of {@code training_membership}'s rows:
 * {@code train} writes them once it has registered the version (after checking, before training,
 * that they are the recordings of its index), and {@code lineage} writes them for a version that
 * has none. Subject keys stay in Spark: only {@link #splitOf} collects, and it holds none.
 */
public final class TrainingMembership {
    private TrainingMembership() {}

    /** {@code recording_id, subject_key, split} of the training and validation recordings of {@code lineage}. */
    private static Dataset<Row> recordings(DeltaStore store, TrainingLineage lineage) {
        Dataset<Row> features = store.spark()
                .read()
                .format("delta")
                .option("versionAsOf", lineage.featuresVersion())
                .load(lineage.featuresTable())
                .where(col(FeaturesTable.FEATURE_VERSION).equalTo(lineage.featureSpecHash()))
                .select(FeaturesTable.RECORDING_ID, FeaturesTable.SUBJECT_KEY)
                .distinct();
        Dataset<Row> splits = store.readVersion(SplitsTable.NAME, lineage.splitsVersion())
                .where(col(SplitsTable.SPLIT).isin(SplitsTable.TRAIN, SplitsTable.VALIDATION))
                .select(SplitsTable.SUBJECT_KEY, SplitsTable.SPLIT);
        return features.join(splits, SplitsTable.SUBJECT_KEY)
                .select(
                        TrainingMembershipTable.RECORDING_ID,
                        TrainingMembershipTable.SUBJECT_KEY,
                        TrainingMembershipTable.SPLIT);
    }

    /** Each recording of {@link #recordings} with its split, by recording id (no subject key). */
    public static Map<String, String> splitOf(DeltaStore store, TrainingLineage lineage) {
        Map<String, String> splits = new TreeMap<>();
        recordings(store, lineage)
                .select(TrainingMembershipTable.RECORDING_ID, TrainingMembershipTable.SPLIT)
                .collectAsList()
                .forEach(row -> splits.put(
                        RowFields.string(row, TrainingMembershipTable.RECORDING_ID),
                        RowFields.string(row, TrainingMembershipTable.SPLIT)));
        return splits;
    }

    /**
     * Adds the version's rows that {@code training_membership} does not hold yet (all of them, or
     * none on a rerun: one MERGE on the table's key), for version {@code modelVersion} of {@code
     * modelName} trained by run {@code runId} on {@code lineage}.
     *
     * @param recordedBy {@link TrainingMembershipTable#BY_TRAIN} or {@link
     *     TrainingMembershipTable#BY_LINEAGE}
     * @return the rows added
     */
    public static long record(
            DeltaStore store,
            TrainingLineage lineage,
            String modelName,
            long modelVersion,
            String runId,
            String recordedBy,
            Timestamp recordedAt) {
        return store.insertNew(
                TrainingMembershipTable.CONTRACT,
                recordings(store, lineage)
                        .withColumn(TrainingMembershipTable.MODEL_NAME, lit(modelName))
                        .withColumn(TrainingMembershipTable.MODEL_VERSION, lit(modelVersion))
                        .withColumn(TrainingMembershipTable.RUN_ID, lit(runId))
                        .withColumn(TrainingMembershipTable.RECORDED_BY, lit(recordedBy))
                        .withColumn(TrainingMembershipTable.RECORDED_AT, lit(recordedAt)));
    }
}
