package org.spira.pipeline.featurize;

import java.util.Optional;

/**
 * What one featurize run did: recordings featurized (new to this feature version), feature rows
 * added, recordings rejected by featurization, and the table versions read and written.
 */
public record FeaturizeResult(
        String runId,
        String featureVersion,
        long recordingsVersion,
        long recordings,
        long rows,
        long rejected,
        long featuresVersion,
        Optional<String> noiseCorpus) {}
