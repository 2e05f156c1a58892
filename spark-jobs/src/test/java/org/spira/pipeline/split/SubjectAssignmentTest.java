package org.spira.pipeline.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.config.SplitConfig;
import org.spira.pipeline.split.SubjectAssignment.Split;
import org.spira.pipeline.split.SubjectAssignment.Subject;

class SubjectAssignmentTest {
    private static final SplitConfig CONFIG = new SplitConfig(0.7, 0.15, 0.15, 42);

    private static List<Subject> subjects(int controls, int patients, String prefix) {
        List<Subject> subjects = new ArrayList<>();
        for (int i = 0; i < controls; i++) {
            subjects.add(new Subject(prefix + "c" + i, 0));
        }
        for (int i = 0; i < patients; i++) {
            subjects.add(new Subject(prefix + "p" + i, 1));
        }
        return subjects;
    }

    private static long count(Map<String, Split> assignment, List<Subject> subjects, int label, Split split) {
        return subjects.stream()
                .filter(s -> s.label() == label && assignment.get(s.key()) == split)
                .count();
    }

    @Test
    void eachClassIsSplitByTheFractions() {
        List<Subject> subjects = subjects(100, 20, "");
        Map<String, Split> assignment = new SubjectAssignment(CONFIG).assignNew(subjects, Map.of());
        assertEquals(120, assignment.size());
        assertEquals(70, count(assignment, subjects, 0, Split.TRAIN));
        assertEquals(15, count(assignment, subjects, 0, Split.VALIDATION));
        assertEquals(15, count(assignment, subjects, 0, Split.TEST));
        assertEquals(14, count(assignment, subjects, 1, Split.TRAIN));
        assertEquals(3, count(assignment, subjects, 1, Split.VALIDATION));
        assertEquals(3, count(assignment, subjects, 1, Split.TEST));
    }

    @Test
    void doesNotDependOnTheOrderOfTheSubjects() {
        List<Subject> subjects = subjects(30, 8, "");
        Map<String, Split> first = new SubjectAssignment(CONFIG).assignNew(subjects, Map.of());
        List<Subject> shuffled = new ArrayList<>(subjects);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(first, new SubjectAssignment(CONFIG).assignNew(shuffled, Map.of()));
    }

    @Test
    void existingSubjectsNeverMoveAndNewOnesRestoreTheBalance() {
        List<Subject> before = subjects(20, 4, "a");
        Map<String, Split> existing = new SubjectAssignment(CONFIG).assignNew(before, Map.of());
        List<Subject> after = new ArrayList<>(before);
        after.addAll(subjects(80, 16, "b"));
        Map<String, Split> fresh = new SubjectAssignment(CONFIG).assignNew(after, existing);
        assertEquals(96, fresh.size(), "only new subjects are assigned");
        assertTrue(before.stream().noneMatch(s -> fresh.containsKey(s.key())));
        Map<String, Split> all = new HashMap<>(existing);
        all.putAll(fresh);
        assertEquals(70, count(all, after, 0, Split.TRAIN));
        assertEquals(14, count(all, after, 1, Split.TRAIN));
    }

    @Test
    void theSeedChangesWhichSubjectsGoWhere() {
        List<Subject> subjects = subjects(40, 0, "");
        Map<String, Split> a = new SubjectAssignment(CONFIG).assignNew(subjects, Map.of());
        Map<String, Split> b =
                new SubjectAssignment(new SplitConfig(0.7, 0.15, 0.15, 43)).assignNew(subjects, Map.of());
        assertNotEquals(a, b);
    }

    @Test
    void aZeroFractionIsNeverUsed() {
        List<Subject> subjects = subjects(10, 3, "");
        Map<String, Split> assignment =
                new SubjectAssignment(new SplitConfig(0.8, 0, 0.2, 1)).assignNew(subjects, Map.of());
        assertTrue(assignment.values().stream().noneMatch(s -> s == Split.VALIDATION));
    }
}
