package org.spira.pipeline.tracking;

/**
 * One entry of a run's artifacts.
 *
 * @param path path relative to the run's artifact root, '/'-separated
 * @param directory whether it is a folder
 * @param sizeBytes file size in bytes; 0 for a folder
 */
public record ArtifactFile(String path, boolean directory, long sizeBytes) {}
