package org.spira.pipeline.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Jensen-Shannon divergence, base 2 (0 for equal distributions, 1 for disjoint ones), between two
 * categorical distributions given as counts, or two continuous ones given as equi-depth histograms
 * ({@code feature_stats}' percentiles). A histogram's distribution function is linear between its
 * percentiles (each bucket holds an equal share, spread evenly) and jumps where percentiles tie (a
 * value many frames share); a mixture of histograms (several classes) weighs each by its count.
 * The two distributions are compared on the buckets that all their percentiles bound together,
 * which is how TFDV compares histograms with different boundaries.
 */
public final class Divergence {
    private Divergence() {}

    /**
     * One histogram of a mixture: {@code percentiles} are the values at ranks 0, 1/m, ..., 1
     * (ascending, at least two), {@code weight} its count.
     */
    public record Histogram(double[] percentiles, double weight) {
        public Histogram {
            if (percentiles.length < 2 || weight < 0) {
                throw new IllegalArgumentException("a histogram needs two or more percentiles and a weight >= 0, not "
                        + percentiles.length + " and " + weight);
            }
            for (int i = 1; i < percentiles.length; i++) {
                if (!(percentiles[i] >= percentiles[i - 1])) {
                    throw new IllegalArgumentException("percentiles must ascend: " + Arrays.toString(percentiles));
                }
            }
        }

        /** The share of values at or below {@code x}. */
        double cdf(double x) {
            int m = percentiles.length - 1;
            if (x < percentiles[0]) {
                return 0;
            }
            if (x >= percentiles[m]) {
                return 1;
            }
            int k = lastAtOrBelow(x);
            return (k + (x - percentiles[k]) / (percentiles[k + 1] - percentiles[k])) / m;
        }

        /** The largest index whose percentile is <= x, for percentiles[0] <= x < percentiles[m]. */
        private int lastAtOrBelow(double x) {
            int low = 0;
            int high = percentiles.length - 1;
            while (high - low > 1) {
                int mid = (low + high) >>> 1;
                if (percentiles[mid] <= x) {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }

    /** Between two mixtures of histograms (each with a positive total weight). */
    public static double ofHistograms(List<Histogram> a, List<Histogram> b) {
        TreeSet<Double> edges = new TreeSet<>();
        for (List<Histogram> side : List.of(a, b)) {
            side.forEach(h -> Arrays.stream(h.percentiles()).forEach(edges::add));
        }
        double[] grid = edges.stream().mapToDouble(Double::doubleValue).toArray();
        return jensenShannon(masses(a, grid), masses(b, grid));
    }

    /** Between two categorical distributions, as counts per category (a category one lacks counts 0). */
    public static <K> double ofCounts(Map<K, Long> a, Map<K, Long> b) {
        TreeSet<String> categories = new TreeSet<>();
        a.keySet().forEach(k -> categories.add(String.valueOf(k)));
        b.keySet().forEach(k -> categories.add(String.valueOf(k)));
        double[] p = categories.stream().mapToDouble(k -> count(a, k)).toArray();
        double[] q = categories.stream().mapToDouble(k -> count(b, k)).toArray();
        return jensenShannon(p, q);
    }

    /**
     * Between two discrete distributions over the same outcomes, given as non-negative weights
     * (normalised here).
     *
     * @throws IllegalArgumentException when the lengths differ or a side has no positive weight
     */
    public static double jensenShannon(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions over " + p.length + " and " + q.length + " outcomes");
        }
        double pTotal = total(p);
        double qTotal = total(q);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / pTotal;
            double qi = q[i] / qTotal;
            double mi = (pi + qi) / 2;
            divergence += term(pi, mi) + term(qi, mi);
        }
        // rounding can leave a hair outside [0, 1]
        return Math.min(1, Math.max(0, divergence / 2));
    }

    /** Per grid point, the mixture's mass in (previous point, point]; the first point holds its atom. */
    private static double[] masses(List<Histogram> mixture, double[] grid) {
        double weight = mixture.stream().mapToDouble(Histogram::weight).sum();
        if (!(weight > 0)) {
            throw new IllegalArgumentException("a distribution with no weight");
        }
        double[] masses = new double[grid.length];
        double previous = 0;
        for (int j = 0; j < grid.length; j++) {
            double x = grid[j];
            double cdf =
                    mixture.stream().mapToDouble(h -> h.weight() * h.cdf(x)).sum() / weight;
            masses[j] = Math.max(0, cdf - previous);
            previous = cdf;
        }
        return masses;
    }

    private static double term(double p, double m) {
        return p > 0 ? p * Math.log(p / m) / Math.log(2) : 0;
    }

    private static double total(double[] weights) {
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("a negative or undefined weight: " + w);
            }
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("a distribution with no weight");
        }
        return total;
    }

    private static <K> double count(Map<K, Long> counts, String category) {
        return counts.entrySet().stream()
                .filter(e -> String.valueOf(e.getKey()).equals(category))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }
}
