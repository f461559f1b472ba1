-- Deduplication (catalogue/dedup): the matcher version the stored clusters and blocking keys
-- were made with. When the code's version differs, the next update re-clusters everything.
CREATE TABLE dedup_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
