-- leakwatch store, version 4: incidents folded into another.
-- A customer's notice about its provider's attack that arrived before the
-- provider's own notice opened an incident of its own; when the provider's
-- notice arrives, that incident is folded into the provider's as an affected
-- party. The row remembers where it went (old links keep working) and which
-- document caused it (a search index catching up drops the folded incident).
CREATE TABLE folded_incidents (
    incident_id BIGINT PRIMARY KEY,
    into_id     BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL
);
CREATE INDEX folded_incidents_document ON folded_incidents(document_id);
