package org.spira.pipeline.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.config.ConfigException;

class SubjectListTest {
    @Test
    void idsAreTrimmedDeduplicatedAndSortedWithTheHeaderAndBlankLinesSkipped() {
        assertEquals(
                List.of("coswara_a", "coswara_b"),
                SubjectList.parse("subject_id\n  coswara_b \n\ncoswara_a\r\ncoswara_b\n", "list.txt"));
    }

    @Test
    void subjectIdIsAnIdAnywhereButTheFirstLine() {
        assertEquals(List.of("s1", "subject_id"), SubjectList.parse("s1\nsubject_id\n", "list.txt"));
    }

    @Test
    void aListWithoutIdsIsAConfigurationErrorNamingTheFileNotItsText() {
        ConfigException e = assertThrows(ConfigException.class, () -> SubjectList.parse("subject_id\n \n", "list.txt"));
        assertEquals(
                "the --subjects file list.txt lists no subject id: give one id per line, as in the manifests'"
                        + " subject_id column",
                e.getMessage());
    }
}
