package org.spira.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Splits recordings by sex, age band and source, and computes each slice's metrics. Slices
 * appear in a fixed order: dimensions as listed, values alphabetically (age bands by age),
 * {@value AgeBands#UNKNOWN} last; only values that occur are reported.
 */
final class Slicer {
    private final EvaluationSpec spec;
    private final MetricsCalculator calculator;

    Slicer(EvaluationSpec spec, MetricsCalculator calculator) {
        this.spec = spec;
        this.calculator = calculator;
    }

    List<Slice> slices(List<RecordingScore> recordings, Map<String, RecordingAttributes> attributes) {
        Function<RecordingScore, RecordingAttributes> attributesOf =
                r -> attributes.getOrDefault(r.recordingId(), RecordingAttributes.unknown(r.recordingId()));
        List<String> ageOrder = spec.ageBands().labels();
        List<Slice> slices = new ArrayList<>();
        slices.addAll(dimension(
                Slice.SEX,
                recordings,
                r -> attributesOf.apply(r).sex().orElse(AgeBands.UNKNOWN),
                Comparator.naturalOrder()));
        slices.addAll(dimension(
                Slice.AGE_BAND,
                recordings,
                r -> spec.ageBands().bandOf(attributesOf.apply(r).ageYears()),
                Comparator.comparingInt(ageOrder::indexOf)));
        slices.addAll(dimension(
                Slice.SOURCE,
                recordings,
                r -> attributesOf.apply(r).source().orElse(AgeBands.UNKNOWN),
                Comparator.naturalOrder()));
        return slices;
    }

    private List<Slice> dimension(
            String dimension,
            List<RecordingScore> recordings,
            Function<RecordingScore, String> valueOf,
            Comparator<String> order) {
        Comparator<String> unknownLast =
                Comparator.comparing((String v) -> v.equals(AgeBands.UNKNOWN)).thenComparing(order);
        Map<String, List<RecordingScore>> groups = new TreeMap<>(unknownLast);
        for (RecordingScore r : recordings) {
            groups.computeIfAbsent(valueOf.apply(r), v -> new ArrayList<>()).add(r);
        }
        List<Slice> slices = new ArrayList<>();
        groups.forEach((value, members) -> slices.add(new Slice(
                dimension,
                value,
                calculator.compute(Level.RECORDING, ScoredSet.ofRecordings(members)),
                calculator.compute(Level.WINDOW, ScoredSet.ofWindows(members)))));
        return slices;
    }
}
