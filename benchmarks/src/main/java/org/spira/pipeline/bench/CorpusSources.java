package org.spira.pipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.spira.features.RecordingRejectedException;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.AudioHeader;
import org.spira.features.dsp.Resampler;
import org.spira.features.testing.MetadataCsv;

/**
 * What {@link ScaleCorpus} derives its recordings from: the shared public speech recordings
 * ({@code public/metadata.csv}, 16 kHz mono), ordered into one stream per label, and the ward
 * noise clips ({@code noise/metadata.csv}, 16 kHz mono), decoded once. A public recording's
 * samples are read from its file each time they are needed, so only the noise is held in memory.
 *
 * <p>Thread-safe: recordings are decoded into fresh arrays, and resamplers are built once per
 * rate pair and shared.
 */
final class CorpusSources {
    /** The rate of every public recording and noise clip, Hz. */
    static final int SAMPLE_RATE = 16_000;

    static final String CONTROL = "control";
    static final String PATIENT = "patient";

    /** Zero crossings per side and cutoff of the band-limited resampler (torchaudio's defaults). */
    private static final int LOWPASS_WIDTH = 6;

    private static final double ROLLOFF = 0.99;

    /**
     * A public recording.
     *
     * @param path its path relative to the public folder
     * @param label {@link #CONTROL} or {@link #PATIENT} (the public metadata's {@code respiratory})
     * @param frames its length in samples at {@link #SAMPLE_RATE}
     */
    record Recording(String path, String subjectId, String label, String source, String task, int frames) {}

    /** A noise clip at {@link #SAMPLE_RATE}, and its root-mean-square level on the float scale. */
    record NoiseClip(String name, float[] samples, double rms) {}

    private final Path publicData;
    private final List<Recording> recordings;
    private final Map<String, List<Integer>> recordingsBySubject;
    private final List<Integer> controlStream;
    private final List<Integer> patientStream;
    private final List<NoiseClip> noise;
    private final Map<Long, Resampler> resamplers = new ConcurrentHashMap<>();
    private final AudioDecoder decoder = new AudioDecoder();

    private CorpusSources(Path publicData, List<Recording> recordings, List<NoiseClip> noise) {
        this.publicData = publicData;
        this.recordings = List.copyOf(recordings);
        this.noise = List.copyOf(noise);
        Map<String, List<Integer>> bySubject = new TreeMap<>();
        for (int i = 0; i < recordings.size(); i++) {
            Recording recording = recordings.get(i);
            List<Integer> subject = bySubject.computeIfAbsent(recording.subjectId(), s -> new ArrayList<>());
            if (!subject.isEmpty() && !recordings.get(subject.get(0)).label().equals(recording.label())) {
                throw new IllegalArgumentException(
                        "subject " + recording.subjectId() + " has recordings of both labels in the public metadata");
            }
            subject.add(i);
        }
        this.recordingsBySubject = bySubject;
        this.controlStream = labelStream(CONTROL);
        this.patientStream = labelStream(PATIENT);
        if (controlStream.isEmpty() || patientStream.isEmpty()) {
            throw new IllegalArgumentException(
                    "the public metadata must have both control and respiratory recordings to derive a corpus from");
        }
    }

    /** The public recordings and noise clips under the shared data folder {@code sharedData}. */
    static CorpusSources load(Path sharedData) {
        Path publicData = sharedData.resolve("public");
        Path noiseData = sharedData.resolve("noise");
        AudioDecoder decoder = new AudioDecoder();
        List<Recording> recordings = new ArrayList<>();
        for (Map<String, String> row : MetadataCsv.rows(publicData.resolve("metadata.csv"))) {
            AudioHeader header = probe(decoder, publicData.resolve(row.get("path")));
            recordings.add(new Recording(
                    row.get("path"),
                    row.get("subject_id"),
                    label(row.get("label")),
                    row.get("source"),
                    row.get("task"),
                    Math.toIntExact(header.frames())));
        }
        recordings.sort(Comparator.comparing(Recording::path));
        List<NoiseClip> noise = new ArrayList<>();
        for (Map<String, String> row : MetadataCsv.rows(noiseData.resolve("metadata.csv"))) {
            float[] samples = decode(decoder, noiseData.resolve(row.get("path")));
            if (Signal.rms(samples) == 0) {
                throw new IllegalArgumentException("noise clip " + row.get("path") + " is silent");
            }
            noise.add(new NoiseClip(row.get("path"), samples, Signal.rms(samples)));
        }
        noise.sort(Comparator.comparing(NoiseClip::name));
        return new CorpusSources(publicData, recordings, noise);
    }

    /** Every public recording, sorted by path; indexes into this list name a recording. */
    List<Recording> recordings() {
        return recordings;
    }

    Recording recording(int index) {
        return recordings.get(index);
    }

    /** The indexes of {@code subjectId}'s recordings, sorted by path. */
    List<Integer> recordingsOf(String subjectId) {
        return recordingsBySubject.get(subjectId);
    }

    /** The recordings of {@code label}, subject after subject (sorted by id), each subject's by path. */
    List<Integer> stream(String label) {
        return label.equals(PATIENT) ? patientStream : controlStream;
    }

    List<NoiseClip> noise() {
        return noise;
    }

    /** Recording {@code index}'s samples at {@link #SAMPLE_RATE}, a fresh array. */
    float[] samples(int index) {
        return decode(decoder, publicData.resolve(recordings.get(index).path()));
    }

    /** The band-limited resampler from {@code fromRate} to {@code toRate}, built once per pair. */
    Resampler resampler(int fromRate, int toRate) {
        return resamplers.computeIfAbsent(
                ((long) fromRate << 32) | toRate, key -> new Resampler(fromRate, toRate, LOWPASS_WIDTH, ROLLOFF));
    }

    /** The public metadata's label as ingest's vocabulary: {@code respiratory} is {@link #PATIENT}. */
    static String label(String publicLabel) {
        return switch (publicLabel) {
            case "control" -> CONTROL;
            case "respiratory" -> PATIENT;
            default -> throw new IllegalArgumentException(
                    "public metadata label '" + publicLabel + "' is neither control nor respiratory");
        };
    }

    private List<Integer> labelStream(String label) {
        List<Integer> stream = new ArrayList<>();
        for (List<Integer> subject : recordingsBySubject.values()) {
            if (recordings.get(subject.get(0)).label().equals(label)) {
                stream.addAll(subject);
            }
        }
        return List.copyOf(stream);
    }

    private static AudioHeader probe(AudioDecoder decoder, Path file) {
        try {
            return requireSourceFormat(file, decoder.probe(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RecordingRejectedException e) {
            throw new IllegalArgumentException(file + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static float[] decode(AudioDecoder decoder, Path file) {
        try {
            var audio = decoder.decode(Files.readAllBytes(file));
            requireSourceFormat(file, audio.header());
            return audio.mono();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RecordingRejectedException e) {
            throw new IllegalArgumentException(file + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static AudioHeader requireSourceFormat(Path file, AudioHeader header) {
        if (header.sampleRate() != SAMPLE_RATE || header.channels() != 1) {
            throw new IllegalArgumentException(file + " is " + header.sampleRate() + " Hz with " + header.channels()
                    + " channels; the corpus sources must be " + SAMPLE_RATE + " Hz mono");
        }
        return header;
    }
}
