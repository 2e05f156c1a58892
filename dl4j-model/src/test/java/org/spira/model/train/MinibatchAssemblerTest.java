package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchAssemblerTest {
    private static final WindowShape SHAPE = new WindowShape(3, 2);
    private static final List<PlannedRecording> PLAN =
            List.of(new PlannedRecording("b", 1, 2, 2), new PlannedRecording("a", 0, 0, 1));

    @Test
    void stacksWindowsInPlanOrderAsNchwWithLabels() {
        List<TrainingWindow> windows = new ArrayList<>(windows());
        Collections.reverse(windows);
        DataSet batch = new MinibatchAssembler(SHAPE).assemble(PLAN, windows);

        assertArrayEquals(new long[] {3, 1, 3, 2}, batch.getFeatures().shape());
        // Row r, frame t, coefficient c holds value(recording, window) + 10 t + c.
        for (int t = 0; t < 3; t++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(200 + 10 * t + c, batch.getFeatures().getDouble(0, 0, t, c));
                assertEquals(300 + 10 * t + c, batch.getFeatures().getDouble(1, 0, t, c));
                assertEquals(100 + 10 * t + c, batch.getFeatures().getDouble(2, 0, t, c));
            }
        }
        assertArrayEquals(new float[] {1, 1, 0}, batch.getLabels().toFloatVector());
        assertEquals(null, batch.getLabelsMaskArray());
    }

    @Test
    void aMissingExtraOrMisshapenWindowIsAnError() {
        MinibatchAssembler assembler = new MinibatchAssembler(SHAPE);
        List<TrainingWindow> all = windows();
        assertThrows(TrainingException.class, () -> assembler.assemble(PLAN, all.subList(0, 2)));
        List<TrainingWindow> extra = new ArrayList<>(all);
        extra.add(window("c", 0, 0, 0, 9));
        assertThrows(TrainingException.class, () -> assembler.assemble(PLAN, extra));
        List<TrainingWindow> wrongVariant = new ArrayList<>(all.subList(1, 3));
        wrongVariant.add(window("b", 1, 1, 0, 2));
        TrainingException e = assertThrows(TrainingException.class, () -> assembler.assemble(PLAN, wrongVariant));
        assertTrue(e.getMessage().contains("window 0 of variant 2 of recording b is missing"), e.getMessage());
        List<TrainingWindow> shortWindow = new ArrayList<>(all.subList(0, 2));
        shortWindow.add(new TrainingWindow("a", 0, 0, 0, new float[5]));
        assertThrows(TrainingException.class, () -> assembler.assemble(PLAN, shortWindow));
    }

    @Test
    void theInMemorySourceIndexesVariantsAndRejectsGaps() {
        List<TrainingWindow> windows = new ArrayList<>(windows());
        windows.add(window("b", 1, 0, 0, 5));
        windows.add(window("b", 1, 0, 1, 6));
        InMemoryWindowSource source = new InMemoryWindowSource(windows);
        assertEquals(
                List.of(RecordingEntry.clean("a", 0, 1), new RecordingEntry("b", 1, 2, List.of(2))), source.index());
        assertEquals(2, source.fetch(List.of(PLAN.get(0))).size());

        List<TrainingWindow> gap = List.of(window("a", 0, 0, 0, 1), window("a", 0, 0, 2, 1));
        assertThrows(TrainingException.class, () -> new InMemoryWindowSource(gap));
        List<TrainingWindow> noClean = List.of(window("a", 0, 1, 0, 1));
        assertThrows(TrainingException.class, () -> new InMemoryWindowSource(noClean));
    }

    /** Recording b (label 1) variant 2 windows 0 and 1, recording a (label 0) variant 0 window 0. */
    private static List<TrainingWindow> windows() {
        return List.of(window("b", 1, 2, 0, 2), window("b", 1, 2, 1, 3), window("a", 0, 0, 0, 1));
    }

    private static TrainingWindow window(String id, int label, int variant, int index, int value) {
        float[] mfcc = new float[SHAPE.size()];
        for (int t = 0; t < SHAPE.frames(); t++) {
            for (int c = 0; c < SHAPE.coefficients(); c++) {
                mfcc[t * SHAPE.coefficients() + c] = 100 * value + 10 * t + c;
            }
        }
        return new TrainingWindow(id, label, variant, index, mfcc);
    }
}
