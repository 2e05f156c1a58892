package org.spira.features;

/**
 * A decoded recording, down-mixed and resampled to the feature sample rate, that passed
 * validation (not silent, at least one whole window).
 *
 * @param format stable container/encoding code of the source, e.g. {@code wav_pcm16}
 * @param sourceSampleRate sample rate of the source, Hz
 * @param sourceChannels channel count of the source (averaged into mono)
 * @param samples mono waveform at the spec's sample rate, nominally in [-1, 1]; owned by this
 *     record, callers must not mutate it
 * @param sampleRate rate of {@code samples}, Hz
 */
public record PreparedRecording(
        String format, int sourceSampleRate, int sourceChannels, float[] samples, int sampleRate) {

    /** Duration of the prepared waveform, seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }
}
