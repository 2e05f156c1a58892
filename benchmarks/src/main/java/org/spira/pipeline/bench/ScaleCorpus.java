package org.spira.pipeline.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.spira.features.dsp.Resampler;

/**
 * A speech corpus of any size, for measuring the pipeline's stages at scale: WAV files derived
 * from the shared public recordings by deterministic transformations, and a {@code manifest.csv}
 * ({@code path,subject_id,label,source,task}, paths relative to it) that {@code ingest
 * --manifest} reads. Each file is one or more recordings of one public subject, concatenated,
 * each scaled to a level, mixed with a ward noise clip and sped up or slowed down by band-limited
 * resampling, written at 8 to 48 kHz ({@link RecordingPlan} gives the distributions). Derived
 * subjects and labels follow the public set's proportions at every size.
 *
 * <p>The same size gives byte-identical files: each file depends on its index alone, and is
 * written as a stream, so memory does not grow with the corpus. Every file's SHA-256 differs
 * from every other's, or the run fails.
 *
 * <p>{@code ScaleCorpus HOURS DIR SHARED_DATA_DIR}: at least HOURS of audio (at most 5 s more)
 * into DIR, which must not exist or be empty. {@code bin/make-corpus} runs it.
 */
public final class ScaleCorpus {
    static final String MANIFEST = "manifest.csv";
    static final String MANIFEST_HEADER = "path,subject_id,label,source,task";

