package org.spira.pipeline.forget;

import java.util.List;
import java.util.TreeSet;
import org.spira.pipeline.config.ConfigException;

/**
 * The subject ids of an erasure request, in the clear: the text of {@code forget --subjects FILE},
 * one id per line as in the manifests' {@code subject_id} column (surrounding blanks ignored, as
 * ingest ignores them), blank lines skipped, an optional first line {@code subject_id}. The ids are
 * personal health data: no message names one.
 */
public final class SubjectList {
    /** The header line a list may start with, the manifests' column name. */
    public static final String HEADER = "subject_id";

    private SubjectList() {}

    /**
     * The distinct ids of {@code text}, sorted.
     *
     * @param source where the text came from, for the message when it holds no id
     * @throws ConfigException when it holds none
     */
    public static List<String> parse(String text, String source) {
        TreeSet<String> ids = new TreeSet<>();
        List<String> lines = text.lines().map(String::strip).toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isEmpty() && !(i == 0 && line.equals(HEADER))) {
                ids.add(line);
            }
        }
        if (ids.isEmpty()) {
            throw new ConfigException("the --subjects file " + source + " lists no subject id: give one id per line, as"
                    + " in the manifests' subject_id column");
        }
        return List.copyOf(ids);
    }
}
