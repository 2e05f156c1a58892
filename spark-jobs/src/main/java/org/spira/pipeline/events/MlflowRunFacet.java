package org.spira.pipeline.events;

import io.openlineage.client.OpenLineage;
import java.net.URI;

/**
 * The run facet {@code mlflow} of a stage run that MLflow tracked (train, evaluate, score): its
 * MLflow run id, experiment and tracking server. Its fields are the facet's additional properties,
 * which the client serializes with its own JSON mapper.
 */
final class MlflowRunFacet extends OpenLineage.DefaultRunFacet {
    static final String NAME = "mlflow";

    MlflowRunFacet(URI producer, MlflowRun run) {
        super(producer);
        getAdditionalProperties().put("runId", run.runId());
        getAdditionalProperties().put("experimentName", run.experiment());
        getAdditionalProperties().put("trackingUri", run.trackingUri().toString());
    }
}
