package org.spira.evaluation;

/**
 * Metrics of the recordings that share one value of one attribute, and of their windows.
 *
 * @param dimension {@value #SEX}, {@value #AGE_BAND} or {@value #SOURCE}
 * @param value the attribute's value (lower-cased sex, an {@link AgeBands} label, a source),
 *     or {@value AgeBands#UNKNOWN} when the attribute is missing
 * @param recordings per-recording metrics of the slice (the ones to read)
 * @param windows per-window metrics of the same recordings' windows
 */
public record Slice(String dimension, String value, LevelMetrics recordings, LevelMetrics windows) {
    public static final String SEX = "sex";
    public static final String AGE_BAND = "age_band";
    public static final String SOURCE = "source";
}
