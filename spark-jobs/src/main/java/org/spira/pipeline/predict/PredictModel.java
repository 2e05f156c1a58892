package org.spira.pipeline.predict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.spira.evaluation.DecisionThreshold;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.TrackingConfig;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.ModelThreshold;
import org.spira.pipeline.registry.Recorded;
import org.spira.pipeline.registry.TrainedModel;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelUri;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * The model {@code spira-predict} scores with, named by {@code --model}: a folder holding {@code
 * model.zip} and {@code feature_spec.json} as train logs them (the {@code model/} artifacts of its
 * run), or a registered version by MLflow model URI ({@code models:/NAME/VERSION}, {@code
 * models:/NAME@ALIAS}), downloaded through the tracking server's artifact proxy exactly as {@code
 * score} downloads it.
 *
 * @param model the network and the FeatureSpec it was trained on
 * @param threshold the decision threshold: {@code --threshold}, else the version's ({@link
 *     ModelThreshold}), else SPIRA's 0.5
 * @param description what was loaded, for the user (version, feature version, threshold and its source)
 */
public record PredictModel(TrainedModel model, DecisionThreshold threshold, String description) {
    /** How long one artifact download may take. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(600);

    /**
     * The model {@code --model} names.
     *
     * @param environment the process environment (MLFLOW_TRACKING_URI for a model URI), read at the edge
     * @param workDir an empty folder to download a registered version into
     * @throws ConfigException when {@code --model} is neither a model folder nor a model URI
     */
    public static PredictModel load(
            String model, Optional<DecisionThreshold> threshold, Map<String, String> environment, Path workDir) {
        return ModelUri.looksLikeOne(model)
                ? fromRegistry(ModelUri.parse(model), threshold, environment, workDir)
                : fromFolder(Path.of(model), threshold);
    }

    static PredictModel fromFolder(Path folder, Optional<DecisionThreshold> threshold) {
        if (!Files.isDirectory(folder)) {
            throw new ConfigException("--model " + folder + " is not a folder: name a folder holding model.zip,"
                    + " model_spec.json and feature_spec.json (a train run's model/ artifacts), or a registered"
                    + " version as models:/NAME/VERSION or models:/NAME@ALIAS");
        }
        Recorded<TrainedModel> read = TrainedModel.read(folder, Optional.empty(), "--model " + folder);
        if (read.problem().isPresent()) {
            throw new ConfigException(read.problem().get() + ": --model names a folder as train logs it (model.zip,"
                    + " model_spec.json, feature_spec.json), or a registered version");
        }
        TrainedModel model = read.orElseThrow();
        DecisionThreshold decision = threshold.orElse(DecisionThreshold.SPIRA);
        String source = threshold.isPresent() ? "--threshold" : "SPIRA's default";
        return new PredictModel(model, decision, "model folder " + folder + describe(model, decision, source));
    }

    static PredictModel fromRegistry(
            ModelUri uri, Optional<DecisionThreshold> threshold, Map<String, String> environment, Path workDir) {
        if (environment.getOrDefault(TrackingConfig.URI_VARIABLE, "").isBlank()) {
            throw new ConfigException("--model " + uri.model() + " names a registered model, which needs the tracking"
                    + " server: set " + TrackingConfig.URI_VARIABLE + ", e.g. export " + TrackingConfig.URI_VARIABLE
                    + "=http://127.0.0.1:5000 (for the local server: eval \"$(bin/services env)\")");
        }
        // only the registered model's name matters: the experiment is never read or created
        TrackingConfig tracking = new TrackingConfig(
                Optional.empty(), "spira", uri.model(), DOWNLOAD_TIMEOUT, TrackingConfig.DEFAULT_STALE_RUN_AFTER);
        try (Tracker tracker = Tracker.connect(tracking, environment)) {
            ModelRegistry registry = tracker.registry();
            ModelVersion version = uri.selector().resolve(registry);
            ModelLineage lineage = ModelLineage.of(version).orElseThrow();
            TrainedModel model = TrainedModel.download(registry, version, lineage.training(), workDir)
                    .orElseThrow();
            ModelThreshold recorded = threshold.isPresent()
                    ? new ModelThreshold(threshold.get(), "--threshold")
                    : ModelThreshold.of(version, DecisionThreshold.SPIRA, "SPIRA's default");
            return new PredictModel(
                    model,
                    recorded.threshold(),
                    "model " + version.model() + " version " + version.version() + " " + version.aliases()
                            + describe(model, recorded.threshold(), recorded.source()));
        }
    }

    private static String describe(TrainedModel model, DecisionThreshold threshold, String source) {
        return ", feature version " + model.spec().hash() + ", threshold " + threshold.value() + " (" + source + ")";
    }
}
