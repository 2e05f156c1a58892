package org.spira.pipeline.registry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunSpec;
import org.spira.pipeline.tracking.Tracker;

/**
 * Model versions registered in the real MLflow server as {@code train} registers them, without
 * training: a {@code train} run, and a version whose lineage tags name the tables' current
 * versions. For the stages that read a version's lineage ({@code validate}, {@code forget}).
 */
public final class UntrainedVersions {
    private UntrainedVersions() {}

    /** A version learned from the tables as they are now; its {@code training_membership} rows are not written. */
    public static ModelVersion register(Tracker tracker, DeltaStore store, FeatureSpec spec) {
        return register(tracker, store, spec, false);
    }

    /** A version as above, with its {@code training_membership} rows written as {@code train} writes them. */
    public static ModelVersion registerWithMembership(Tracker tracker, DeltaStore store, FeatureSpec spec) {
        return register(tracker, store, spec, true);
    }

    private static ModelVersion register(Tracker tracker, DeltaStore store, FeatureSpec spec, boolean membership) {
        TrainingLineage lineage = new TrainingLineage(
                store.path(FeaturesTable.NAME),
                store.version(FeaturesTable.NAME),
                spec.hash(),
                store.version(RecordingsTable.NAME),
                store.version(SplitsTable.NAME),
                TrainingLineage.NO_NOISE,
                "unknown",
                "test",
                "test");
        return tracker.run(RunSpec.named("train"), run -> {
            Map<String, String> tags = new LinkedHashMap<>(lineage.tags());
            tags.put(TrainingLineage.TRAIN_RUN_ID, run.id());
            ModelVersion version = tracker.registry().register(run, "model", tags);
            if (membership) {
                TrainingMembership.record(
                        store,
                        lineage,
                        version.model(),
                        version.version(),
                        run.id(),
                        TrainingMembershipTable.BY_TRAIN,
                        Timestamp.from(Instant.now()));
            }
            return version;
        });
    }
}
