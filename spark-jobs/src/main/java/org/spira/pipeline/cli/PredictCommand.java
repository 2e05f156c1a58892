package org.spira.pipeline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.spira.evaluation.DecisionThreshold;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.predict.FilePrediction;
import org.spira.pipeline.predict.PredictModel;
import org.spira.pipeline.predict.PredictResult;
import org.spira.pipeline.predict.Predictor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar spira-predict.jar --model DIR|URI FILE...}: a model applied to a few local
 * files, with no cluster and no Spark: one JSON line per file on stdout ({@link FilePrediction}),
 * a summary on stderr. Exit status ({@link ExitStatus}): 0 every file scored, 3 some file rejected
 * (the lines say why), 2 a usage error (options, a model folder or URI that names no model), 1
 * anything else (the tracking server unreachable, ...).
 */
@Command(
        name = "spira-predict",
        mixinStandardHelpOptions = true,
        version = "spira-predict 0.1.0",
        description = "Scores audio files with a trained SPIRA model, featurized with the model's own feature spec;"
                + " prints one JSON line per file.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every file was scored",
            "1:failure",
            "2:usage error",
            "3:some file was rejected (its line says why)"
        })
public final class PredictCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR|URI",
            description = "A folder with model.zip, model_spec.json and feature_spec.json as train logs them, or"
                    + " models:/NAME/VERSION or models:/NAME@ALIAS (with MLFLOW_TRACKING_URI set).")
    String model;

    @Option(
            names = "--threshold",
            paramLabel = "P",
            description = "Decision threshold in (0, 1) (default: the version's, else 0.5).")
    Double threshold;

    @Option(
            names = "--batch-windows",
            paramLabel = "N",
            defaultValue = "64",
            description = "Windows per inference call (default: ${DEFAULT-VALUE}).")
    int batchWindows;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, FLAC, Ogg).")
    List<Path> files = new ArrayList<>();

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new PredictCommand());
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            PredictResult result = predict(spec.commandLine().getOut(), err);
            if (result.rejected() > 0) {
                throw new QualityGateException(result.line() + ": the lines of the rejected files say why", result);
            }
            err.println("spira-predict: " + result.line());
            return ExitStatus.OK.code();
        } catch (RuntimeException e) {
            ExitStatus status = ExitStatus.of(e);
            switch (status) {
                case CONFIG_ERROR -> err.println("spira-predict: usage error: " + e.getMessage());
                case QUALITY_GATE_FAILED -> err.println("spira-predict: " + e.getMessage());
                default -> {
                    err.println("spira-predict: failed: " + e.getMessage());
                    e.printStackTrace(err);
                }
            }
            return status.code();
        } finally {
            err.flush();
        }
    }

    private PredictResult predict(PrintWriter out, PrintWriter err) {
        if (batchWindows < 1) {
            throw new ConfigException(
                    "--batch-windows " + batchWindows + " is invalid: score at least 1 window per call");
        }
        Optional<DecisionThreshold> decision = Optional.ofNullable(threshold).map(PredictCommand::threshold);
        return WorkFolder.use("predict", workDir -> {
            PredictModel loaded = PredictModel.load(model, decision, System.getenv(), workDir);
            err.println("spira-predict: " + loaded.description());
            err.flush();
            Predictor predictor = new Predictor(loaded, batchWindows);
            List<FilePrediction> predictions = new ArrayList<>();
            for (Path file : files) {
                FilePrediction prediction = predictor.predict(file);
                out.println(prediction.jsonLine());
                out.flush();
                predictions.add(prediction);
            }
            return PredictResult.of(predictions);
        });
    }

    private static DecisionThreshold threshold(double value) {
        if (!DecisionThreshold.isValid(value)) {
            throw new ConfigException("--threshold " + value + " is invalid: a probability strictly between 0 and 1");
        }
        return new DecisionThreshold(value);
    }
}
