package org.spira.features.parity;

import org.spira.features.parity.FrontEndParity.Errors;

/**
 * The worst errors seen over a parity run, for one summary line on stdout (surefire keeps it
 * in {@code target/surefire-reports/<test class>-output.txt}). Thread-safe.
 */
final class ParitySummary {
    private final String name;
    private int files;
    private int windows;
    private int failures;
    private Errors worstWave;
    private Errors worstMfcc;

    ParitySummary(String name) {
        this.name = name;
    }

    synchronized void record(Errors errors) {
        files++;
        windows += errors.windows();
        failures += errors.withinTolerance() ? 0 : 1;
        if (worstWave == null || !(errors.waveMaxAbs() <= worstWave.waveMaxAbs())) {
            worstWave = errors;
        }
        if (errors.worstWindow() >= 0
                && (worstMfcc == null || !(errors.mfccWorstRelativeL2() <= worstMfcc.mfccWorstRelativeL2()))) {
            worstMfcc = errors;
        }
    }

    synchronized String line() {
        if (files == 0) {
            return "parity summary (" + name + "): no recording compared";
        }
        String mfcc = worstMfcc == null
                ? "no window"
                : FrontEndParity.format(
                        "%.3e (%s, window %d)",
                        worstMfcc.mfccWorstRelativeL2(), worstMfcc.key(), worstMfcc.worstWindow());
        return FrontEndParity.format(
                "parity summary (%s): %d recordings, %d windows, %d outside tolerance; worst waveform max |diff| %.3e"
                        + " (%s); worst window MFCC relative L2 %s; tolerances %.0e and %.0e",
                name,
                files,
                windows,
                failures,
                worstWave.waveMaxAbs(),
                worstWave.key(),
                mfcc,
                FrontEndParity.WAVE_MAX_ABS,
                FrontEndParity.MFCC_MAX_RELATIVE_L2);
    }
}
