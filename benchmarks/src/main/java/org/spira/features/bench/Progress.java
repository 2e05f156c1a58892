package org.spira.features.bench;

/** Progress lines go to stderr, so stdout carries only the report. */
final class Progress {
    private Progress() {}

    static void log(String line) {
        System.err.println(line);
        System.err.flush();
    }
}
