-- leakwatch store, version 2: flags and affected parties.
-- The organisations an incident names now keep their written name, the counts
-- their own notice gives (JSON) and that notice: a provider's customers are
-- secondary victims with figures of their own.
ALTER TABLE incident_parties ADD COLUMN name TEXT;
ALTER TABLE incident_parties ADD COLUMN counts TEXT;
ALTER TABLE incident_parties ADD COLUMN document_id BIGINT;

-- What the analysis stage judged of each incident, refreshed when a document changes it.
CREATE TABLE incident_flags (
    incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    code        TEXT   NOT NULL,
    detail      TEXT   NOT NULL,             -- JSON: the flag with its reasons and facts
    PRIMARY KEY (incident_id, code)
);
CREATE INDEX incident_flags_code ON incident_flags(code, incident_id);

-- Why a document was linked, in Japanese beside the English.
ALTER TABLE incident_documents ADD COLUMN reason_ja TEXT;
