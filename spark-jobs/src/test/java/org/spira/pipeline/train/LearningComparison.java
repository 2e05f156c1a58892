package org.spira.pipeline.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.tables.DeltaStore;

/**
 * The full learning comparison behind docs/learning-vs-reference.md (run by {@code
 * bin/learning-vs-reference}): a warehouse of every recording of a manifest built by the real
 * ingest, featurize (clean) and split jobs on local[2] (kept in OUT and reused by a rerun on the
 * same manifest), then {@link ReferenceComparison} on it.
 * Subjects are split 0.5/0.25/0.25 (as conf/demo.conf). Writes {@code OUT/result.json} with both runs' per-epoch losses and test probabilities.
 *
 * <p>Arguments: MANIFEST (CSV path,subject_id,label) OUT EPOCHS WARMUP PYTHON THREADS, then the
 * manifest's control and patient label values.
 */
public final class LearningComparison {
    private LearningComparison() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException(
                    "usage: LearningComparison MANIFEST OUT EPOCHS WARMUP PYTHON THREADS CONTROL PATIENT");
        }
        Path out = Path.of(args[1]).toAbsolutePath();
        int epochs = Integer.parseInt(args[2]);
        List<String> settings = List.of(
                "spira.ingest.labels.control=[\"" + args[6] + "\"]",
                "spira.ingest.labels.patient=[\"" + args[7] + "\"]",
                "spira.split.train=0.5",
                "spira.split.validation=0.25",
                "spira.split.test=0.25",
                "spira.train.dropout=0",
                "spira.train.epochs=" + epochs,
                "spira.train.warmup-steps=" + Integer.parseInt(args[3]));
        PipelineConfig config = PipelineConfig.load(Optional.empty(), settings);
        try (SparkSession spark = session()) {
            Path built = out.resolve("warehouse/splits");
            String warehouse = Files.isDirectory(built)
                    ? built.getParent().toUri().toString()
                    : TrainingWarehouse.fromManifest(
                            spark, out, Files.readString(Path.of(args[0])), config.ingest(), config.split());
            long started = System.nanoTime();
            ReferenceComparison.Result result = ReferenceComparison.run(
                    new DeltaStore(spark, warehouse),
                    config.train(),
                    out.resolve("exchange"),
                    args[4],
                    Integer.parseInt(args[5]));
            write(out.resolve("result.json"), result, config.train(), (System.nanoTime() - started) / 1e9);
        }
    }

    private static void write(Path file, ReferenceComparison.Result result, TrainConfig train, double seconds)
            throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", train.params());
        json.put("torch_version", result.torchVersion());
        json.put("seconds", seconds);
        json.put("test_label", result.testLabel());
        json.put("dl4j", result.dl4j());
        json.put("torch", result.torch());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    }

    private static SparkSession session() {
        SparkConf conf = new SparkConf()
                .setMaster("local[2]")
                .setAppName("learning-comparison")
                .set("spark.ui.enabled", "false")
                .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .set("spark.sql.shuffle.partitions", "4");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
