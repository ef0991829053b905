-- leakwatch store, version 5: a log of flag changes.
-- An incident's flags can change without a document of its own: a later
-- incident of its group makes it a repetition, or the parent's window closes
-- as days pass. Each change appends a row, so a search index catching up
-- (which follows documents) also re-reads the incidents whose flags changed.
CREATE TABLE flag_changes (
    seq         INTEGER PRIMARY KEY,
    incident_id BIGINT NOT NULL
);
