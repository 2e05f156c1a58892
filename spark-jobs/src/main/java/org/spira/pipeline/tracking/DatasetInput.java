package org.spira.pipeline.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A run's input: a Delta table at one version, recorded with MLflow's {@code runs/log-inputs}.
 *
 * @param name dataset name shown in MLflow (e.g. the table name, {@code features})
 * @param tableUri the table's root URI ({@code file://}, {@code s3a://})
 * @param version the Delta table version read (&gt;= 0)
 * @param context what the run used it for ({@code training}, {@code validation}, {@code test}),
 *     MLflow's {@code mlflow.data.context} input tag
 */
public record DatasetInput(String name, String tableUri, long version, String context) {
    static final String SOURCE_TYPE = "delta";

    public DatasetInput {
        if (name.isBlank() || name.length() > 500) {
            throw new IllegalArgumentException("dataset name '" + name + "' must have 1 to 500 characters");
        }
        if (tableUri.isBlank()) {
            throw new IllegalArgumentException("dataset '" + name + "' needs its table URI");
        }
        if (version < 0) {
            throw new IllegalArgumentException("dataset '" + name + "': Delta version " + version + " is below 0");
        }
        if (context.isBlank() || context.length() > 500) {
            throw new IllegalArgumentException("dataset '" + name + "': context must have 1 to 500 characters");
        }
    }

    /** MLflow's dataset source: {@code {"uri": tableUri, "version": version}} as JSON text. */
    public String source() {
        ObjectNode source = MlflowApi.JSON.createObjectNode();
        source.put("uri", tableUri);
        source.put("version", version);
        return source.toString();
    }

    /**
     * The dataset digest: the first 32 hex digits of SHA-256 of {@link #source()}. A Delta
     * version never changes once written, so (URI, version) identifies the data exactly; the
     * same table version logged by two runs has the same digest.
     */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(source().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The {@code DatasetInput} message of {@code runs/log-inputs}. */
    ObjectNode toJson() {
        ObjectNode input = MlflowApi.JSON.createObjectNode();
        ObjectNode tag = input.putArray("tags").addObject();
        tag.put("key", "mlflow.data.context");
        tag.put("value", context);
        ObjectNode dataset = input.putObject("dataset");
        dataset.put("name", name);
        dataset.put("digest", digest());
        dataset.put("source_type", SOURCE_TYPE);
        dataset.put("source", source());
        return input;
    }
}
