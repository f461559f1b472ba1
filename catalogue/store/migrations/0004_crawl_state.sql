-- Crawl bookkeeping (issue 17): runs may end degraded (a field dropped sharply) or abandoned
-- (a killed process left them running) and carry their details (incremental or full, pages
-- answered 304, field coverage); each page remembers its HTTP validators and the offers it
-- yielded (conditional requests, "yielded an offer last time"); a lease per source stops two
-- processes from crawling the same source at once.
CREATE TABLE crawl_runs_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    source           TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    pages            INTEGER NOT NULL DEFAULT 0,
    items_seen       INTEGER NOT NULL DEFAULT 0,
    items_valid      INTEGER NOT NULL DEFAULT 0,
    items_rejected   INTEGER NOT NULL DEFAULT 0,
    rejected_reasons TEXT NOT NULL DEFAULT '{}',
    outcome          TEXT NOT NULL DEFAULT 'running'
                     CHECK (outcome IN ('running', 'good', 'degraded', 'failed', 'abandoned')),
    message          TEXT,
    details          TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO crawl_runs_new (id, source, started_at, finished_at, pages, items_seen, items_valid,
    items_rejected, rejected_reasons, outcome, message)
    SELECT id, source, started_at, finished_at, pages, items_seen, items_valid, items_rejected,
    rejected_reasons, outcome, message FROM crawl_runs;
CREATE TEMP TABLE run_seen_copy AS SELECT run_id, offer_id FROM run_seen;
DROP TABLE run_seen;
DROP TABLE crawl_runs;
ALTER TABLE crawl_runs_new RENAME TO crawl_runs;
CREATE INDEX crawl_runs_source ON crawl_runs (source, id);
CREATE TABLE run_seen (
    run_id   INTEGER NOT NULL REFERENCES crawl_runs (id),
    offer_id TEXT NOT NULL,
    PRIMARY KEY (run_id, offer_id)
) WITHOUT ROWID;
INSERT INTO run_seen SELECT run_id, offer_id FROM run_seen_copy;
DROP TABLE run_seen_copy;

CREATE TABLE crawl_pages (
    source         TEXT NOT NULL,
    url            TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    fetched_at     TEXT,
    offer_ids      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, url)
) WITHOUT ROWID;

CREATE TABLE crawl_locks (
    source      TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) WITHOUT ROWID;
