-- Stored rows that no longer validate (written by an older version, or by hand): each is
-- skipped by every read and reported here (`leeraanbod status`) until a crawl writes it anew.
CREATE TABLE quarantine (
    offer_id  TEXT PRIMARY KEY,
    source    TEXT NOT NULL,
    reason    TEXT NOT NULL,
    found_at  TEXT NOT NULL
) WITHOUT ROWID;
