package org.spira.features.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.spira.features.NoiseCorpus;
import org.spira.features.dsp.FeatureSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spira-features}: SPIRA's MFCC features for audio files, as NumPy arrays.
 *
 * <p>For each input {@code FILE}, writes {@code OUTPUT/<name>.npy} (float32, shape [windows,
 * frames, coefficients]: [W, 401, 40] with SPIRA's spec) and {@code OUTPUT/<name>.json} (feature
 * version and spec, source format, noise lineage), and prints one line: {@code ok} or {@code
 * rejected} with a stable reason code. The spec is SPIRA's ({@link FeatureSpec#spira()}) unless
 * {@code --spec FILE} gives another as canonical JSON ({@link FeatureSpec#toJson()}). Exit
 * status: 0 when every input was accepted, 3 when any was rejected, 2 on usage errors.
 */
@Command(
        name = "spira-features",
        mixinStandardHelpOptions = true,
        version = "spira-features 0.1.0",
        sortOptions = false,
        description = "Computes SPIRA's MFCC features (torchaudio semantics; by default 4 s windows, 1 s step,"
                + " 401 x 40 per window) for WAV, FLAC and Ogg Vorbis files.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every input was featurized", "2:usage error", "3:at least one input was rejected"})
public final class FeaturizeCommand implements Callable<Integer> {
    static final int EXIT_REJECTED = 3;

    @Spec
    private CommandSpec command;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR",
            description = "Folder for <name>.npy and <name>.json; created if missing.")
    private Path output;

    @Option(
            names = "--spec",
            paramLabel = "FILE",
            description = "Feature spec as canonical JSON, as stored with feature tables and models (a model's"
                    + " feature_spec.json, or the feature_spec of an output <name>.json); default: SPIRA's.")
    private Path specFile;

    @Option(
            names = "--noise",
            paramLabel = "DIR",
            description = "Noise corpus folder (.wav/.flac/.ogg): write a noisy variant instead of the clean one.")
    private Path noise;

    @Option(
            names = "--variant",
            paramLabel = "K",
            description = "Noisy variant number, >= 1 (default: ${DEFAULT-VALUE}). Needs --noise.")
    private Integer variant;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "42",
            description = "Seed of the noise draws (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
            names = "--noise-count",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "Noise segments added per noisy variant (default: ${DEFAULT-VALUE}, SPIRA's training setting).")
    private int noiseCount;

    @Option(names = "--threads", paramLabel = "T", description = "Files featurized in parallel (default: all cores).")
    private Integer threads;

    @Option(
            names = "--relative-to",
            paramLabel = "ROOT",
            description = "Keep each input's folders under ROOT: write OUTPUT/<path below ROOT without extension>.npy.")
    private Path relativeTo;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Audio files.")
    private List<Path> inputs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FeaturizeCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        validateOptions();
        FeatureSpec spec = spec();
        VariantRequest request = variantRequest(spec);
        Map<Path, Path> outputs = outputPaths();
        FileFeaturizer featurizer = new FileFeaturizer(spec, request);
        PrintWriter out = command.commandLine().getOut();
        boolean anyRejected = false;
        for (InputOutcome outcome : featurizeAll(featurizer, outputs)) {
            out.println(outcome.line());
            anyRejected |= !outcome.accepted();
        }
        out.flush();
        return anyRejected ? EXIT_REJECTED : CommandLine.ExitCode.OK;
    }

    private void validateOptions() {
        if (variant != null && noise == null) {
            throw usage(
                    "--variant needs --noise DIR: variant 0 is the clean signal, noisy variants need a noise corpus");
        }
        if (variant != null && variant < 1) {
            throw usage("--variant must be >= 1 (got " + variant + "); omit --noise for the clean features");
        }
        if (noiseCount < 1) {
            throw usage("--noise-count must be >= 1 (got " + noiseCount + ")");
        }
        if (threads != null && threads < 1) {
            throw usage("--threads must be >= 1 (got " + threads + ")");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw usage("--output " + output + " exists and is not a folder");
        }
    }

    /** SPIRA's spec, or the one in {@code --spec FILE}. */
    private FeatureSpec spec() {
        if (specFile == null) {
            return FeatureSpec.spira();
        }
        try {
            return FeatureSpec.fromJson(Files.readString(specFile));
        } catch (IOException e) {
            throw usage("--spec " + specFile + " cannot be read (" + e + ")");
        } catch (IllegalArgumentException e) {
            throw usage("--spec " + specFile + " is not a feature spec: " + e.getMessage());
        }
    }

    private VariantRequest variantRequest(FeatureSpec spec) {
        if (noise == null) {
            return VariantRequest.clean();
        }
        try {
            NoiseCorpus corpus = NoiseCorpus.fromDirectory(noise, spec);
            return VariantRequest.noisy(corpus, variant == null ? 1 : variant, seed, noiseCount);
        } catch (IllegalArgumentException e) {
            throw usage("--noise " + noise + ": " + e.getMessage());
        }
    }

    /** One output per input; two inputs with the same file name would overwrite each other. */
    private Map<Path, Path> outputPaths() {
        Map<Path, Path> outputs = new java.util.LinkedHashMap<>();
        Map<Path, Path> claimedBy = new HashMap<>();
        for (Path input : inputs) {
            Path target = output.resolve(relativeName(input) + ".npy");
            Path previous = claimedBy.putIfAbsent(target, input);
            if (previous != null && !previous.equals(input)) {
                throw usage(previous + " and " + input + " would both be written to " + target
                        + ": use --relative-to ROOT to keep their folders, or different --output folders");
            }
            outputs.put(input, target);
        }
        return outputs;
    }

    private String relativeName(Path input) {
        if (relativeTo == null) {
            return OutputFiles.stem(input);
        }
        Path absolute = input.toAbsolutePath().normalize();
        Path root = relativeTo.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw usage(input + " is not under --relative-to " + relativeTo);
        }
        Path relative = root.relativize(absolute);
        Path parent = relative.getParent();
        String stem = OutputFiles.stem(relative);
        return parent == null ? stem : parent.resolve(stem).toString();
    }

    private List<InputOutcome> featurizeAll(FileFeaturizer featurizer, Map<Path, Path> outputs)
            throws InterruptedException {
        int poolSize = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(poolSize, outputs.size()));
        try {
            List<Future<InputOutcome>> futures = new ArrayList<>();
            outputs.forEach((input, target) -> futures.add(pool.submit(() -> featurizer.featurize(input, target))));
            List<InputOutcome> outcomes = new ArrayList<>();
            for (Future<InputOutcome> future : futures) {
                outcomes.add(result(future));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static InputOutcome result(Future<InputOutcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("featurization failed unexpectedly", e.getCause());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(command.commandLine(), message);
    }
}
