package org.spira.pipeline.tracking;

import java.util.Map;
import java.util.TreeMap;
import org.mlflow.api.proto.Service.Run;

/**
 * A run as the tracking server reports it, for reading lineage back.
 *
 * @param id the run id
 * @param name the run name
 * @param status MLflow's status ({@code FINISHED}, {@code FAILED}, {@code RUNNING}, ...)
 * @param artifactUri the run's artifact root
 * @param tags run tags
 * @param params run params
 */
public record RunRecord(
        String id,
        String name,
        String status,
        String artifactUri,
        Map<String, String> tags,
        Map<String, String> params) {
    public RunRecord {
        tags = Map.copyOf(tags);
        params = Map.copyOf(params);
    }

    static RunRecord of(Run run) {
        Map<String, String> tags = new TreeMap<>();
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        Map<String, String> params = new TreeMap<>();
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        return new RunRecord(
                run.getInfo().getRunId(),
                run.getInfo().getRunName(),
                run.getInfo().getStatus().name(),
                run.getInfo().getArtifactUri(),
                tags,
                params);
    }
}
