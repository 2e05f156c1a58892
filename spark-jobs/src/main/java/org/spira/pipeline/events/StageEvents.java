package org.spira.pipeline.events;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ConsoleTransport;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.UUIDUtils;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.BuildInfo;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.LineageEventsConfig;
import org.spira.pipeline.config.LineageEventsConfig.Transport;

/**
 * The OpenLineage run events of one stage run. The stage's Spark session gets the official Spark
 * integration's listener ({@link #sparkProperties}), whose events (the Spark application and each
 * action) name this stage run as their parent; the stage itself emits START before Spark starts,
 * then COMPLETE or FAIL with the Delta tables it read and wrote at their versions (the dataset
 * facet {@code version}) and, for a run MLflow tracked, the run facet {@code mlflow}. Both go to
 * the transport {@code spira.lineage-events} configures; with transport {@code none} nothing is
 * emitted and the session has no listener.
 *
 * <p>A lineage server that refuses an event does not fail the stage: the failure is logged as a
 * warning, as the Spark integration does. Only the configuration (checked before Spark starts) and
 * an event folder that cannot be created stop the stage.
 */
public final class StageEvents {
    static final String LISTENER = "io.openlineage.spark.agent.OpenLineageSparkListener";
    // The Spark integration's settings of a parent run: a scheduler's task, or this stage run.
    static final String PARENT_RUN = "spark.openlineage.parentRunId";
    static final String PARENT_JOB = "spark.openlineage.parentJobName";
    static final String PARENT_NAMESPACE = "spark.openlineage.parentJobNamespace";
    private static final Logger LOG = LoggerFactory.getLogger(StageEvents.class);

    private final LineageEventsConfig config;
    private final String stage;
    private final String warehouse;
    private final UUID runId;
    private final Optional<Path> file;
    private final String listeners;
    private final Optional<ParentRun> schedulerParent;
    private final OpenLineage openLineage;
    private final Optional<OpenLineageClient> client;

    private StageEvents(
            LineageEventsConfig config,
            String stage,
            String warehouse,
            UUID runId,
            Optional<Path> file,
            Map<String, String> spark) {
        this.config = config;
        this.stage = stage;
        this.warehouse = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
        this.runId = runId;
        this.file = file;
        this.listeners = spark.getOrDefault("spark.extraListeners", "").strip();
        this.schedulerParent = schedulerParent(spark, config.namespace());
        this.openLineage = new OpenLineage(producer());
        this.client = config.transport() == Transport.NONE
                ? Optional.empty()
                : Optional.of(OpenLineageClient.builder().transport(transport()).build());
    }

    /**
     * The events of a run of {@code stage} on {@code warehouse}; creates the event folder and
     * emits START.
     *
     * @param spark the Spark properties spark-submit set (a scheduler's parent run is read there)
     * @throws ConfigException naming {@code spira.lineage-events.folder} when the folder cannot be
     *     created
     */
    public static StageEvents start(
            LineageEventsConfig config, String stage, String warehouse, Map<String, String> spark) {
        UUID runId = UUIDUtils.generateNewUUID();
        Optional<Path> file = config.transport() == Transport.FILE
                ? Optional.of(folder(config).resolve(stage + "-" + runId + ".ndjson"))
                : Optional.empty();
        StageEvents events = new StageEvents(config, stage, warehouse, runId, file, spark);
        LOG.info(
                "{}: lineage events of run {} go to {}",
                stage,
                runId,
                file.map(Path::toString).orElse(config.transport().key()));
        events.emit(EventType.START, TableVersions.NONE, Optional.empty());
        return events;
    }

    /** This stage run's OpenLineage run id, the parent of the Spark integration's runs. */
    public UUID runId() {
        return runId;
    }

    /** The file the events go to (transport {@code file}). */
    public Optional<Path> file() {
        return file;
    }

