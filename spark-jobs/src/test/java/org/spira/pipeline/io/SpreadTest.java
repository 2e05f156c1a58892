package org.spira.pipeline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void threeTasksPerCoreForSmallRuns() {
        assertEquals(6, Spread.tasks(250, 2));
        assertEquals(24, Spread.tasks(1000, 8));
    }

    @Test
    void atMost64RecordingsPerTaskForLargeRuns() {
        assertEquals(35, Spread.tasks(2236, 2), "20 hours of the scale corpus");
        assertEquals(1563, Spread.tasks(100_000, 4));
    }

    @Test
    void neverMoreTasksThanRecordingsNorFewerThanOne() {
        assertEquals(4, Spread.tasks(4, 8));
        assertEquals(1, Spread.tasks(0, 2));
    }
}
