package org.spira.features.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results table: one row per implementation, with throughput ratios against the named
 * baselines and, for this project's rows, the factor over their FFT-only reference row.
 *
 * <p>Ratios compare audio seconds per core-second (audio / (wall x threads)): 2.00x in the
 * "vs torchaudio" column means the row featurizes twice as much audio as torchaudio per second
 * of one core. "x FFT" is the row's core-seconds divided by its FFT-only row's (below 1 when the
 * row takes less time than those JTransforms FFTs alone).
 */
final class ReportTable {
    private static final String FIXED_COLUMNS = "%-32s %7s %8s %8s %8s %8s %12s";

    private final List<Measurement> rows;
    private final List<Baseline> baselines;
    private final String rowFormat;

    /**
     * A row other rows are compared with.
     *
     * @param row the baseline row's name
     * @param header its column header
     */
    record Baseline(String row, String header) {}

    /**
     * @param rows measured rows, in display order
     * @param baselines rows to compare against, in column order
     */
    ReportTable(List<Measurement> rows, List<Baseline> baselines) {
        this.rows = List.copyOf(rows);
        this.baselines = List.copyOf(baselines);
        this.rowFormat = FIXED_COLUMNS + " %14s".repeat(baselines.size()) + " %7s";
    }

    /** Header, separator and one line per row. */
    List<String> render() {
        List<String> header = new ArrayList<>(
                List.of("implementation", "threads", "audio s", "windows", "wall s", "cpu s", "audio/core-s"));
        baselines.forEach(baseline -> header.add(baseline.header()));
        header.add("x FFT");
        List<String> lines = new ArrayList<>();
        lines.add(format(header));
        lines.add("-".repeat(lines.get(0).length()));
        rows.forEach(row -> lines.add(format(cells(row))));
        return lines;
    }

    /** Distinct window counts over all rows: a single value when every row cut the same windows. */
    List<Long> windowCounts() {
        return rows.stream().map(Measurement::windows).distinct().toList();
    }

    private List<String> cells(Measurement row) {
        List<String> cells = new ArrayList<>(List.of(
                row.name(),
                Integer.toString(row.threads()),
                fixed(row.audioSeconds(), 0),
                Long.toString(row.windows()),
                fixed(row.wallSeconds(), 2),
                fixed(row.cpuSeconds(), 2),
                fixed(row.audioPerCoreSecond(), 1)));
        baselines.forEach(baseline -> cells.add(ratio(row, find(baseline.row()))));
        cells.add(row.fftBound()
                .flatMap(this::find)
                .map(bound -> factor(row, bound))
                .orElse("-"));
        return cells;
    }

    private Optional<Measurement> find(String name) {
        return rows.stream().filter(row -> row.name().equals(name)).findFirst();
    }

    private static String ratio(Measurement row, Optional<Measurement> baseline) {
        return baseline.map(b -> fixed(row.audioPerCoreSecond() / b.audioPerCoreSecond(), 2) + "x")
                .orElse("n/a");
    }

    private static String factor(Measurement row, Measurement bound) {
        return fixed(row.coreSeconds() / bound.coreSeconds(), 2) + "x";
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private String format(List<String> cells) {
        return String.format(Locale.ROOT, rowFormat, cells.toArray()).stripTrailing();
    }
}
