package org.spira.pipeline.split;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spira.pipeline.config.SplitConfig;
import org.spira.pipeline.tables.SplitsTable;

/**
 * Deterministic, stable, class-balanced assignment of subjects to splits. Subjects already
 * assigned keep their split. New subjects of each class are taken in the order of a seeded
 * hash of their key, and each goes to the split whose share of that class is furthest below
 * its configured fraction (ties: train, validation, test). The result depends only on the
 * subjects, their classes, the existing assignment, the fractions and the seed.
 */
public final class SubjectAssignment {
    /** The splits, in tie-breaking order. */
    public enum Split {
        TRAIN(SplitsTable.TRAIN),
        VALIDATION(SplitsTable.VALIDATION),
        TEST(SplitsTable.TEST);

        private final String code;

        Split(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Split of(String code) {
            for (Split split : values()) {
                if (split.code.equals(code)) {
                    return split;
                }
            }
            throw new IllegalArgumentException("unknown split '" + code + "'");
        }
    }

    /** A subject and its class: 1 when any of its recordings is a patient's, else 0. */
    public record Subject(String key, int label) {}

    private final SplitConfig config;

    public SubjectAssignment(SplitConfig config) {
        this.config = config;
    }

    /**
     * Splits for the subjects in {@code subjects} that {@code existing} does not assign yet.
     *
     * @param existing subject key to split, for subjects assigned earlier
     * @return subject key to split, for the new subjects only
     */
    public Map<String, Split> assignNew(List<Subject> subjects, Map<String, Split> existing) {
        Map<String, Split> assigned = new HashMap<>();
        for (int label = 0; label <= 1; label++) {
            int current = label;
            List<Subject> ofClass =
                    subjects.stream().filter(s -> s.label() == current).toList();
            Map<Split, Integer> counts = new EnumMap<>(Split.class);
            ofClass.stream()
                    .map(s -> existing.get(s.key()))
                    .filter(java.util.Objects::nonNull)
                    .forEach(split -> counts.merge(split, 1, Integer::sum));
            List<Subject> fresh = new ArrayList<>(
                    ofClass.stream().filter(s -> !existing.containsKey(s.key())).toList());
            fresh.sort(Comparator.comparing(s -> order(s.key())));
            for (Subject subject : fresh) {
                Split split = mostBehind(
                        counts,
                        counts.values().stream().mapToInt(Integer::intValue).sum() + 1);
                counts.merge(split, 1, Integer::sum);
                assigned.put(subject.key(), split);
            }
        }
        return assigned;
    }

    /** The split whose count is furthest below its fraction of {@code total} subjects. */
    private Split mostBehind(Map<Split, Integer> counts, int total) {
        Split best = Split.TRAIN;
        double bestDeficit = Double.NEGATIVE_INFINITY;
        for (Split split : Split.values()) {
            double deficit = fraction(split) * total - counts.getOrDefault(split, 0);
            if (fraction(split) > 0 && deficit > bestDeficit + 1e-12) {
                best = split;
                bestDeficit = deficit;
            }
        }
        return best;
    }

    private double fraction(Split split) {
        return switch (split) {
            case TRAIN -> config.train();
            case VALIDATION -> config.validation();
            case TEST -> config.test();
        };
    }

    /** SHA-256 of (seed, key): a hash order that no one can steer and that ignores insertion order. */
    private String order(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(config.seed()).array());
            return java.util.HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
