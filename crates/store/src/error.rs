//! The one error type of the store.

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database said no.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration could not be applied.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored JSON column could not be read or written.
    #[error("stored incident detail is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The `--db` value is neither a path nor a `postgres://` URL (any password in it is redacted).
    #[error("cannot open store {0:?}: give a file path, sqlite:PATH or postgres://…")]
    Location(String),
    /// A text to store holds a NUL character, which neither backend keeps.
    #[error("{field} holds a NUL character at byte {at}")]
    Nul {
        /// Which text.
        field: &'static str,
        /// Where.
        at: usize,
    },
    /// A CSV row of organisations is unusable.
    #[error("organisation row {row}: {message}")]
    OrgRow {
        /// 1-based row number.
        row: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl Error {
    /// Whether the database could not be reached (stopped, unreachable, pool
    /// exhausted) rather than refusing the request: the caller may retry later.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            Error::Db(sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_))
        )
    }
}

/// `location` with any password replaced by `***`: the user-info password of a
/// URL (`postgres://user:secret@host/db`) and a `password=` query parameter.
/// Safe to print in errors and logs.
pub fn redact(location: &str) -> String {
    let mut out = location.to_owned();
    if let Some(scheme_end) = out.find("://") {
        let auth_start = scheme_end + 3;
        let auth_end = out[auth_start..]
            .find(['/', '?', '#'])
            .map_or(out.len(), |i| auth_start + i);
        if let Some(at) = out[auth_start..auth_end].rfind('@') {
            let userinfo = &out[auth_start..auth_start + at];
            if let Some(colon) = userinfo.find(':') {
                out.replace_range(auth_start + colon + 1..auth_start + at, "***");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (head, query) = out.split_at(q + 1);
        let query = query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&");
        out = format!("{head}{query}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://lw:s3cr%40t@db.example:5432/leak"),
            "postgres://lw:***@db.example:5432/leak"
        );
        assert_eq!(
            redact("postgresql://lw@db/leak?sslmode=require&password=x&application_name=a"),
            "postgresql://lw@db/leak?sslmode=require&password=***&application_name=a"
        );
        assert_eq!(redact("postgres://a:b:c@h/d"), "postgres://a:***@h/d");
        assert_eq!(redact("/var/lib/leakwatch.db"), "/var/lib/leakwatch.db");
        assert_eq!(redact("sqlite:x.db?mode=rwc"), "sqlite:x.db?mode=rwc");
    }
}
