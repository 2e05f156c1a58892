package org.spira.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.dsp.FeatureSpec;
import org.spira.model.train.CheckpointCodec;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.FeaturesConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.featurize.FeaturizeResult;
import org.spira.pipeline.registry.ModelArtifacts;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tracking.MlflowServerFixture;
import org.spira.pipeline.tracking.Tracker;

/**
 * Two feature versions in one features table: the recordings of {@link TrainingWarehouse}
 * featurized with SPIRA's 4 s windows and again with 3 s windows (1 s step), then the train stage
 * on the 3 s version, chosen by {@code spira.train.feature-version}. SPIRA.md section 5 gives the
 * oracle: SpiraConvV2 on 3 s windows (301 frames) has 499,613 parameters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureVersionsTest extends DeltaSparkTestBase {
    @TempDir
    static Path dir;

    private Tracker tracker;

    @AfterAll
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void aModelTrainsOnThe3SecondVersionOfATableHoldingBoth(@TempDir Path download) throws Exception {
        MlflowServerFixture server = MlflowServerFixture.require("feature-versions-test");
        tracker = server.tracker();
        String warehouse = TrainingWarehouse.build(spark(), dir);
        List<String> threeSecondWindows = List.of("spira.features.window-seconds=3", "spira.features.step-seconds=1");
        FeatureSpec threeSeconds =
                PipelineConfig.load(Optional.empty(), threeSecondWindows).features();
        FeaturizeResult added = TrainingWarehouse.featurize(spark(), warehouse, threeSeconds);

        DeltaStore store = new DeltaStore(spark(), warehouse);
        long fourSecondRows = rows(store, FeatureSpec.spira());
        // the same step, one second less per window: exactly one more window per recording
        assertEquals(fourSecondRows + added.recordings(), added.rows());
        assertEquals(fourSecondRows + added.rows(), store.read("features").count(), "both versions in one table");

        List<String> settings = List.of(
                "spira.train.epochs=1",
                "spira.train.recordings-per-batch=2",
                "spira.train.cores=1",
                "spira.train.feature-version=" + threeSeconds.hash());
        TrainResult trained = new TrainJob(
                        spark(),
                        tracker,
                        PipelineConfig.load(Optional.empty(), settings).train(),
                        server.config,
                        PipelineConfig.render(Optional.empty(), settings),
                        EpochListener.NONE)
                .run(warehouse, Optional.empty());

        assertEquals(499_613, trained.numParams());
        assertEquals(threeSeconds.hash(), trained.lineage().featureSpecHash());
        Path files = tracker.registry()
                .download(tracker.registry().version(trained.modelVersion()), download.resolve("model"));
        MultiLayerNetwork model = CheckpointCodec.model(Files.readAllBytes(files.resolve("model.zip")));
        assertEquals(499_613, model.numParams());
        String storedSpec = Files.readString(files.resolve(ModelArtifacts.FEATURE_SPEC_JSON));
        assertEquals(threeSeconds.toJson(), storedSpec);
        assertEquals(threeSeconds, FeatureSpec.fromJson(storedSpec));
        Map<String, String> params =
                TrainJobTest.keyValues(server.run(trained.runId()).path("data").path("params"));
        FeaturesConfig.params(threeSeconds)
                .forEach((key, value) -> assertEquals(String.valueOf(value), params.get(key), key));
        assertEquals("3.0", params.get("spira.features.window-seconds"));
    }

    private static long rows(DeltaStore store, FeatureSpec spec) {
        return store.read("features")
                .where("feature_version = '" + spec.hash() + "'")
                .count();
    }
}
