package org.spira.pipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.spira.pipeline.config.PipelineConfig;
import picocli.CommandLine.Option;

/** Options every stage takes: where the tables are, and the configuration. */
final class StageOptions {
    @Option(
            names = "--warehouse",
            required = true,
            paramLabel = "URI",
            description = "Root of the Delta tables: file:///path or s3a://bucket/path.")
    String warehouse;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file overriding conf/application.conf.")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Overrides one key, e.g. --set spira.ingest.max-rejected-fraction=0.1 (repeatable).")
    List<String> overrides = new ArrayList<>();

    PipelineConfig load() {
        return PipelineConfig.load(Optional.ofNullable(config), overrides);
    }
}
