package org.spira.features.bench;

/**
 * One recording of the benchmark corpus, read into memory before any timing.
 *
 * @param path path relative to the data folder, '/'-separated, as listed in metadata.csv
 * @param wav the file's bytes (a WAV container); shared, never mutated
 * @param seconds duration of the audio, seconds (frames / frame rate from the WAV header)
 */
record CorpusFile(String path, byte[] wav, double seconds) {}
