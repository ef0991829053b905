-- leakwatch store, version 3: watched sources, the items seen, leases and alerts.
-- Times are epoch milliseconds (BIGINT) so that they compare the same on both backends.
CREATE TABLE watch_sources (
    name          TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    url           TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    last_success  BIGINT,
    last_error    TEXT,
    last_error_at BIGINT,
    items_seen    BIGINT NOT NULL DEFAULT 0,
    items_stored  BIGINT NOT NULL DEFAULT 0
);

-- Every item of a source ever seen, relevant or not; document_id is set for the stored ones.
CREATE TABLE watch_items (
    source      TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    relevant    BIGINT NOT NULL,
    document_id BIGINT REFERENCES documents(id) ON DELETE SET NULL,
    seen_at     BIGINT NOT NULL,
    PRIMARY KEY (source, item_id)
);
CREATE INDEX watch_items_document ON watch_items(document_id);

-- Who is working on a source, until when.
CREATE TABLE watch_leases (
    source  TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    expires BIGINT NOT NULL
);

-- What each alert rule last said about each incident (fingerprint of what it matched on).
CREATE TABLE alert_state (
    rule        TEXT NOT NULL,
    incident_id BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    fired_at    BIGINT NOT NULL,
    PRIMARY KEY (rule, incident_id)
);

-- Every alert fired, for the Atom feed per rule and for delivery to webhooks.
CREATE TABLE alert_events (
    id          INTEGER PRIMARY KEY,
    rule        TEXT NOT NULL,
    incident_id BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    delivered   BIGINT NOT NULL DEFAULT 0,
    attempts    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX alert_events_rule ON alert_events(rule, id);
