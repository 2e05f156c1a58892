package org.spira.pipeline.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.features.RecordingId;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.DecodedAudio;
import org.spira.features.quality.SpeechQuality;
import org.spira.pipeline.config.LabelVocabulary;
import org.spira.pipeline.config.QualityLimits;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.io.HadoopFiles;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowFields;

/**
 * Judges the manifest rows of one partition: resolves each path against the manifest's
 * folder, reads the bytes (file:// or s3a://), pseudonymizes the subject, decodes the audio
 * ({@link AudioDecoder#decode}) and checks its speech quality ({@link QualityLimits}), and copies
 * accepted audio to its content-addressed object. Bad rows become rejected outcomes; only a
 * warehouse that cannot be written fails the task.
 *
 * <p>What is judged here is what no feature spec could use: no bytes, not a supported container,
 * an invalid or unsupported header, damaged sample data, sizes beyond the decode limits, and
 * recordings outside the speech-quality limits (clipped, mostly silent, a DC offset, no speech
 * above the noise, duration and rate bounds). What depends on a spec (shorter than one window) is
 * judged by featurize, which rejects such a recording for the feature version it computes.
 *
 * <p>Input rows: manifest_row, path, subject_id, label and the metadata columns, by name.
 */
final class IngestProbe implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String manifestUri;
    private final String audioRoot;
    private final List<String> metadataColumns;
    private final LabelVocabulary labels;
    private final QualityLimits quality;
    private final SubjectPseudonymizer pseudonymizer;
    private final Broadcast<SerializableConfiguration> hadoop;

    IngestProbe(
            String manifestUri,
            String audioRoot,
            List<String> metadataColumns,
            LabelVocabulary labels,
            QualityLimits quality,
            SubjectPseudonymizer pseudonymizer,
            Broadcast<SerializableConfiguration> hadoop) {
        this.manifestUri = manifestUri;
        this.audioRoot = audioRoot;
        this.metadataColumns = List.copyOf(metadataColumns);
        this.labels = labels;
        this.quality = quality;
        this.pseudonymizer = pseudonymizer;
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        AudioDecoder decoder = new AudioDecoder();
        Path manifestFolder = new Path(manifestUri).getParent();
        return HadoopFiles.mapLazily(rows, row -> judge(row, decoder, manifestFolder));
    }

    private Row judge(Row in, AudioDecoder decoder, Path manifestFolder) {
        long row = RowFields.longValue(in, RecordingsTable.MANIFEST_ROW);
        String path = RowFields.string(in, IngestJob.PATH);
        if (isBlank(path)) {
            return reject(row, null, null, ManifestRejectReason.MISSING_PATH.code(), "the path column is empty");
        }
        Path source = new Path(manifestFolder, path.strip());
        String sourceKey = pseudonymizer.pseudonym("source:" + source);
        String subjectId = RowFields.string(in, IngestJob.SUBJECT_ID);
        if (isBlank(subjectId)) {
            return reject(
                    row,
                    sourceKey,
                    null,
                    ManifestRejectReason.MISSING_SUBJECT.code(),
                    "the subject_id column is empty");
        }
        Optional<Integer> label = labels.label(RowFields.string(in, IngestJob.LABEL));
        if (label.isEmpty()) {
            return reject(
                    row,
                    sourceKey,
                    null,
                    ManifestRejectReason.BAD_LABEL.code(),
                    "the label is none of control " + labels.control() + " or patient " + labels.patient()
                            + " (spira.ingest.labels)");
        }
        byte[] bytes;
        try {
            bytes = HadoopFiles.readAll(source, hadoop.value().value());
        } catch (IOException e) {
            return reject(row, sourceKey, null, RejectReason.UNREADABLE.code(), unreadable(e));
        }
        String recordingId = RecordingId.of(bytes);
        try {
            DecodedAudio audio = decoder.decode(bytes);
            SpeechQuality measured = SpeechQuality.of(audio);
            Optional<QualityLimits.Failure> failed = quality.firstFailure(measured);
            if (failed.isPresent()) {
                return reject(
                        row,
                        sourceKey,
                        recordingId,
                        failed.get().reason(),
                        failed.get().message());
            }
            String audioUri = store(recordingId, bytes);
            return IngestOutcomes.accepted(
                    row,
                    sourceKey,
                    recordingId,
                    pseudonymizer.pseudonym(subjectId),
                    label.get(),
                    audioUri,
                    audio.header(),
                    measured,
                    metadata(in));
        } catch (RecordingRejectedException e) {
            return reject(row, sourceKey, recordingId, e.reason().code(), e.getMessage());
        }
    }

    /** Writes the bytes to {@code <warehouse>/audio/<recording_id>} unless already there. */
    private String store(String recordingId, byte[] bytes) {
        Path target = new Path(audioRoot, recordingId);
        try {
            FileSystem fs = target.getFileSystem(hadoop.value().value());
            if (!fs.exists(target)) {
                try (OutputStream out = fs.create(target, false)) {
                    out.write(bytes);
                }
            }
            return target.toString();
        } catch (FileAlreadyExistsException e) {
            return target.toString();
        } catch (IOException e) {
            throw new StorageException(
                    "cannot write the audio copy under " + audioRoot
                            + ": check the warehouse location and its credentials",
                    e);
        }
    }

    private Map<String, String> metadata(Row in) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String column : metadataColumns) {
            String value = RowFields.string(in, column);
            if (!isBlank(value)) {
                metadata.put(column, value.strip());
            }
        }
        return metadata;
    }

    /** A message that names neither the file nor its folder (paths often carry participant ids). */
    private static String unreadable(IOException e) {
        if (e instanceof FileNotFoundException) {
            return "the file does not exist";
        }
        return "the file could not be read (" + e.getClass().getSimpleName() + ")";
    }

    private Row reject(long row, String sourceKey, String recordingId, String reason, String message) {
        return IngestOutcomes.rejected(row, sourceKey, recordingId, reason, message);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
