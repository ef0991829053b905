//! Opening a store: the backend from the location, the pool, the migrations.

use super::*;

/// How long a request waits for a database connection before it fails: a
/// stopped database costs each request this long, not sqlx's default 30 s.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// The SQLite file used when no `--db` is given: under the user's data directory.
pub fn default_sqlite_path(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("leakwatch").join("leakwatch.db")
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Opens (creating if needed) and migrates the store at `location`: a
    /// `postgres://` URL, a `sqlite:` URL, or a file path.
    pub async fn open(location: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) =
            if location.starts_with("postgres://") || location.starts_with("postgresql://") {
                (location.to_owned(), Backend::Postgres)
            } else if let Some(rest) = location.strip_prefix("sqlite:") {
                (
                    format!("sqlite:{}", rest.trim_start_matches("//")),
                    Backend::Sqlite,
                )
            } else if location.contains("://") || location.is_empty() {
                return Err(Error::Location(redact(location)));
            } else {
                let path = Path::new(location);
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| Error::Db(sqlx::Error::Io(e)))?;
                }
                (format!("sqlite:{location}"), Backend::Sqlite)
            };
        let pool = match backend {
            Backend::Sqlite => {
                let url = if url.contains('?') {
                    url
                } else {
                    format!("{url}?mode=rwc")
                };
                AnyPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            conn.execute(
                                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
                                 PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; \
                                 PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; \
                                 PRAGMA temp_store=MEMORY;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(&url)
                    .await?
            }
        };
        let store = Store {
            pool,
            backend,
            growth: std::sync::Arc::new(Growth {
                written: 0.into(),
                next_refresh: 500.into(),
            }),
            judge: None,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the migrations not yet applied. PostgreSQL serialises
    /// concurrent migrators with an advisory lock; SQLite has none, so two
    /// processes opening a new file can both see migration 1 as missing, and
    /// the second fails with "table already exists" after the first commits.
    /// Each migration is one transaction, so the loser retries and finds the
    /// winner's work done.
    pub(crate) async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let mut attempt = 0u64;
        loop {
            match migrator.run(&self.pool).await {
                Ok(()) => return Ok(()),
                Err(e) if self.backend == Backend::Sqlite && attempt < 8 => {
                    attempt += 1;
                    tracing::debug!(error = %e, attempt, "migration raced another process; retrying");
                    tokio::time::sleep(std::time::Duration::from_millis(25 * attempt)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
