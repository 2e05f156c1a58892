package org.spira.pipeline.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * The column tables of {@code docs/tables.md} are generated from the contracts: between the
 * markers {@code <!-- contract:NAME -->} and {@code <!-- /contract:NAME -->} of each table, the key
 * and one line per column (name, type, what it holds: the schema's comment). The test fails when
 * the committed page differs; {@code -Dspira.docs.write=true} rewrites the blocks.
 */
class TablesDocTest {
    private static final Path PAGE = Path.of("..", "docs", "tables.md");

    @Test
    void theColumnTablesOfTheTablesPageAreTheContracts() throws IOException {
        String committed = Files.readString(PAGE);
        String generated = committed;
        for (TableContract contract : WarehouseTables.ALL) {
            generated = withBlock(generated, contract);
        }
        if (Boolean.getBoolean("spira.docs.write")) {
            Files.writeString(PAGE, generated);
        }
        assertEquals(
                generated,
                committed,
                "docs/tables.md is stale: run mvn -pl spark-jobs -am test -Dtest=TablesDocTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dspira.docs.write=true");
    }

    private static String withBlock(String page, TableContract contract) {
        String open = "<!-- contract:" + contract.name() + " -->";
        String close = "<!-- /contract:" + contract.name() + " -->";
        Matcher block = Pattern.compile(Pattern.quote(open) + ".*?" + Pattern.quote(close), Pattern.DOTALL)
                .matcher(page);
        org.junit.jupiter.api.Assertions.assertTrue(
                block.find(), "docs/tables.md has no block " + open + " ... " + close + " for " + contract.name());
        return page.substring(0, block.start()) + open + "\n" + render(contract) + close + page.substring(block.end());
    }

    /** The key and the columns of a contract, as Markdown. */
    static String render(TableContract contract) {
        StringBuilder out = new StringBuilder("Key: ")
                .append(String.join(
                        ", ", contract.key().stream().map(c -> "`" + c + "`").toList()))
                .append(".\n\n| column | type | |\n|---|---|---|\n");
        for (StructField field : contract.schema().fields()) {
            out.append("| `")
                    .append(field.name())
                    .append("` | `")
                    .append(field.dataType().simpleString())
                    .append(field.nullable() ? "`, nullable | " : "` | ")
                    .append(field.getComment().get())
                    .append(" |\n");
        }
        return out.toString();
    }
}