    /**
     * The Spark properties that add the OpenLineage listener to the stage's session and configure
     * it like this run's own events (none for transport {@code none}). The plan facets that could
     * serialize a query's literal values ({@code spark.logicalPlan}, {@code spark_unknown}, {@code
     * debug}) are disabled.
     */
    public Map<String, String> sparkProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (config.transport() == Transport.NONE) {
            return properties;
        }
        properties.put("spark.extraListeners", listeners.isEmpty() ? LISTENER : listeners + "," + LISTENER);
        properties.put("spark.openlineage.namespace", config.namespace());
        properties.put("spark.openlineage.transport.type", config.transport().key());
        file.ifPresent(f -> properties.put("spark.openlineage.transport.location", f.toString()));
        config.url().ifPresent(u -> properties.put("spark.openlineage.transport.url", u.toString()));
        properties.put(PARENT_NAMESPACE, config.namespace());
        properties.put(PARENT_JOB, stage);
        properties.put(PARENT_RUN, runId.toString());
        schedulerParent.ifPresent(parent -> {
            properties.put("spark.openlineage.rootParentJobNamespace", parent.namespace());
            properties.put("spark.openlineage.rootParentJobName", parent.job());
            properties.put("spark.openlineage.rootParentRunId", parent.runId().toString());
        });
        for (String facet : List.of("spark.logicalPlan", "spark_unknown", "debug")) {
            properties.put("spark.openlineage.facets." + facet + ".disabled", "true");
        }
        return properties;
    }

    /** COMPLETE, with what {@code result} read and wrote and the MLflow run it recorded. */
    public void completed(StageResult result, Optional<MlflowRun> mlflow) {
        emit(EventType.COMPLETE, result.tableVersions(), mlflow);
    }

    /** FAIL; {@code written}: what the run wrote before it failed (a failed data-quality gate). */
    public void failed(Optional<StageResult> written) {
        emit(EventType.FAIL, written.map(StageResult::tableVersions).orElse(TableVersions.NONE), Optional.empty());
    }

    private void emit(EventType type, TableVersions tables, Optional<MlflowRun> mlflow) {
        if (client.isEmpty()) {
            return;
        }
        OpenLineage.RunFacetsBuilder facets = openLineage.newRunFacetsBuilder();
        schedulerParent.ifPresent(parent -> facets.parent(openLineage.newParentRunFacet(
                openLineage.newParentRunFacetRun(parent.runId()),
                openLineage.newParentRunFacetJob(parent.namespace(), parent.job()),
                null)));
        mlflow.ifPresent(run -> facets.put(MlflowRunFacet.NAME, new MlflowRunFacet(producer(), run)));
        OpenLineage.RunEvent event = openLineage
                .newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
                .run(openLineage.newRun(runId, facets.build()))
                .job(openLineage
                        .newJobBuilder()
                        .namespace(config.namespace())
                        .name(stage)
                        .facets(openLineage
                                .newJobFacetsBuilder()
                                .jobType(openLineage.newJobTypeJobFacet("BATCH", "SPIRA", "STAGE"))
                                .build())
                        .build())
                .inputs(tables.read().entrySet().stream()
                        .map(t -> {
                            DatasetIdentifier id = dataset(t.getKey());
                            return openLineage
                                    .newInputDatasetBuilder()
                                    .namespace(id.getNamespace())
                                    .name(id.getName())
                                    .facets(versionFacet(t.getValue()))
                                    .build();
                        })
                        .toList())
                .outputs(tables.written().entrySet().stream()
                        .map(t -> {
                            DatasetIdentifier id = dataset(t.getKey());
                            return openLineage
                                    .newOutputDatasetBuilder()
                                    .namespace(id.getNamespace())
                                    .name(id.getName())
                                    .facets(versionFacet(t.getValue()))
                                    .build();
                        })
                        .toList())
                .build();
        try {
            client.get().emit(event);
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: the lineage event {} of run {} was not emitted ({}): check {}",
                    stage,
                    type,
                    runId,
                    e.getMessage(),
                    config.transport() == Transport.HTTP
                            ? LineageEventsConfig.URL_KEY
                            : LineageEventsConfig.FOLDER_KEY);
        }
    }

    private OpenLineage.DatasetFacets versionFacet(long version) {
        return openLineage
                .newDatasetFacetsBuilder()
                .version(openLineage.newDatasetVersionDatasetFacet(Long.toString(version)))
                .build();
    }

    /** The table's namespace and name as the Spark integration names its location. */
    private DatasetIdentifier dataset(String table) {
        return FilesystemDatasetUtils.fromLocation(URI.create(warehouse + "/" + table));
    }

    private io.openlineage.client.transports.Transport transport() {
        return switch (config.transport()) {
            case FILE -> {
                FileConfig file = new FileConfig();
                file.setLocation(this.file.orElseThrow().toString());
                yield new FileTransport(file);
            }
            case CONSOLE -> new ConsoleTransport();
            case HTTP -> {
                HttpConfig http = new HttpConfig();
                http.setUrl(config.url().orElseThrow());
                yield new HttpTransport(http);
            }
            case NONE -> throw new IllegalStateException("no transport for " + config.transport());
        };
    }

    /**
     * The run a scheduler named as the parent of this stage's Spark application, if any.
     *
     * @throws ConfigException when its run id is not a UUID
     */
    private static Optional<ParentRun> schedulerParent(Map<String, String> spark, String namespace) {
        if (!spark.containsKey(PARENT_RUN)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ParentRun(
                    spark.getOrDefault(PARENT_NAMESPACE, namespace),
                    spark.getOrDefault(PARENT_JOB, "unknown"),
                    UUID.fromString(spark.get(PARENT_RUN).strip())));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "the Spark property " + PARENT_RUN + " = " + spark.get(PARENT_RUN)
                            + " is not a UUID: a scheduler must set it to its task's OpenLineage run id",
                    e);
        }
    }

    private static Path folder(LineageEventsConfig config) {
        Path folder = Path.of(config.folder()).toAbsolutePath();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ConfigException(
                    LineageEventsConfig.FOLDER_KEY + " = " + config.folder()
                            + ": the folder " + folder + " cannot be created (" + e + "): point the key at a writable"
                            + " folder, or set " + LineageEventsConfig.TRANSPORT_KEY + " = none",
                    e);
        }
        if (!Files.isWritable(folder)) {
            throw new ConfigException(LineageEventsConfig.FOLDER_KEY + " = " + config.folder() + ": the folder "
                    + folder + " is not writable: point the key at a writable folder");
        }
        return folder;
    }

    private static URI producer() {
        return URI.create("urn:spira-pipeline:" + BuildInfo.current().appVersion());
    }

    private record ParentRun(String namespace, String job, UUID runId) {}
}
