package org.spira.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.spira.features.dsp.FeatureSpec;

/**
 * The typed, validated configuration of every stage, loaded once at the edge: the declared
 * defaults, then an optional HOCON file, then {@code --set key=value} overrides ({@link
 * ConfigSources}). Each block is a record that declares its settings ({@link Setting}) and reads
 * itself with them. Unknown keys and invalid values fail with the key named.
 */
public record PipelineConfig(
        IngestConfig ingest,
        FeatureSpec features,
        FeaturizeConfig featurize,
        SplitConfig split,
        TrainConfig train,
        EvaluateConfig evaluate,
        ValidateConfig validate,
        ForgetConfig forget,
        MaintainConfig maintain,
        ScoreConfig score,
        TrackingConfig tracking,
        LeaseConfig leases,
        LineageEventsConfig lineageEvents) {
    /** Every block, in the order of {@code conf/application.conf} and {@code docs/configuration-keys.md}. */
    static final List<Settings<?>> BLOCKS = List.of(
            IngestConfig.SETTINGS,
            FeaturesConfig.SETTINGS,
            FeaturizeConfig.SETTINGS,
            SplitConfig.SETTINGS,
            TrainConfig.SETTINGS,
            EvaluateConfig.SETTINGS,
            ValidateConfig.SETTINGS,
            ForgetConfig.SETTINGS,
            MaintainConfig.SETTINGS,
            ScoreConfig.SETTINGS,
            TrackingConfig.SETTINGS,
            LeaseConfig.SETTINGS,
            LineageEventsConfig.SETTINGS);

    private static final ConfigSources SOURCES = new ConfigSources(BLOCKS);

    /** The defaults alone. */
    public static PipelineConfig defaults() {
        return load(Optional.empty(), List.of());
    }

    /**
     * Defaults, then {@code file}, then {@code overrides} ("key=value", HOCON values).
     *
     * @throws ConfigException naming the key for unknown keys, bad syntax or invalid values
     */
    public static PipelineConfig load(Optional<Path> file, List<String> overrides) {
        Config c = SOURCES.merged(file, overrides);
        return new PipelineConfig(
                IngestConfig.from(c),
                FeaturesConfig.from(c),
                FeaturizeConfig.from(c),
                SplitConfig.from(c),
                TrainConfig.from(c),
                EvaluateConfig.from(c),
                ValidateConfig.from(c),
                ForgetConfig.from(c),
                MaintainConfig.from(c),
                ScoreConfig.from(c),
                TrackingConfig.from(c),
                LeaseConfig.from(c),
                LineageEventsConfig.from(c));
    }

    /**
     * The configuration {@link #load} reads, as HOCON text without comments: what a run records
     * next to its results (for example as an MLflow artifact) to be repeated exactly.
     */
    public static String render(Optional<Path> file, List<String> overrides) {
        return SOURCES.merged(file, overrides)
                .root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false));
    }
}
