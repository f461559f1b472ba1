-- PostgreSQL twin of ../0004_crawl_state.sql (PostgreSQL alters the table in place).
ALTER TABLE crawl_runs DROP CONSTRAINT crawl_runs_outcome_check;
ALTER TABLE crawl_runs ADD CONSTRAINT crawl_runs_outcome_check
    CHECK (outcome IN ('running', 'good', 'degraded', 'failed', 'abandoned'));
ALTER TABLE crawl_runs ADD COLUMN details TEXT NOT NULL DEFAULT '{}';

CREATE TABLE crawl_pages (
    source         TEXT NOT NULL,
    url            TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    fetched_at     TEXT,
    offer_ids      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, url)
);

CREATE TABLE crawl_locks (
    source      TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- SQLite's json_extract(doc, '$.a.b') as text (JSON), for the SQL both engines share
CREATE FUNCTION json_extract(doc TEXT, path TEXT) RETURNS TEXT
    LANGUAGE SQL IMMUTABLE STRICT
    AS $$ SELECT (doc::json #> string_to_array(substr(path, 3), '.'))::text $$;
