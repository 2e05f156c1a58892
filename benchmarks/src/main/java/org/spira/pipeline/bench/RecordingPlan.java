package org.spira.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * What one file of a {@link ScaleCorpus} holds and how it is made, drawn by {@link #of} from a
 * random generator seeded with the file's index alone: any file can be made again on its own,
 * and every corpus is the start of any larger one (all but its last file, which is cut short to
 * land on the corpus's size).
 *
 * <p>A file is one or more public recordings of one subject (the first chosen by the index, then
 * that subject's next ones in path order, round and round), each scaled to a level, mixed with a
 * noise clip at an SNR below it (but no quieter than {@link #NOISE_FLOOR_DBFS}), limited to a
 * peak of {@link #PEAK_DBFS}, sped up or slowed down by resampling, and written at a sample rate;
 * the last recording is cut where the file reaches its duration.
 *
 * @param index the file's position in the corpus, from 0
 * @param path the file's path relative to the corpus folder
 * @param subjectId {@code <public subject>-g<generation>}: the public subject's recordings are
 *     used once per generation of its label's stream
 * @param label {@link CorpusSources#CONTROL} or {@link CorpusSources#PATIENT}, the public subject's
 * @param source {@code scale-} and the public recording's source
 * @param task the public recordings' task, or {@code concatenated} when they differ
 * @param segments the public recordings used, in order (indexes into {@link CorpusSources#recordings})
 * @param sampleRate the file's sample rate, Hz
 * @param frames the file's length in samples
 * @param speedRate the rate the 16 kHz public samples are taken to have before resampling to
 *     {@code sampleRate}: played back, they are {@code speedRate / 16000} times faster and higher
 * @param levelDbfs the root-mean-square level each recording is scaled to, dB relative to full
 *     scale (less where its peak would be above {@link #PEAK_DBFS})
 * @param snrDb the level of each recording over the noise mixed into it, dB (less where the noise
 *     would be below {@link #NOISE_FLOOR_DBFS})
 * @param noiseClip the noise clip (an index into {@link CorpusSources#noise})
 * @param noiseOffset the noise clip's sample the first recording is mixed with; later ones continue
 */
record RecordingPlan(
        long index,
        String path,
        String subjectId,
        String label,
        String source,
        String task,
        List<Integer> segments,
        int sampleRate,
        long frames,
        int speedRate,
        double levelDbfs,
        double snrDb,
        int noiseClip,
        int noiseOffset) {

    static final double MIN_SECONDS = 5;
    /** Most files are {@link #MIN_SECONDS} to this long; the others up to {@link #MAX_SECONDS}. */
    static final double SHORT_MAX_SECONDS = 60;

    static final double MAX_SECONDS = 600;
    /** The share of files longer than {@link #SHORT_MAX_SECONDS}. */
    static final double LONG_SHARE = 0.05;

    static final int[] SAMPLE_RATES = {16_000, 8_000, 22_050, 44_100, 48_000};
    static final double[] SAMPLE_RATE_SHARES = {0.70, 0.05, 0.05, 0.10, 0.10};
    /** The slowest speed, 0.90, as a rate: 16000 x speed. */
    static final int SLOWEST_RATE = 14_400;
    /** Speeds go up in steps of 0.02 (320 Hz as rates) to 1.10. */
    static final int SPEED_RATE_STEP = 320;

    static final int SPEED_STEPS = 11;
    static final double MIN_LEVEL_DBFS = -32;
    static final double MAX_LEVEL_DBFS = -18;
    /** No sample above this after scaling: 1 dB of headroom, far from ingest's clipping level. */
    static final double PEAK_DBFS = -1;

    static final double MIN_SNR_DB = 10;
    static final double MAX_SNR_DB = 40;
    /**
     * The quietest noise level, dBFS: a ward is never silent, and a quiet part of a public
     * recording cut out on its own stays within ingest's limit on near-silent frames.
     */
    static final double NOISE_FLOOR_DBFS = -50;
    /** Mixed into every file's generator seed; changing it makes another corpus. */
    private static final long CORPUS_SEED = 0x5CA1_EC0A_9C05L;

    static final String CONCATENATED = "concatenated";

    RecordingPlan {
        segments = List.copyOf(segments);
    }

    /** The file's duration, seconds. */
    double seconds() {
        return frames / (double) sampleRate;
    }

    /**
     * File {@code index} of a corpus from {@code sources}, at most {@code maxSeconds} long
     * unless that is below {@link #MIN_SECONDS}. Every draw is made before {@code maxSeconds} is
     * applied, so the limit changes the duration only.
     */
    static RecordingPlan of(CorpusSources sources, long index, double maxSeconds) {
        Random random = new Random(seed(index));
        double drawnSeconds = random.nextDouble() < LONG_SHARE
                ? logUniform(random, SHORT_MAX_SECONDS, MAX_SECONDS)
                : logUniform(random, MIN_SECONDS, SHORT_MAX_SECONDS);
        int sampleRate = SAMPLE_RATES[weightedChoice(random, SAMPLE_RATE_SHARES)];
        int speedRate = SLOWEST_RATE + SPEED_RATE_STEP * random.nextInt(SPEED_STEPS);
        double levelDbfs = uniform(random, MIN_LEVEL_DBFS, MAX_LEVEL_DBFS);
        double snrDb = uniform(random, MIN_SNR_DB, MAX_SNR_DB);
        int noiseClip = random.nextInt(sources.noise().size());
        int noiseOffset = random.nextInt(sources.noise().get(noiseClip).samples().length);

        double seconds = Math.max(MIN_SECONDS, Math.min(drawnSeconds, maxSeconds));
        long frames = (long) Math.ceil(seconds * sampleRate);
        String label = label(index, sources);
        List<Integer> stream = sources.stream(label);
        long streamIndex = streamIndex(index, sources);
        int first = stream.get((int) (streamIndex % stream.size()));
        CorpusSources.Recording recording = sources.recording(first);
        String subjectId = recording.subjectId() + "-g" + streamIndex / stream.size();
        List<Integer> segments =
                segments(sources, first, sources.resampler(speedRate, sampleRate)::outputLength, frames);
        return new RecordingPlan(
                index,
                String.format(Locale.ROOT, "audio/%s/%06d.wav", subjectId, index),
                subjectId,
                label,
                "scale-" + recording.source(),
                task(sources, segments),
                segments,
                sampleRate,
                frames,
                speedRate,
                levelDbfs,
                snrDb,
                noiseClip,
                noiseOffset);
    }

    /**
     * The label of file {@code index}: the patient files are spread evenly among the control
     * files, in the public set's proportion of patient recordings, starting with a patient file.
     */
    static String label(long index, CorpusSources sources) {
        return patientsBefore(index + 1, sources) > patientsBefore(index, sources)
                ? CorpusSources.PATIENT
                : CorpusSources.CONTROL;
    }

    /** The file's position in its label's stream of public recordings, counted over all generations. */
    private static long streamIndex(long index, CorpusSources sources) {
        long patients = patientsBefore(index, sources);
        return label(index, sources).equals(CorpusSources.PATIENT) ? patients : index - patients;
    }

    /** How many of the files before {@code index} are patient files: ceil(index x patients / all). */
    private static long patientsBefore(long index, CorpusSources sources) {
        long patients = sources.stream(CorpusSources.PATIENT).size();
        long all = patients + sources.stream(CorpusSources.CONTROL).size();
        return (index * patients + all - 1) / all;
    }

    /**
     * The public recordings that fill {@code frames}: {@code first}, then its subject's next
     * recordings in path order, round and round, each giving {@code outputFrames} of its length.
     */
    static List<Integer> segments(CorpusSources sources, int first, LongUnaryOperator outputFrames, long frames) {
        List<Integer> subject = sources.recordingsOf(sources.recording(first).subjectId());
        List<Integer> segments = new ArrayList<>();
        long filled = 0;
        for (int next = subject.indexOf(first); filled < frames; next = (next + 1) % subject.size()) {
            segments.add(subject.get(next));
            filled += outputFrames.applyAsLong(
                    sources.recording(subject.get(next)).frames());
        }
        return segments;
    }

    private static String task(CorpusSources sources, List<Integer> segments) {
        String first = sources.recording(segments.get(0)).task();
        boolean same = segments.stream()
                .allMatch(segment -> sources.recording(segment).task().equals(first));
        return same ? first : CONCATENATED;
    }

    /** SplitMix64's finalizer of the index: neighbouring files get unrelated generators. */
    private static long seed(long index) {
        long z = CORPUS_SEED + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double uniform(Random random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** A value whose logarithm is uniform: as many 5-10 s files as 10-20 s and 20-40 s ones. */
    private static double logUniform(Random random, double from, double to) {
        return from * StrictMath.exp(StrictMath.log(to / from) * random.nextDouble());
    }

    private static int weightedChoice(Random random, double[] shares) {
        double draw = random.nextDouble();
        for (int i = 0; i < shares.length - 1; i++) {
            draw -= shares[i];
            if (draw < 0) {
                return i;
            }
        }
        return shares.length - 1;
    }
}
