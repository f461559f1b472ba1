-- The catalogue: one row per offer (the validated model as JSON), crawl runs, and what each run saw.
CREATE TABLE offers (
    id              TEXT PRIMARY KEY,
    source          TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    data            TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stale', 'retired')),
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    missed_runs     INTEGER NOT NULL DEFAULT 0,
    retired_at      TEXT,
    retired_reason  TEXT,
    UNIQUE (source, source_id)
);
CREATE INDEX offers_source_status ON offers (source, status);

CREATE TABLE crawl_runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    source           TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    pages            INTEGER NOT NULL DEFAULT 0,
    items_seen       INTEGER NOT NULL DEFAULT 0,
    items_valid      INTEGER NOT NULL DEFAULT 0,
    items_rejected   INTEGER NOT NULL DEFAULT 0,
    rejected_reasons TEXT NOT NULL DEFAULT '{}',
    outcome          TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'good', 'failed')),
    message          TEXT
);
CREATE INDEX crawl_runs_source ON crawl_runs (source, id);

CREATE TABLE run_seen (
    run_id   INTEGER NOT NULL REFERENCES crawl_runs (id),
    offer_id TEXT NOT NULL,
    PRIMARY KEY (run_id, offer_id)
) WITHOUT ROWID;
