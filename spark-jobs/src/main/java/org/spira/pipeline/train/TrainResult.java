package org.spira.pipeline.train;

import java.util.List;
import java.util.Map;
import org.spira.pipeline.lineage.TrainingLineage;

/**
 * What a training run produced.
 *
 * @param runId the MLflow run
 * @param modelVersion the registered model version of its best checkpoint
 * @param epochs epochs completed in all (a resumed run counts the earlier ones)
 * @param bestEpoch the epoch of the lowest validation loss, from 0
 * @param bestValidationLoss that loss, nats per window
 * @param numParams trainable parameters of the network
 * @param windowSource how the windows reached the trainer
 * @param trainedOn where the network trained: {@code "executor <id> on <host>"} or {@code "driver"}
 * @param gpus the GPU addresses Spark assigned to the training task (none without GPUs)
 * @param lineage the table versions and build recorded as the run's tags
 * @param recordings training and validation recordings per {@code split.class}
 */
public record TrainResult(
        String runId,
        long modelVersion,
        int epochs,
        int bestEpoch,
        double bestValidationLoss,
        long numParams,
        FeatureWindows.Mode windowSource,
        String trainedOn,
        List<String> gpus,
        TrainingLineage lineage,
        Map<String, Long> recordings) {
    public TrainResult {
        gpus = List.copyOf(gpus);
        recordings = Map.copyOf(recordings);
    }
}
