-- Deduplication review (issue 23): pairs of listings the matcher is unsure about (scored
-- between the review threshold and the link threshold) wait for a coordinator, who confirms
-- or refuses the link. Decisions are kept for good and every recompute respects them.
-- Pairs are stored with offer_a < offer_b.
CREATE TABLE dedup_review (
    offer_a   TEXT NOT NULL REFERENCES offers (id),
    offer_b   TEXT NOT NULL REFERENCES offers (id),
    score     REAL NOT NULL,
    reason    TEXT NOT NULL,
    found_at  TEXT NOT NULL,
    PRIMARY KEY (offer_a, offer_b)
) WITHOUT ROWID;
CREATE INDEX dedup_review_b ON dedup_review (offer_b);
CREATE INDEX dedup_review_score ON dedup_review (score DESC);

CREATE TABLE dedup_decisions (
    offer_a     TEXT NOT NULL REFERENCES offers (id),
    offer_b     TEXT NOT NULL REFERENCES offers (id),
    decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'refused')),
    score       REAL,
    reason      TEXT,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (offer_a, offer_b)
) WITHOUT ROWID;
CREATE INDEX dedup_decisions_b ON dedup_decisions (offer_b);
