package org.spira.pipeline.tables;

import java.util.List;

/** Every table of a warehouse, by its contract, in the order of {@code docs/tables.md}. */
public final class WarehouseTables {
    public static final List<TableContract> ALL = List.of(
            RecordingsTable.CONTRACT,
            RejectedTable.CONTRACT,
            IngestRunsTable.CONTRACT,
            FeaturesTable.CONTRACT,
            SplitsTable.CONTRACT,
            PredictionsTable.CONTRACT,
            FeatureStatsTable.CONTRACT,
            TrainingMembershipTable.CONTRACT,
            ErasuresTable.CONTRACT);

    /** Their names. */
    public static final List<String> NAMES =
            ALL.stream().map(TableContract::name).toList();

    private WarehouseTables() {}
}
