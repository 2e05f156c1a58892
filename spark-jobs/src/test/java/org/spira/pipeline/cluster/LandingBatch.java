package org.spira.pipeline.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;

/**
 * A landing folder as a data provider delivers it: real shared recordings of a few subjects of
 * both classes under {@code audio/<subject>/<task>.wav} (file names carry participant ids), a
 * recording whose RIFF header was overwritten, one listed twice, and a manifest. Its expected
 * accounting comes from the manifest and the JDK's own WAV reader, not from the pipeline: ingest
 * accepts every real recording and rejects the damaged one; featurize, with SPIRA's 4 s window,
 * rejects the recordings shorter than that.
 */
final class LandingBatch {
    static final int WINDOW = 64_000;
    static final int STEP = 16_000;

    final Path folder;
    final List<String> manifestRows = new ArrayList<>();
    final Set<String> subjectIds = new LinkedHashSet<>();
    final Set<String> acceptedSubjects = new LinkedHashSet<>();
    /** Ingest's rejects by reason. */
    final Map<String, Long> rejectedByReason = new TreeMap<>();

    long accepted;
    long duplicates;
    /** Accepted recordings shorter than one window: featurize's too_short rejects. */
    long tooShort;

    long windows;

    private LandingBatch(Path folder) {
        this.folder = folder;
    }

    /** The first {@code controls} control subjects and every coswara patient subject of the public set. */
    static LandingBatch write(Path folder, int controls) throws IOException {
        LandingBatch batch = new LandingBatch(folder);
        Map<String, List<Map<String, String>>> bySubject = new TreeMap<>();
        for (Map<String, String> row : MetadataCsv.rows(SharedData.root().resolve("public/metadata.csv"))) {
            if (row.get("subject_id").startsWith("coswara_")) {
                bySubject
                        .computeIfAbsent(row.get("subject_id"), s -> new ArrayList<>())
                        .add(row);
            }
        }
        int controlSubjects = 0;
        for (List<Map<String, String>> rows : bySubject.values()) {
            boolean patient = rows.get(0).get("label").equals("respiratory");
            if (patient || controlSubjects++ < controls) {
                for (Map<String, String> row : rows) {
                    batch.add(row, patient ? "patient" : "control");
                }
            }
        }
        batch.addDamagedAndDuplicate();
        Files.writeString(
                folder.resolve("manifest.csv"),
                "path,subject_id,label,sex,age\n" + String.join("\n", batch.manifestRows) + "\n");
        return batch;
    }

    private void add(Map<String, String> row, String label) throws IOException {
        Path source = SharedData.root().resolve("public").resolve(row.get("path"));
        Files.createDirectories(folder.resolve(row.get("path")).getParent());
        Files.copy(source, folder.resolve(row.get("path")));
        manifestRows.add(
                String.join(",", row.get("path"), row.get("subject_id"), label, row.get("sex"), row.get("age")));
        subjectIds.add(row.get("subject_id"));
        subjectIds.add(row.get("subject_id").substring("coswara_".length()));
        accepted++;
        acceptedSubjects.add(row.get("subject_id"));
        long samples = frames(source);
        if (samples < WINDOW) {
            tooShort++;
        } else {
            windows += (samples - WINDOW) / STEP + 1;
        }
    }

    /** The first row listed again, and a copy of its audio with its RIFF header zeroed. */
    private void addDamagedAndDuplicate() throws IOException {
        String first = manifestRows.get(0);
        String path = first.split(",")[0];
        String damaged = path.replace(".wav", "-damaged.wav");
        byte[] bytes = Files.readAllBytes(folder.resolve(path));
        Arrays.fill(bytes, 0, 12, (byte) 0);
        Files.write(folder.resolve(damaged), bytes);
        manifestRows.add(first);
        duplicates++;
        manifestRows.add(first.replace(path, damaged));
        rejectedByReason.merge("not_audio", 1L, Long::sum);
    }

    /** Three clips of the shared ward-noise corpus, copied into {@code folder}. */
    static Path noiseCorpus(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> clips = Files.list(SharedData.root().resolve("noise"))) {
            for (Path clip : clips.filter(p -> p.toString().endsWith(".wav"))
                    .sorted()
                    .limit(3)
                    .toList()) {
                Files.copy(clip, folder.resolve(clip.getFileName()));
            }
        }
        return folder;
    }

    /** Ingest's rejects. */
    long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The rejected table's rows by reason after ingest and featurize. */
    Map<String, Long> rejectedAfterFeaturize() {
        Map<String, Long> all = new TreeMap<>(rejectedByReason);
        if (tooShort > 0) {
            all.put("too_short", tooShort);
        }
        return all;
    }

    private static long frames(Path wav) {
        try {
            return AudioSystem.getAudioFileFormat(wav.toFile()).getFrameLength();
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new IllegalStateException("the JDK cannot read " + wav, e);
        }
    }
}
