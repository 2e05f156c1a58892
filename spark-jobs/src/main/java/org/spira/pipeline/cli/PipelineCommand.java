package org.spira.pipeline.cli;

import java.io.PrintWriter;
import org.spira.pipeline.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spark-submit spira-pipeline.jar <stage> --warehouse URI [--config FILE] [--set k=v]...}.
 * Exit status: 0 success, 2 usage or configuration error, 3 a data-quality gate failed, 1
 * anything else. The last line on stdout is a one-line JSON summary.
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
            LineageCommand.class
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:failure", "2:usage or configuration error", "3:a data-quality gate failed"})
public final class PipelineCommand implements Runnable {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_QUALITY_GATE = 3;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's exit-code mapping (configuration errors exit 2). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PipelineCommand());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            boolean config = e instanceof ConfigException;
            PrintWriter err = command.getErr();
            err.println((config ? "configuration error: " : "failed: ") + e.getMessage());
            if (!config) {
                e.printStackTrace(err);
            }
            err.flush();
            String stage = parsed.subcommand() == null
                    ? "none"
                    : parsed.subcommand().commandSpec().name();
            command.getOut()
                    .println(new RunSummary(stage)
                            .put("status", config ? "config_error" : "failed")
                            .put("exit_code", config ? EXIT_CONFIG : 1)
                            .put("error", e.getMessage())
                            .toJson());
            command.getOut().flush();
            return config ? EXIT_CONFIG : 1;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this), "name a stage: ingest, featurize, split, train, evaluate or lineage");
    }
}
