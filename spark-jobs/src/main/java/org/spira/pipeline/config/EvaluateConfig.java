package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spira.evaluation.AgeBands;
import org.spira.evaluation.EvaluationSpec;
import org.spira.evaluation.MetricNames;
import org.spira.pipeline.config.Setting.Type;

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
    static final Setting<EvaluateConfig, Optional<String>> NOISE_CORPUS = Setting.of(
                    "spira.evaluate.noise-corpus", Type.OPTIONAL_TEXT, Optional.empty(), EvaluateConfig::noiseCorpus)
            .help("Noise corpus folder (file://, s3a://) of the \"noisy controls\" test condition (SPIRA.md section"
                    + " 7): each test control gets noise-count noise segments drawn from it, computed on the fly;"
                    + " patients stay clean. Required: evaluate refuses to start without it.");
    static final Setting<EvaluateConfig, Integer> NOISE_COUNT = Setting.of(
                    "spira.evaluate.noise-count", Type.INTEGER, 1, EvaluateConfig::noiseCount)
            .rule(n -> n >= 1, "an integer >= 1 (SPIRA: 1)")
            .help("Noise segments added to each test control in the noisy condition.");
    static final Setting<EvaluateConfig, Long> SEED = Setting.of(
                    "spira.evaluate.seed", Type.LONG, 42L, EvaluateConfig::seed)
            .help("Seed of the noisy condition's draws (a pure function of recording, variant 1 and seed).");
    static final Setting<EvaluateConfig, Double> THRESHOLD = Setting.of(
                    "spira.evaluate.threshold", Type.DOUBLE, 0.5, (EvaluateConfig e) -> e.evaluation()
                            .threshold())
            .rule(p -> p > 0 && p < 1, "a probability strictly between 0 and 1 (SPIRA: 0.5)")
            .help("A window or recording is predicted patient when its probability is >= threshold.");
    static final Setting<EvaluateConfig, Integer> BOOTSTRAP_REPLICATES = Setting.of(
                    "spira.evaluate.bootstrap-replicates", Type.INTEGER, 2000, (EvaluateConfig e) -> e.evaluation()
                            .bootstrapReplicates())
            .rule(
                    n -> n >= EvaluationSpec.MIN_REPLICATES && n <= EvaluationSpec.MAX_REPLICATES,
                    "an integer in [" + EvaluationSpec.MIN_REPLICATES + ", " + EvaluationSpec.MAX_REPLICATES + "]")
            .help("Replicates of the stratified bootstrap behind the F1 intervals.");
    static final Setting<EvaluateConfig, Long> BOOTSTRAP_SEED = Setting.of(
                    "spira.evaluate.bootstrap-seed", Type.LONG, 42L, (EvaluateConfig e) -> e.evaluation()
                            .bootstrapSeed())
            .help("Seed of the bootstrap: equal seeds give equal intervals.");
    static final Setting<EvaluateConfig, Integer> BATCH_WINDOWS = Setting.of(
                    "spira.evaluate.batch-windows", Type.INTEGER, 64, EvaluateConfig::batchWindows)
            .rule(n -> n >= 1, "an integer >= 1")
            .help("Windows scored per DL4J inference call on the executors.");
    static final Setting<EvaluateConfig, String> PROMOTION_METRIC = Setting.of(
                    "spira.evaluate.promotion.metric",
                    Type.TEXT,
                    "noisy_controls.recording.accuracy",
                    (EvaluateConfig e) -> e.promotion().metric())
            .rule(
                    MetricNames::isKnown,
                    "a logged metric name, <condition>.<level>.<name>[.ci_lower|.ci_upper]: one of "
                            + MetricNames.known())
            .help("The logged metric that champion promotion compares (higher is better), e.g. the accuracy of"
                    + " the recordings with noisy controls.");
    static final Setting<EvaluateConfig, Double> PROMOTION_MARGIN = Setting.of(
                    "spira.evaluate.promotion.margin", Type.DOUBLE, 0.0, (EvaluateConfig e) -> e.promotion()
                            .margin())
            .rule(m -> m >= 0 && m <= 1, "a number in [0, 1] (the metrics are proportions or AUCs)")
            .help("How much better than the champion's the candidate's metric must be (higher is better).");
    static final Setting<EvaluateConfig, String> PROMOTION_ALIAS = Setting.of(
                    "spira.evaluate.promotion.alias", Type.TEXT, "champion", (EvaluateConfig e) -> e.promotion()
                            .alias())
            .rule(
                    alias -> alias.matches("[A-Za-z][A-Za-z0-9_-]{0,254}"),
                    "a letter, then letters, digits, '_' or '-', e.g. champion")
            .help("The registered model's alias that marks the champion.");

    static final Settings<EvaluateConfig> SETTINGS = new Settings<>(
            "spira.evaluate",
            "The evaluate stage: the noisy-controls test condition, the metrics' threshold and bootstrap, and"
                    + " champion promotion: the alias moves to the evaluated version only when no version holds it,"
                    + " or the candidate's metric is at least the champion's plus the margin.",
            List.of(
                    NOISE_CORPUS,
                    NOISE_COUNT,
                    SEED,
                    THRESHOLD,
                    BOOTSTRAP_REPLICATES,
                    BOOTSTRAP_SEED,
                    BATCH_WINDOWS,
                    PROMOTION_METRIC,
                    PROMOTION_MARGIN,
                    PROMOTION_ALIAS));

    /** The noise corpus folder URI; fails naming the key when it is not set. */
    public String requireNoiseCorpus() {
        return noiseCorpus.orElseThrow(() -> ConfigException.invalid(
                NOISE_CORPUS.key(),
                "\"\"",
                "the folder URI of the noise corpus of the noisy-controls condition, e.g. --set"
                        + " spira.evaluate.noise-corpus=file:///data/noise"));
    }

    static EvaluateConfig from(Config c) {
        return new EvaluateConfig(
                NOISE_CORPUS.read(c),
                NOISE_COUNT.read(c),
                SEED.read(c),
                new EvaluationSpec(
                        THRESHOLD.read(c), BOOTSTRAP_REPLICATES.read(c), BOOTSTRAP_SEED.read(c), AgeBands.standard()),
                BATCH_WINDOWS.read(c),
                new Promotion(PROMOTION_METRIC.read(c), PROMOTION_MARGIN.read(c), PROMOTION_ALIAS.read(c)));
    }

    /** Every key of {@code spira.evaluate} with its resolved value, for the run's params. */
    public Map<String, Object> params() {
        return SETTINGS.params(this);
    }

    /**
     * Settings of the champion rule ({@code spira.evaluate.promotion}).
     *
     * @param metric the logged metric compared, e.g. {@code noisy_controls.recording.accuracy}
     * @param margin how much better the candidate must be, in [0, 1]
     * @param alias the registry alias that marks the champion
     */
    public record Promotion(String metric, double margin, String alias) {}
}
