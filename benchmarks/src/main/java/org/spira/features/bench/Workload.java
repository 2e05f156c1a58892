package org.spira.features.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The sequence of recordings every implementation featurizes: the corpus in metadata order,
 * cycled until the total duration reaches the target (so a 1 h target takes every file once,
 * then the first files again). Repeated entries share their bytes.
 *
 * @param items recordings in processing order
 * @param audioSeconds total duration of {@code items}, seconds
 */
record Workload(List<CorpusFile> items, double audioSeconds) {
    Workload {
        items = List.copyOf(items);
    }

    /** The corpus cycled until at least {@code targetSeconds} of audio. */
    static Workload cycle(List<CorpusFile> corpus, double targetSeconds) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("the benchmark corpus is empty: check metadata.csv");
        }
        List<CorpusFile> items = new ArrayList<>();
        double seconds = 0;
        for (int i = 0; seconds < targetSeconds; i++) {
            CorpusFile file = corpus.get(i % corpus.size());
            items.add(file);
            seconds += file.seconds();
        }
        return new Workload(items, seconds);
    }

    /** The first {@code count} items (all of them if there are fewer): the warm-up subset. */
    Workload prefix(int count) {
        List<CorpusFile> head = items.subList(0, Math.min(count, items.size()));
        return new Workload(head, head.stream().mapToDouble(CorpusFile::seconds).sum());
    }

    /** Number of distinct files (by path) in the workload. */
    long distinctFiles() {
        return items.stream().map(CorpusFile::path).distinct().count();
    }

    int size() {
        return items.size();
    }
}
