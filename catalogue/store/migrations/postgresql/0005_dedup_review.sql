-- PostgreSQL twin of ../0005_dedup_review.sql.
CREATE TABLE dedup_review (
    offer_a   TEXT NOT NULL REFERENCES offers (id),
    offer_b   TEXT NOT NULL REFERENCES offers (id),
    score     DOUBLE PRECISION NOT NULL,
    reason    TEXT NOT NULL,
    found_at  TEXT NOT NULL,
    PRIMARY KEY (offer_a, offer_b)
);
CREATE INDEX dedup_review_b ON dedup_review (offer_b);
CREATE INDEX dedup_review_score ON dedup_review (score DESC);

CREATE TABLE dedup_decisions (
    offer_a     TEXT NOT NULL REFERENCES offers (id),
    offer_b     TEXT NOT NULL REFERENCES offers (id),
    decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'refused')),
    score       DOUBLE PRECISION,
    reason      TEXT,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (offer_a, offer_b)
);
CREATE INDEX dedup_decisions_b ON dedup_decisions (offer_b);
