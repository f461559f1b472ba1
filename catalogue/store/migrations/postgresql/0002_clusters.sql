-- PostgreSQL twin of ../0002_clusters.sql.
CREATE TABLE offer_clusters (
    offer_id    TEXT PRIMARY KEY REFERENCES offers (id),
    cluster_id  TEXT NOT NULL,
    linked_by   TEXT,
    updated_at  TEXT NOT NULL
);
CREATE INDEX offer_clusters_cluster ON offer_clusters (cluster_id);

CREATE TABLE dedup_keys (
    key       TEXT NOT NULL,
    offer_id  TEXT NOT NULL REFERENCES offers (id),
    PRIMARY KEY (key, offer_id)
);
CREATE INDEX dedup_keys_offer ON dedup_keys (offer_id);