    private ScaleCorpus() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ScaleCorpus HOURS DIR SHARED_DATA_DIR");
            System.exit(2);
        }
        double hours = Double.parseDouble(args[0]);
        if (!(hours > 0)) {
            throw new IllegalArgumentException("HOURS must be a positive number of hours, got " + args[0]);
        }
        int threads = Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        CorpusSources sources = CorpusSources.load(Path.of(args[2]));
        List<RecordingPlan> plans = write(sources, hours, Path.of(args[1]), threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print(describe(plans));
        System.out.printf(Locale.ROOT, "made in %.1f s with %d threads%n", seconds, threads);
    }

    /** The files of a corpus of at least {@code hours}: until their durations add up to it. */
    static List<RecordingPlan> plans(CorpusSources sources, double hours) {
        return plans(sources, 0, hours);
    }

    /**
     * Files {@code firstIndex} on, until their durations add up to at least {@code hours}: with
     * {@code firstIndex} the size of a corpus, new files that follow it (an increment).
     */
    static List<RecordingPlan> plans(CorpusSources sources, long firstIndex, double hours) {
        double wanted = hours * 3600;
        List<RecordingPlan> plans = new ArrayList<>();
        double total = 0;
        for (long index = firstIndex; total < wanted; index++) {
            RecordingPlan plan = RecordingPlan.of(sources, index, wanted - total);
            plans.add(plan);
            total += plan.seconds();
        }
        return plans;
    }

    /**
     * Writes a corpus of at least {@code hours} into {@code directory}, {@code threads} files at
     * a time, then its manifest.
     *
     * @return the files written, in manifest order
     * @throws IllegalStateException if two files have the same SHA-256
     */
    static List<RecordingPlan> write(CorpusSources sources, double hours, Path directory, int threads)
            throws IOException {
        return write(sources, plans(sources, hours), directory, threads);
    }

    /**
     * Writes the files of {@code plans} into {@code directory}, {@code threads} at a time, then
     * their manifest.
     *
     * @return {@code plans}
     * @throws IllegalStateException if two files have the same SHA-256
     */
    static List<RecordingPlan> write(CorpusSources sources, List<RecordingPlan> plans, Path directory, int threads)
            throws IOException {
        requireEmpty(directory);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> hashes = new ArrayList<>();
            for (RecordingPlan plan : plans) {
                hashes.add(pool.submit(() -> writeRecording(sources, plan, directory)));
            }
            Map<String, RecordingPlan> byHash = new HashMap<>();
            for (int i = 0; i < plans.size(); i++) {
                RecordingPlan same = byHash.putIfAbsent(result(hashes.get(i), plans.get(i)), plans.get(i));
                if (same != null) {
                    throw new IllegalStateException(same.path() + " and "
                            + plans.get(i).path() + " have the same bytes; SHA-256 deduplication would collapse them");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        writeManifest(directory, plans);
        return plans;
    }

    /** Writes {@code plan}'s file under {@code directory}; returns the file's SHA-256, hex. */
    static String writeRecording(CorpusSources sources, RecordingPlan plan, Path directory) throws IOException {
        Path file = directory.resolve(plan.path());
        Files.createDirectories(file.getParent());
        MessageDigest sha256 = sha256();
        try (OutputStream out =
                new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), sha256)) {
            render(sources, plan, out);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The WAV file of {@code plan}, recording after recording. */
    static void render(CorpusSources sources, RecordingPlan plan, OutputStream out) throws IOException {
        Pcm16Wav.writeHeader(out, plan.sampleRate(), plan.frames());
        Resampler resampler = sources.resampler(plan.speedRate(), plan.sampleRate());
        CorpusSources.NoiseClip noise = sources.noise().get(plan.noiseClip());
        long noisePosition = plan.noiseOffset();
        long remaining = plan.frames();
        for (int segment : plan.segments()) {
            float[] samples = sources.samples(segment);
            Signal.scaleToLevel(samples, plan.levelDbfs(), RecordingPlan.PEAK_DBFS);
            Signal.addNoise(
                    samples, noise.samples(), noise.rms(), noisePosition, plan.snrDb(), RecordingPlan.NOISE_FLOOR_DBFS);
            Signal.limitPeak(samples, RecordingPlan.PEAK_DBFS);
            noisePosition += samples.length;
            float[] resampled = resampler.resample(samples);
            int count = (int) Math.min(resampled.length, remaining);
            Pcm16Wav.writeSamples(out, resampled, count);
            remaining -= count;
        }
        if (remaining != 0) {
            throw new IllegalStateException(plan.path() + " is " + remaining + " samples short of its plan");
        }
    }

    /** The manifest's text: its header, then one row per file. */
    static String manifest(List<RecordingPlan> plans) {
        StringBuilder csv = new StringBuilder(MANIFEST_HEADER).append('\n');
        for (RecordingPlan plan : plans) {
            csv.append(String.join(",", plan.path(), plan.subjectId(), plan.label(), plan.source(), plan.task()))
                    .append('\n');
        }
        return csv.toString();
    }

    /** Files, subjects, labels, durations and sample rates of a corpus, as lines of text. */
    static String describe(List<RecordingPlan> plans) {
        double seconds = plans.stream().mapToDouble(RecordingPlan::seconds).sum();
        long bytes = plans.stream().mapToLong(plan -> 44 + 2 * plan.frames()).sum();
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT, "%d files, %.3f h of audio, %.2f GB%n", plans.size(), seconds / 3600, bytes / 1e9));
        for (String label : List.of(CorpusSources.CONTROL, CorpusSources.PATIENT)) {
            List<RecordingPlan> labelled =
                    plans.stream().filter(plan -> plan.label().equals(label)).toList();
            long subjects =
                    labelled.stream().map(RecordingPlan::subjectId).distinct().count();
            text.append(String.format(
                    Locale.ROOT,
                    "%-7s: %d files (%.1f %%) of %d subjects (%.2f files per subject), %.3f h (%.1f %%)%n",
                    label,
                    labelled.size(),
                    100.0 * labelled.size() / plans.size(),
                    subjects,
                    subjects == 0 ? 0 : (double) labelled.size() / subjects,
                    labelled.stream().mapToDouble(RecordingPlan::seconds).sum() / 3600,
                    100 * labelled.stream().mapToDouble(RecordingPlan::seconds).sum() / seconds));
        }
        double[] bounds = {5, 10, 20, 40, 60, 120, 300, 600};
        text.append("duration    files   share   hours%n".formatted());
        for (int bin = 0; bin + 1 < bounds.length; bin++) {
            double from = bounds[bin];
            double to = bounds[bin + 1];
            List<RecordingPlan> inBin = plans.stream()
                    .filter(plan -> plan.seconds() >= from && (plan.seconds() < to || to == bounds[bounds.length - 1]))
                    .toList();
            text.append(String.format(
                    Locale.ROOT,
                    "%3.0f-%3.0f s %7d %6.1f %% %7.3f%n",
                    from,
                    to,
                    inBin.size(),
                    100.0 * inBin.size() / plans.size(),
                    inBin.stream().mapToDouble(RecordingPlan::seconds).sum() / 3600));
        }
        Map<Integer, Long> rates = new TreeMap<>();
        plans.forEach(plan -> rates.merge(plan.sampleRate(), 1L, Long::sum));
        text.append("sample rates:");
        rates.forEach((rate, files) ->
                text.append(String.format(Locale.ROOT, " %d Hz %.1f %%", rate, 100.0 * files / plans.size())));
        return text.append('\n').toString();
    }

    private static void writeManifest(Path directory, List<RecordingPlan> plans) throws IOException {
        Files.writeString(directory.resolve(MANIFEST), manifest(plans), StandardCharsets.UTF_8);
    }

    private static void requireEmpty(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(
                            directory + " is not empty: give a new folder, the corpus is written whole");
                }
            }
        }
        Files.createDirectories(directory);
    }

    private static String result(Future<String> hash, RecordingPlan plan) throws IOException {
        try {
            return hash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + plan.path(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("writing " + plan.path() + " failed", e.getCause());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
