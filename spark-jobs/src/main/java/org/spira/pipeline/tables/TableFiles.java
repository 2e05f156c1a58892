package org.spira.pipeline.tables;

/**
 * A number of a table's data files and their bytes.
 *
 * @param files how many
 * @param bytes their sizes, summed
 */
public record TableFiles(long files, long bytes) {}
