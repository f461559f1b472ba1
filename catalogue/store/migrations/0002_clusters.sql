-- Deduplication (catalogue/dedup): which cluster each offer is in, and the blocking keys that
-- find its candidate duplicates (so an incremental update does not read the whole catalogue).
CREATE TABLE offer_clusters (
    offer_id    TEXT PRIMARY KEY REFERENCES offers (id),
    cluster_id  TEXT NOT NULL,
    linked_by   TEXT,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX offer_clusters_cluster ON offer_clusters (cluster_id);

CREATE TABLE dedup_keys (
    key       TEXT NOT NULL,
    offer_id  TEXT NOT NULL REFERENCES offers (id),
    PRIMARY KEY (key, offer_id)
) WITHOUT ROWID;
CREATE INDEX dedup_keys_offer ON dedup_keys (offer_id);
