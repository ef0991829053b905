-- leakwatch store, version 1 (SQLite). Dates are ISO text: 'YYYY-MM-DD' or 'YYYY-MM'.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    location     TEXT    NOT NULL,            -- a URL or a file path
    title        TEXT,
    source_type  TEXT,
    published    TEXT,
    fetched      TEXT    NOT NULL,
    content_hash TEXT    NOT NULL UNIQUE,     -- blake3 of the decoded text
    body         TEXT    NOT NULL,
    report_number INTEGER
);

CREATE TABLE organizations (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    norm_key        TEXT NOT NULL UNIQUE,
    securities_code TEXT,
    market          TEXT
);

CREATE TABLE org_aliases (
    org_id   INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    alias    TEXT    NOT NULL,
    norm_key TEXT    NOT NULL,
    PRIMARY KEY (org_id, norm_key)
);
CREATE INDEX org_aliases_key ON org_aliases(norm_key);

CREATE TABLE org_relations (
    child_id    INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    parent_id   INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,  -- NULL: loaded from a CSV
    PRIMARY KEY (child_id, parent_id)
);
CREATE INDEX org_relations_parent ON org_relations(parent_id);

CREATE TABLE incidents (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES organizations(id),
    cause              TEXT,
    occurred           TEXT,
    detected           TEXT,
    identified         TEXT,
    disclosed          TEXT,
    regulator_reported TEXT,
    loss_jpy           INTEGER,
    secondary_damage   INTEGER NOT NULL DEFAULT 0,
    detail             TEXT    NOT NULL,      -- JSON: the merged extracted incident
    created            TEXT    NOT NULL,
    updated            TEXT    NOT NULL
);
CREATE INDEX incidents_org ON incidents(org_id, id);
CREATE INDEX incidents_disclosed ON incidents(disclosed);
CREATE INDEX incidents_cause ON incidents(cause);

CREATE TABLE incident_documents (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    role        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    PRIMARY KEY (incident_id, document_id)
);
CREATE INDEX incident_documents_doc ON incident_documents(document_id);

CREATE TABLE facts (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    field       TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    quote       TEXT    NOT NULL
);
CREATE INDEX facts_incident ON facts(incident_id);
CREATE INDEX facts_document ON facts(document_id);

-- Organisations an incident names besides its own (provider, contractor, parent…), by key:
-- a provider's notice finds its customers' incidents through them.
CREATE TABLE incident_parties (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    norm_key    TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, norm_key)
);
CREATE INDEX incident_parties_key ON incident_parties(norm_key, incident_id);
