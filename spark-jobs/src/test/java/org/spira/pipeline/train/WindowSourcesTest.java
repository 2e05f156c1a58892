package org.spira.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.spira.model.train.EpochPlan;
import org.spira.model.train.InMemoryWindowSource;
import org.spira.model.train.MinibatchAssembler;
import org.spira.model.train.PlannedMinibatch;
import org.spira.model.train.TrainingWindow;
import org.spira.model.train.WindowSource;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.tables.DeltaStore;

/** The index and both window sources on a small real warehouse (local[2]); no tracking server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowSourcesTest extends DeltaSparkTestBase {
    @TempDir
    static Path dir;

    private DeltaStore store;
    private TrainingInputs inputs;
    private TrainingIndex index;

    @BeforeAll
    void buildWarehouse() throws Exception {
        runBefore();
        store = new DeltaStore(spark(), TrainingWarehouse.build(spark(), dir));
        inputs = TrainingInputs.pin(store, PipelineConfig.defaults().train(), Optional.empty());
        index = TrainingIndex.of(inputs.features(store), inputs.splits(store));
    }

    @Test
    void theIndexCountsEachRecordingsWindowsFromTheTable() {
        assertEquals(4, index.train().size());
        assertEquals(2, index.validation().size());
        Dataset<Row> features = inputs.features(store);
        index.train()
                .forEach(entry -> assertEquals(
                        features.where("recording_id = '" + entry.recordingId() + "'")
                                .count(),
                        (long) entry.windowCount(),
                        entry.recordingId()));
        assertEquals(Long.valueOf(2), index.recordings().get("train.patient"), "two training patients, as split");
        assertEquals(401, inputs.shape().frames());
        assertEquals(40, inputs.shape().coefficients());
    }

    @Test
    void theStreamedSourceGivesTheSameMinibatchesAsTheInMemoryOne() {
        Dataset<Row> used = FeatureWindows.used(inputs.features(store), index.recordingIds());
        WindowSource memory = FeatureWindows.source(FeatureWindows.Mode.IN_MEMORY, used);
        WindowSource streamed = FeatureWindows.source(FeatureWindows.Mode.SPARK_STREAMED, used);
        assertInstanceOf(InMemoryWindowSource.class, memory);
        assertInstanceOf(SparkWindowSource.class, streamed);
        MinibatchAssembler assembler = new MinibatchAssembler(inputs.shape());
        for (int epoch = 0; epoch < 2; epoch++) {
            List<PlannedMinibatch> batches =
                    EpochPlan.of(42, epoch, index.train(), 3).minibatches();
            Iterator<Collection<TrainingWindow>> fromMemory = memory.fetchAll(batches);
            Iterator<Collection<TrainingWindow>> fromSpark = streamed.fetchAll(batches);
            for (PlannedMinibatch batch : batches) {
                DataSet a = assembler.assemble(batch.recordings(), fromMemory.next());
                DataSet b = assembler.assemble(batch.recordings(), fromSpark.next());
                assertEquals(batch.windowCount(), b.numExamples());
                assertEquals(a.getFeatures(), b.getFeatures(), "epoch " + epoch + " minibatch " + batch.index());
                assertEquals(a.getLabels(), b.getLabels());
            }
        }
    }
}
