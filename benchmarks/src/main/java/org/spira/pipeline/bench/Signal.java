package org.spira.pipeline.bench;

/**
 * The sample arithmetic of {@link ScaleCorpus}'s transformations, on float samples of the
 * decoder's scale (full scale 1). Decibel conversions use {@link StrictMath}, so that every
 * platform computes the same samples.
 */
final class Signal {
    private Signal() {}

    /** Root-mean-square level, accumulated in double; 0 for no samples. */
    static double rms(float[] samples) {
        double energy = 0;
        for (float sample : samples) {
            energy += (double) sample * sample;
        }
        return samples.length == 0 ? 0 : Math.sqrt(energy / samples.length);
    }

    /** Largest absolute sample. */
    static double peak(float[] samples) {
        double peak = 0;
        for (float sample : samples) {
            peak = Math.max(peak, Math.abs(sample));
        }
        return peak;
    }

    /** The linear amplitude ratio of {@code decibels}. */
    static double amplitude(double decibels) {
        return StrictMath.pow(10, decibels / 20);
    }

    /**
     * Adds {@code noise}, looped from sample {@code offset}, at {@code snrDb} below the samples'
     * level but no quieter than {@code floorDbfs} (both as root-mean-square levels, the noise's
     * over the whole clip).
     *
     * @param samples modified in place
     * @param noiseRms the root-mean-square level of the whole noise clip
     */
    static void addNoise(float[] samples, float[] noise, double noiseRms, long offset, double snrDb, double floorDbfs) {
        double level = Math.max(rms(samples) / amplitude(snrDb), amplitude(floorDbfs));
        double gain = level / noiseRms;
        int position = (int) (offset % noise.length);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (samples[i] + gain * noise[position]);
            position = position + 1 == noise.length ? 0 : position + 1;
        }
    }

    /**
     * Scales the samples to a root-mean-square level of {@code levelDbfs}, or less where that
     * would put the peak above {@code peakDbfs}.
     *
     * @param samples modified in place; left as they are when silent
     */
    static void scaleToLevel(float[] samples, double levelDbfs, double peakDbfs) {
        double rms = rms(samples);
        if (rms > 0) {
            scale(samples, Math.min(amplitude(levelDbfs) / rms, amplitude(peakDbfs) / peak(samples)));
        }
    }

    /** Scales the samples down where their peak is above {@code peakDbfs}. */
    static void limitPeak(float[] samples, double peakDbfs) {
        double peak = peak(samples);
        if (peak > amplitude(peakDbfs)) {
            scale(samples, amplitude(peakDbfs) / peak);
        }
    }

    private static void scale(float[] samples, double gain) {
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (samples[i] * gain);
        }
    }
}
