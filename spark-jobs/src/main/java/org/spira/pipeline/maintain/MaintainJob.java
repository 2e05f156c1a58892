package org.spira.pipeline.maintain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.config.MaintainConfig;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.TableFiles;
import org.spira.pipeline.tables.WarehouseTables;

/**
 * {@code maintain}: every table of the warehouse that exists is compacted (its latest version's
 * small files rewritten into fewer, larger ones, the rows unchanged), then vacuumed with {@code
 * spira.maintain.retention-hours} (the files no version of that period needs are deleted). Each
 * daily increment adds a few small files to every table it writes; compaction keeps the number of
 * files an analyst's query opens from growing with the number of runs. A rerun compacts nothing
 * and writes no version.
 */
public final class MaintainJob {
    /** The tables this job writes: the stage holds their writer leases while it runs. */
    public static final List<String> TABLES_WRITTEN = WarehouseTables.NAMES;

    private static final Logger LOG = LoggerFactory.getLogger(MaintainJob.class);

    private final SparkSession spark;
    private final MaintainConfig config;

    public MaintainJob(SparkSession spark, MaintainConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public MaintainResult run(String warehouse) {
        DeltaStore store = new DeltaStore(spark, warehouse);
        Map<String, MaintainResult.Table> tables = new LinkedHashMap<>();
        for (String table : TABLES_WRITTEN) {
            if (!store.exists(table)) {
                continue;
            }
            long start = System.nanoTime();
            long versionBefore = store.version(table);
            TableFiles live = store.files(table);
            store.compact(table);
            TableFiles compacted = store.files(table);
            TableFiles stored = store.stored(table);
            store.vacuum(table, config.retentionHours());
            TableFiles kept = store.stored(table);
            MaintainResult.Table done = new MaintainResult.Table(
                    versionBefore,
                    store.version(table),
                    live.files(),
                    compacted.files(),
                    stored.files() - kept.files(),
                    stored.bytes() - kept.bytes(),
                    kept.files(),
                    kept.bytes());
            LOG.info(
                    "{}: {} -> {} files in version {} -> {}; vacuum deleted {} files ({} bytes), {} kept ({} s)",
                    table,
                    done.filesBefore(),
                    done.filesAfter(),
                    done.versionBefore(),
                    done.version(),
                    done.filesDeleted(),
                    done.bytesDeleted(),
                    done.filesStored(),
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
            tables.put(table, done);
        }
        return new MaintainResult(config.retentionHours(), tables);
    }
}
