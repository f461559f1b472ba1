-- PostgreSQL twin of ../0003_dedup_state.sql.
CREATE TABLE dedup_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
