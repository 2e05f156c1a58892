package org.spira.pipeline.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.evaluate.EvaluateJob;
import org.spira.pipeline.evaluate.EvaluateResult;
import org.spira.pipeline.evaluate.PromotionDecision;
import org.spira.pipeline.evaluate.TestCondition;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: a registered model version on its test split, clean and with noisy controls. */
@Command(
        name = "evaluate",
        description = "Evaluates a registered model version on its test split (clean, and one noise on controls),"
                + " logs the reports to MLflow and applies the champion promotion rule.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

    @Option(names = "--model-version", paramLabel = "N", description = "The version to evaluate (default: latest).")
    Long modelVersion;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Evaluate the version this alias points at.")
    String alias;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        PipelineConfig config = stage.load();
        config.evaluate().requireNoiseCorpus();
        ModelSelector selector = new ModelSelector(Optional.ofNullable(modelVersion), Optional.ofNullable(alias));
        Path workDir = Files.createTempDirectory("spira-evaluate-");
        EvaluateResult result;
        try (Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
                SparkSession spark = Sessions.delta("spira-evaluate")) {
            result = new EvaluateJob(spark, config.evaluate(), tracker, workDir).run(stage.warehouse, selector);
        } finally {
            delete(workDir);
        }
        System.out.println(summary(result, (System.nanoTime() - start) / 1e9));
        return 0;
    }

    private static String summary(EvaluateResult result, double seconds) {
        RunSummary headline = new RunSummary();
        for (TestCondition condition : TestCondition.values()) {
            for (String metric : new String[] {"accuracy", "f1", "roc_auc"}) {
                String name = condition.key() + ".recording." + metric;
                headline.put(name, result.metrics().get(name));
            }
        }
        PromotionDecision decision = result.promotion();
        return new RunSummary("evaluate")
                .put("status", "ok")
                .put("exit_code", 0)
                .put("run_id", result.runId())
                .put("model", result.model())
                .put("model_version", result.modelVersion())
                .put("train_run_id", result.lineage().trainRunId())
                .put("recordings", counts(result.recordings()))
                .put("windows", counts(result.windows()))
                .put("metrics", headline)
                .put("promotion", promotion(decision))
                .put("noise_corpus", result.noiseCorpus())
                .put(
                        "tables",
                        new RunSummary()
                                .put("features", result.lineage().training().featuresVersion())
                                .put("recordings", result.lineage().training().recordingsVersion())
                                .put("splits", result.lineage().training().splitsVersion()))
                .put("duration_s", seconds)
                .toJson();
    }

    private static RunSummary promotion(PromotionDecision decision) {
        return new RunSummary()
                .put("decision", decision.outcome())
                .put("reason", decision.reason())
                .put("metric", decision.metric())
                .put("margin", decision.margin())
                .put("alias", decision.alias())
                .put(
                        "candidate",
                        decision.candidate().isPresent() ? decision.candidate().getAsDouble() : null)
                .put(
                        "champion",
                        decision.champion().isPresent() ? decision.champion().getAsDouble() : null)
                .put("champion_version", decision.championVersion().orElse(null));
    }

    private static RunSummary counts(Map<TestCondition, Long> counts) {
        RunSummary json = new RunSummary();
        counts.forEach((condition, count) -> json.put(condition.key(), count));
        return json;
    }

    private static void delete(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the work folder " + folder, e);
        }
    }
}
