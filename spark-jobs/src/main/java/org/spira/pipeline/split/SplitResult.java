package org.spira.pipeline.split;

import java.util.Map;

/**
 * One split run: subjects newly assigned, all subjects, and per split and class the number of
 * subjects and recordings (keys like {@code train.control}), with the table versions.
 */
public record SplitResult(
        String runId,
        long newSubjects,
        long subjects,
        Map<String, Long> subjectsBySplitAndClass,
        Map<String, Long> recordingsBySplitAndClass,
        long recordingsVersion,
        long splitsVersion) {}
