package org.spira.features.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final List<CorpusFile> CORPUS = List.of(file("a.wav", 10), file("b.wav", 20), file("c.wav", 30));

    @Test
    void cyclesTheCorpusInOrderUntilTheTargetIsReached() {
        Workload workload = Workload.cycle(CORPUS, 100);

        assertEquals(
                List.of("a.wav", "b.wav", "c.wav", "a.wav", "b.wav", "c.wav"),
                workload.items().stream().map(CorpusFile::path).toList());
        assertEquals(120, workload.audioSeconds(), 1e-9);
        assertEquals(3, workload.distinctFiles());
    }

    @Test
    void aTargetBelowTheCorpusTakesAPrefix() {
        Workload workload = Workload.cycle(CORPUS, 25);

        assertEquals(2, workload.size());
        assertEquals(30, workload.audioSeconds(), 1e-9);
    }

    @Test
    void prefixKeepsTheFirstItemsAndTheirDuration() {
        Workload prefix = Workload.cycle(CORPUS, 100).prefix(4);

        assertEquals(4, prefix.size());
        assertEquals(70, prefix.audioSeconds(), 1e-9);
        assertEquals(6, Workload.cycle(CORPUS, 100).prefix(50).size());
    }

    @Test
    void anEmptyCorpusIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Workload.cycle(List.of(), 10));
    }

    private static CorpusFile file(String path, double seconds) {
        return new CorpusFile(path, new byte[0], seconds);
    }
}
