package org.spira.pipeline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.forget.ForgetJob;
import org.spira.pipeline.forget.SubjectList;
import org.spira.pipeline.io.HadoopFiles;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tracking.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code forget --subjects FILE}: erases subjects' data on request. */
@Command(
        name = "forget",
        description = "Erases the data of the subjects FILE lists (clear ids, one per line; never logged): their rows"
                + " of recordings, features, splits, predictions, rejected and training_membership, their audio"
                + " objects and the feature_stats computed from them; tags every model version that learned from"
                + " them spira.erasure.pending_retrain, vacuums the tables with spira.forget.retention-hours and"
                + " logs the run, without any id, to the erasures table (docs/privacy.md).")
final class ForgetCommand extends StageCommand {
    @Option(
            names = "--subjects",
            required = true,
            paramLabel = "FILE",
            description = "The subject ids to erase, one per line (file://, s3a:// or a local path).")
    String subjects;

    @Override
    List<String> locations(PipelineConfig config) {
        return List.of(subjects);
    }

    @Override
    List<String> tablesWritten() {
        return ForgetJob.TABLES_WRITTEN;
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        SubjectPseudonymizer pseudonymizer = SubjectPseudonymizer.fromEnvironment(
                System.getenv(), config.ingest().subjectKeyFile());
        List<String> ids = SubjectList.parse(read(subjects), subjects);
        Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
        return StageJob.tracked(tracker, spark -> new ForgetJob(config.forget(), tracker, pseudonymizer)
                .run(new DeltaStore(spark, options.warehouse), ids));
    }

    private static String read(String file) {
        try {
            return new String(HadoopFiles.readAll(new Path(file), StageOptions.hadoop()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read the --subjects file " + file + " ("
                            + e.getClass().getSimpleName() + "): give a readable file of subject ids, one per line",
                    e);
        }
    }
}
