package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.spira.evaluation.AgeBands;
import org.spira.evaluation.EvaluationSpec;
import org.spira.evaluation.MetricNames;

/**
 * Settings of the evaluate stage ({@code spira.evaluate}).
 *
 * @param noiseCorpus folder URI of the noise of the noisy-controls condition; the stage requires
 *     it ({@link #requireNoiseCorpus()}), other stages load the configuration without it
 * @param noiseCount noise segments added to each test control, >= 1 (SPIRA: 1)
 * @param seed seed of the noisy condition's draws
 * @param evaluation threshold and bootstrap of the metrics
 * @param batchWindows windows per inference call, >= 1
 * @param promotion the settings of the champion rule
 */
public record EvaluateConfig(
        Optional<String> noiseCorpus,
        int noiseCount,
        long seed,
        EvaluationSpec evaluation,
        int batchWindows,
        Promotion promotion) {
    public EvaluateConfig {
        if (noiseCount < 1) {
            throw PipelineConfig.invalid("spira.evaluate.noise-count", noiseCount, "an integer >= 1 (SPIRA: 1)");
        }
        if (batchWindows < 1) {
            throw PipelineConfig.invalid("spira.evaluate.batch-windows", batchWindows, "an integer >= 1");
        }
    }

    /** The noise corpus folder URI; fails naming the key when it is not set. */
    public String requireNoiseCorpus() {
        return noiseCorpus.orElseThrow(() -> PipelineConfig.invalid(
                "spira.evaluate.noise-corpus",
                "\"\"",
                "the folder URI of the noise corpus of the noisy-controls condition, e.g. --set"
                        + " spira.evaluate.noise-corpus=file:///data/noise"));
    }

    static EvaluateConfig from(Config c) {
        EvaluationSpec evaluation;
        try {
            evaluation = new EvaluationSpec(
                    c.getDouble("threshold"),
                    c.getInt("bootstrap-replicates"),
                    c.getLong("bootstrap-seed"),
                    AgeBands.standard());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("spira.evaluate.threshold / bootstrap-replicates: " + e.getMessage(), e);
        }
        Config promotion = c.getConfig("promotion");
        return new EvaluateConfig(
                Optional.of(c.getString("noise-corpus").strip()).filter(s -> !s.isEmpty()),
                c.getInt("noise-count"),
                c.getLong("seed"),
                evaluation,
                c.getInt("batch-windows"),
                new Promotion(
                        promotion.getString("metric"), promotion.getDouble("margin"), promotion.getString("alias")));
    }

    /** Every key of {@code spira.evaluate} with its resolved value, for the run's params. */
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("spira.evaluate.noise-corpus", noiseCorpus.orElse(""));
        params.put("spira.evaluate.noise-count", noiseCount);
        params.put("spira.evaluate.seed", seed);
        params.put("spira.evaluate.threshold", evaluation.threshold());
        params.put("spira.evaluate.bootstrap-replicates", evaluation.bootstrapReplicates());
        params.put("spira.evaluate.bootstrap-seed", evaluation.bootstrapSeed());
        params.put("spira.evaluate.batch-windows", batchWindows);
        params.put("spira.evaluate.promotion.metric", promotion.metric());
        params.put("spira.evaluate.promotion.margin", promotion.margin());
        params.put("spira.evaluate.promotion.alias", promotion.alias());
        return params;
    }

    /**
     * Settings of the champion rule ({@code spira.evaluate.promotion}).
     *
     * @param metric the logged metric compared, e.g. {@code noisy_controls.recording.accuracy}
     * @param margin how much better the candidate must be, in [0, 1]
     * @param alias the registry alias that marks the champion
     */
    public record Promotion(String metric, double margin, String alias) {
        public Promotion {
            if (!MetricNames.isKnown(metric)) {
                throw new ConfigException("spira.evaluate.promotion.metric = " + metric
                        + " is invalid: expected a logged metric name such as noisy_controls.recording.accuracy, one of "
                        + MetricNames.known());
            }
            if (!(margin >= 0 && margin <= 1)) {
                throw new ConfigException("spira.evaluate.promotion.margin = " + margin
                        + " is invalid: expected a number in [0, 1] (the metrics are proportions or AUCs)");
            }
            if (!alias.matches("[A-Za-z][A-Za-z0-9_-]{0,254}")) {
                throw new ConfigException("spira.evaluate.promotion.alias = \"" + alias
                        + "\" is invalid: expected a letter, then letters, digits, '_' or '-', e.g. champion");
            }
        }
    }
}
