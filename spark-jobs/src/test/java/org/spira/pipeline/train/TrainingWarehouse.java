package org.spira.pipeline.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.VariantPlan;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.config.FeaturizeConfig;
import org.spira.pipeline.config.IngestConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SplitConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.featurize.FeaturizeResult;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.split.SplitJob;

/**
 * A small real warehouse for the train and lineage tests, built by the real ingest, featurize and
 * split jobs from eight shared recordings (four controls, four patients, one recording each):
 * clean features, and subjects split 1/2 train, 1/4 validation, 1/4 test per class, so two
 * training and one validation recording of each class.
 */
public final class TrainingWarehouse {
    private static final List<String> CONTROLS = List.of(
            "0Rlzhiz6bybk77wdLjxwy7yLDhg1", "0zexHIcM7tQDdnFiEj2Eb0v3g212",
            "1ctsxp37dWNbCbizTioZzpAWqJx2", "2TkAK2YVkYS7Ux3hAPBUgYgg9DI3");
    private static final List<String> PATIENTS =
            List.of("L7S8iIPKgiO6QWLC3mGkROCMa0s1", "U7UmNZmqS6OWTiDkM7IfqkDRrae2", "eP8gEM0KcBU6S5JpMdycX74KP3p2");

    private TrainingWarehouse() {}

    /** Builds the warehouse under {@code dir} and returns its URI. */
    public static String build(SparkSession spark, Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("path,subject_id,label\n");
        Path audio = SharedData.root().resolve("public/audio");
        CONTROLS.forEach(s -> csv.append(audio.resolve(s + "/counting-fast.wav"))
                .append(',')
                .append(s)
                .append(",control\n"));
        PATIENTS.forEach(s -> csv.append(audio.resolve(s + "/counting-fast.wav"))
                .append(',')
                .append(s)
                .append(",patient\n"));
        csv.append(audio.resolve("spira/antes_patiente.wav")).append(",spira_patiente,patient\n");
        PipelineConfig defaults = PipelineConfig.defaults();
        return fromManifest(spark, dir, csv.toString(), defaults.ingest(), new SplitConfig(0.5, 0.25, 0.25, 42));
    }

    /**
     * A warehouse under {@code dir} made by the real ingest (with {@code ingest}'s label sets),
     * featurize (clean windows only) and split jobs from a manifest CSV's text; returns its URI.
     */
    public static String fromManifest(
            SparkSession spark, Path dir, String manifestCsv, IngestConfig ingest, SplitConfig split) throws Exception {
        String warehouse = dir.resolve("warehouse").toUri().toString();
        Path manifest = Files.writeString(dir.resolve("manifest.csv"), manifestCsv);
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        new IngestJob(spark, ingest, key).run(warehouse, manifest.toUri().toString());
        featurize(spark, warehouse, FeatureSpec.spira());
        new SplitJob(spark, split).run(warehouse);
        return warehouse;
    }

    /** Adds the clean windows of feature version {@code spec} to the warehouse's features table. */
    public static FeaturizeResult featurize(SparkSession spark, String warehouse, FeatureSpec spec) {
        return new FeaturizeJob(spark, new FeaturizeConfig(-1, Optional.empty(), VariantPlan.cleanOnly()), spec)
                .run(warehouse);
    }
}
