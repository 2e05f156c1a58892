package org.spira.pipeline.events;

import java.net.URI;

/**
 * The MLflow run a stage run recorded, as its lineage event names it.
 *
 * @param runId the run's id
 * @param experiment the experiment's name
 * @param trackingUri the tracking server (checked to carry no credentials)
 */
public record MlflowRun(String runId, String experiment, URI trackingUri) {}
