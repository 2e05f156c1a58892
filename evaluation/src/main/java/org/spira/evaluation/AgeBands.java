package org.spira.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Age bands for slicing, given by their lower bounds in whole years. Bounds {@code [30, 45,
 * 60]} give the bands {@code <30}, {@code 30-44}, {@code 45-59}, {@code >=60}; a missing
 * age falls in {@link #UNKNOWN}.
 *
 * @param bounds strictly increasing ages in years, each in [1, {@value #MAX_AGE}], at least one
 */
public record AgeBands(List<Integer> bounds) {
    /** The band of a recording whose age is not known. */
    public static final String UNKNOWN = "unknown";

    /** Oldest age accepted anywhere in evaluation, years. */
    public static final int MAX_AGE = 130;

    public AgeBands {
        bounds = List.copyOf(bounds);
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException(
                    "AgeBands.bounds is empty: give at least one lower bound in years, e.g. [30, 45, 60]");
        }
        for (int i = 0; i < bounds.size(); i++) {
            int bound = bounds.get(i);
            if (bound < 1 || bound > MAX_AGE) {
                throw new IllegalArgumentException("AgeBands.bounds[" + i + "] = " + bound
                        + " is invalid: each bound must be an age in years in [1, " + MAX_AGE + "]");
            }
            if (i > 0 && bound <= bounds.get(i - 1)) {
                throw new IllegalArgumentException("AgeBands.bounds = " + bounds
                        + " is invalid: bounds must be strictly increasing, e.g. [30, 45, 60]");
            }
        }
    }

    /** The default bands: under 30, 30-44, 45-59, 60 and over. */
    public static AgeBands standard() {
        return new AgeBands(List.of(30, 45, 60));
    }

    /** The band label of an age in years, or {@link #UNKNOWN} when the age is missing. */
    public String bandOf(OptionalInt ageYears) {
        if (ageYears.isEmpty()) {
            return UNKNOWN;
        }
        int age = ageYears.getAsInt();
        int band = 0;
        while (band < bounds.size() && age >= bounds.get(band)) {
            band++;
        }
        return labels().get(band);
    }

    /** Every band label in ascending age order, followed by {@link #UNKNOWN}. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        labels.add("<" + bounds.get(0));
        for (int i = 1; i < bounds.size(); i++) {
            labels.add(bounds.get(i - 1) + "-" + (bounds.get(i) - 1));
        }
        labels.add(">=" + bounds.get(bounds.size() - 1));
        labels.add(UNKNOWN);
        return List.copyOf(labels);
    }
}
