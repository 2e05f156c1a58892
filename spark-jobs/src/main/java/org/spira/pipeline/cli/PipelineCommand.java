package org.spira.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spark-submit spira-pipeline.jar <stage> --warehouse URI [--config FILE] [--set k=v]...}.
 * Exit status ({@link ExitStatus}): 0 success, 2 usage or configuration error, 3 a data-quality
 * gate failed, 4 another run holds the writer lease of a table the stage writes, 1 anything else. The last line on stdout is a one-line JSON summary ({@link
 * StageSummary}).
 */
@Command(
        name = "spira-pipeline",
        mixinStandardHelpOptions = true,
        version = "spira-pipeline 0.1.0",
        subcommands = {
            IngestCommand.class,
            FeaturizeCommand.class,
            SplitCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ValidateCommand.class,
            ForgetCommand.class,
            MaintainCommand.class,
            ScoreCommand.class,
            LineageCommand.class,
            LeasesCommand.class
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success",
            "1:failure",
            "2:usage or configuration error",
            "3:a data-quality gate failed",
            "4:another run is writing a table the stage writes (its writer lease)"
        })
public final class PipelineCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of every stage; each stage maps its own failures to exit codes ({@link StageCommand}). */
    public static CommandLine commandLine() {
        return new CommandLine(new PipelineCommand());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this),
                "name a stage: ingest, featurize, split, train, evaluate, validate, forget, maintain, score or lineage;"
                        + " or leases");
    }
}
