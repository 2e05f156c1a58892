package org.spira.pipeline;

/**
 * Base of every error a stage raises on purpose. Each subclass is one kind of failure, and the
 * command line maps the kind to the stage's exit status in one place ({@code
 * org.spira.pipeline.cli.ExitStatus}):
 *
 * <ul>
 *   <li>{@link org.spira.pipeline.config.ConfigException}: a usage or configuration error, exit 2;
 *   <li>{@link QualityGateException}: the data written failed a data-quality gate, exit 3;
 *   <li>{@link ServiceUnavailableException}, {@link org.spira.pipeline.tracking.TrackingException}, {@link
 *       org.spira.pipeline.registry.LineageException}, {@link org.spira.pipeline.io.StorageException}
 *       and {@link org.spira.pipeline.train.TrainStageException}: the tracking server, a model's
 *       recorded lineage, storage or the training data failed the stage, or a service it needs did not
 *       answer when it started, exit 1 (as does any other
 *       exception).
 * </ul>
 *
 * Messages say what failed, why, and what to do, and never hold a subject identifier; causes are
 * kept.
 */
public abstract class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected PipelineException(String message) {
        super(message);
    }

    protected PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
