-- PostgreSQL twin of ../0006_quarantine.sql.
CREATE TABLE quarantine (
    offer_id  TEXT PRIMARY KEY,
    source    TEXT NOT NULL,
    reason    TEXT NOT NULL,
    found_at  TEXT NOT NULL
);
