//! Layered configuration: built-in defaults < `leakwatch.toml` < `LEAKWATCH_*`
//! environment < flags, validated into the typed settings each crate takes.
//!
//! This is the one place that reads configuration files and the environment
//! (libraries never do) and the one place every path default is decided: the
//! store, its search index, the dictionary and its sources.
//!
//! The file is the user's `leakwatch/leakwatch.toml` under their config
//! directory, or `--config FILE` (`LEAKWATCH_CONFIG`). In the environment, the
//! short names `LEAKWATCH_DB`, `LEAKWATCH_INDEX`, `LEAKWATCH_DICT`,
//! `LEAKWATCH_IPADIC_SRC` and `LEAKWATCH_TOKEN` are kept; any key can be set as
//! `LEAKWATCH_<SECTION>__<KEY>` (`LEAKWATCH_SERVE__ADDR=0.0.0.0:8080`).
//! `leakwatch config` prints the effective values and where each came from.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use serde::{Deserialize, Serialize};

/// The whole configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where incidents are kept.
    pub store: StoreSection,
    /// The morphological analyzer.
    pub analyzer: AnalyzerSection,
    /// Taking documents in.
    pub ingest: IngestSection,
    /// The web app and API.
    pub serve: ServeSection,
    /// The thresholds of the flags (late disclosure, silent parent, repeat offender, APPI deadlines).
    pub flags: leakwatch_analyze::Settings,
    /// How watched sources are fetched.
    pub watch: crate::watch_config::WatchSection,
    /// The watched sources (`[[source]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<crate::watch_config::SourceSection>,
    /// The alert rules (`[[alert]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alert: Vec<crate::watch_config::AlertSection>,
}

/// `[store]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreSection {
    /// A SQLite file path, `sqlite:PATH`, or a `postgres://` URL.
    pub url: String,
    /// The search index folder; empty: beside the SQLite file (`<db>.index`),
    /// or under the data directory for a server.
    pub index: Option<PathBuf>,
}

/// `[analyzer]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzerSection {
    /// Use the morphological analyzer (extraction and search work without it, less well).
    pub enabled: bool,
    /// The compiled IPADIC dictionary folder (built from `sources` on first use).
    pub dictionary: PathBuf,
    /// The IPADIC sources (Debian's `mecab-ipadic`).
    pub sources: PathBuf,
}

/// `[ingest]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestSection {
    /// Documents larger than this are refused (`64MiB`, `500KB`, or bytes).
    pub max_bytes: bytesize::ByteSize,
}

/// `[serve]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServeSection {
    /// Where to listen. Anything but loopback exposes the store to the network.
    pub addr: SocketAddr,
    /// The bearer token writes need (prefer `token_file` or `LEAKWATCH_TOKEN`).
    pub token: Option<String>,
    /// A file whose first line is the bearer token.
    pub token_file: Option<PathBuf>,
    /// Time a client has to send a request's headers.
    #[serde(with = "humantime_serde")]
    pub header_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Time requests in flight get to finish on shutdown.
    #[serde(with = "humantime_serde")]
    pub drain_timeout: Duration,
}

fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("leakwatch")
}

impl Default for StoreSection {
    fn default() -> Self {
        StoreSection {
            url: data_dir().join("leakwatch.db").display().to_string(),
            index: None,
        }
    }
}

impl Default for AnalyzerSection {
    fn default() -> Self {
        AnalyzerSection {
            enabled: true,
            dictionary: data_dir().join("ipadic-2.7.0"),
            sources: PathBuf::from(leakwatch_morph::DEBIAN_IPADIC),
        }
    }
}

impl Default for IngestSection {
    fn default() -> Self {
        IngestSection {
            max_bytes: bytesize::ByteSize::mib(64),
        }
    }
}

impl Default for ServeSection {
    fn default() -> Self {
        let d = leakwatch_server::ServeOptions::default();
        ServeSection {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            token_file: None,
            header_timeout: d.header_read_timeout,
            max_connections: d.max_connections,
            drain_timeout: d.drain_timeout,
        }
    }
}

/// Values given on the command line, each `None` unless given. Merged last.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--config FILE`.
    pub config_file: Option<PathBuf>,
    /// Dotted key → value, for every flag given.
    pub values: Vec<(&'static str, Value)>,
}

impl Overrides {
    /// Sets `key` (`serve.addr`) to `value` when it is `Some`.
    pub fn set(&mut self, key: &'static str, value: Option<impl Into<Value>>) {
        if let Some(v) = value {
            self.values.push((key, v.into()));
        }
    }
}

/// Flags as a figment provider, named so that `leakwatch config` can say "flag".
struct Flags(Vec<(&'static str, Value)>);

impl Provider for Flags {
    fn metadata(&self) -> Metadata {
        Metadata::named("command-line flag")
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let mut root = Dict::new();
        for (key, value) in &self.0 {
            insert_dotted(&mut root, key, value.clone());
        }
        Ok(Profile::Default.collect(root))
    }
}

fn insert_dotted(dict: &mut Dict, key: &str, value: Value) {
    match key.split_once('.') {
        None => {
            dict.insert(key.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = dict
                .entry(head.to_owned())
                .or_insert_with(|| Value::from(Dict::new()));
            if let Value::Dict(_, inner) = entry {
                insert_dotted(inner, rest, value);
            }
        }
    }
}

/// The environment names kept from before the config file, and the keys they set.
const ENV_ALIASES: [(&str, &str); 5] = [
    ("db", "store.url"),
    ("index", "store.index"),
    ("dict", "analyzer.dictionary"),
    ("ipadic_src", "analyzer.sources"),
    ("token", "serve.token"),
];

/// `LEAKWATCH_*` variables that are not configuration keys.
const ENV_NOT_CONFIG: [&str; 3] = ["log", "config", "test_database_url"];

fn environment() -> Env {
    Env::prefixed("LEAKWATCH_").filter_map(|key| {
        let key = key.as_str().to_ascii_lowercase();
        if ENV_NOT_CONFIG.contains(&key.as_str()) {
            return None;
        }
        if let Some((_, to)) = ENV_ALIASES.iter().find(|(from, _)| *from == key) {
            return Some((*to).into());
        }
        key.contains("__").then(|| key.replace("__", ".").into())
    })
}

/// The config file used when none is named: `<config dir>/leakwatch/leakwatch.toml`.
pub fn default_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("leakwatch").join("leakwatch.toml"))
}

/// The configuration in effect, and the layers it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The typed configuration.
    pub config: Config,
    /// The layers, for `leakwatch config` to say where each value came from.
    figment: Figment,
    /// The file read, if any.
    pub file: Option<PathBuf>,
}

/// Loads the configuration: defaults, then the file, then the environment, then flags.
pub fn load(overrides: &Overrides) -> anyhow::Result<Loaded> {
    let named = overrides
        .config_file
        .clone()
        .or_else(|| std::env::var_os("LEAKWATCH_CONFIG").map(PathBuf::from));
    let file = match named {
        Some(f) => {
            anyhow::ensure!(
                f.is_file(),
                "the config file {} does not exist",
                f.display()
            );
            Some(f)
        }
        None => default_file().filter(|f| f.is_file()),
    };
    let mut figment = Figment::from(Serialized::defaults(Config::default()));
    if let Some(f) = &file {
        figment = figment.merge(Toml::file_exact(f));
    }
    let figment = figment
        .merge(environment())
        .merge(Flags(overrides.values.clone()));
    let config: Config = figment.extract().map_err(|e| {
        let mut msg = String::new();
        for (i, err) in e.into_iter().enumerate() {
            if i > 0 {
                msg.push_str("; ");
            }
            msg.push_str(&err.to_string());
        }
        anyhow::anyhow!("the configuration is not valid: {msg}")
    })?;
    config.validate()?;
    Ok(Loaded {
        config,
        figment,
        file,
    })
}

impl Config {
    /// Checks what types alone cannot.
    fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(!self.store.url.trim().is_empty(), "store.url is empty");
        anyhow::ensure!(
            self.serve.max_connections > 0,
            "serve.max_connections must be at least 1"
        );
        anyhow::ensure!(
            !self.serve.header_timeout.is_zero(),
            "serve.header_timeout must be more than 0 s"
        );
        anyhow::ensure!(
            self.ingest.max_bytes.as_u64() > 0,
            "ingest.max_bytes must be more than 0"
        );
        self.watch.validate()?;
        crate::watch_config::sources(&self.source)?;
        crate::watch_config::alerts(&self.alert)?;
        Ok(())
    }

    /// The search index folder: as configured, else beside the SQLite file
    /// (`<db>.index`), else under the data directory for a server.
    pub fn index_dir(&self) -> PathBuf {
        match &self.store.index {
            Some(p) => p.clone(),
            None => leakwatch_search::default_dir(&self.store.url, &data_dir()),
        }
    }

    /// The server's socket limits.
    pub fn serve_options(&self) -> leakwatch_server::ServeOptions {
        leakwatch_server::ServeOptions {
            header_read_timeout: self.serve.header_timeout,
            max_connections: self.serve.max_connections,
            drain_timeout: self.serve.drain_timeout,
        }
    }

    /// How documents are taken in.
    pub fn intake_settings(&self) -> leakwatch_ingest::Settings {
        leakwatch_ingest::Settings {
            max_bytes: self.ingest.max_bytes.as_u64(),
            ..leakwatch_ingest::Settings::default()
        }
    }

    /// The bearer token: `serve.token_file`'s first line, else `serve.token`.
    pub fn token(&self) -> anyhow::Result<Option<String>> {
        match &self.serve.token_file {
            Some(path) => read_token_file(path).map(Some),
            None => Ok(self.serve.token.clone().filter(|t| !t.is_empty())),
        }
    }
}

/// The token in a file: its first line, trimmed.
pub fn read_token_file(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the token file {}", path.display()))?;
    let token = text.lines().next().unwrap_or("").trim().to_owned();
    anyhow::ensure!(
        !token.is_empty(),
        "the token file {} is empty",
        path.display()
    );
    Ok(token)
}

/// One effective value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effective {
    /// The dotted key (`serve.addr`).
    pub key: String,
    /// The value as TOML would write it; secrets redacted.
    pub value: String,
    /// `default`, the file's path, `environment LEAKWATCH_…`, or `command-line flag`.
    pub origin: String,
}

impl Loaded {
    /// Every key with its value and origin, in order; passwords and tokens redacted.
    pub fn effective(&self) -> Vec<Effective> {
        let value = serde_json::to_value(&self.config).unwrap_or_default();
        let mut out = Vec::new();
        flatten("", &value, &mut out);
        out.into_iter()
            .map(|(key, v)| {
                let shown = match key.as_str() {
                    "store.url" => leakwatch_store::redact(&v),
                    "serve.token" if v != "(none)" => "***".to_owned(),
                    k if k.ends_with(".secret") && v != "(none)" => "***".to_owned(),
                    _ => v,
                };
                let origin = self.origin(&key);
                Effective {
                    key,
                    value: shown,
                    origin,
                }
            })
            .collect()
    }

    fn origin(&self, key: &str) -> String {
        let Some(meta) = self.figment.find_metadata(key) else {
            return "default".to_owned();
        };
        if meta.name == std::any::type_name::<Config>() {
            return "default".to_owned();
        }
        match &meta.source {
            Some(figment::Source::File(path)) => path.display().to_string(),
            _ if meta.name.contains("environment") => {
                let var = ENV_ALIASES
                    .iter()
                    .find(|(_, to)| *to == key)
                    .map(|(from, _)| from.to_ascii_uppercase())
                    .filter(|from| std::env::var_os(format!("LEAKWATCH_{from}")).is_some())
                    .unwrap_or_else(|| key.replace('.', "__").to_ascii_uppercase());
                format!("environment LEAKWATCH_{var}")
            }
            _ => meta.name.to_string(),
        }
    }
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), v, out);
            }
        }
        serde_json::Value::Null => out.push((prefix.to_owned(), "(none)".to_owned())),
        serde_json::Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_apply_in_order_and_say_where_they_came_from() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("leakwatch.toml");
        std::fs::write(
            &file,
            "[store]\nurl = \"postgres://lw:hunter2@db/leak\"\n[serve]\naddr = \"127.0.0.1:9000\"\nmax_connections = 64\nheader_timeout = \"3s\"\n",
        )
        .expect("write");
        let mut o = Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        };
        o.set("serve.max_connections", Some(32u64));
        let loaded = load(&o).expect("load");
        assert_eq!(loaded.config.serve.addr.port(), 9000);
        assert_eq!(loaded.config.serve.max_connections, 32);
        assert_eq!(loaded.config.serve.header_timeout, Duration::from_secs(3));
        let eff = loaded.effective();
        let get = |k: &str| eff.iter().find(|e| e.key == k).expect(k).clone();
        assert_eq!(get("store.url").value, "postgres://lw:***@db/leak");
        assert_eq!(get("store.url").origin, file.display().to_string());
        assert_eq!(get("serve.max_connections").origin, "command-line flag");
        assert_eq!(get("ingest.max_bytes").origin, "default");
        assert!(eff.iter().all(|e| !e.value.contains("hunter2")));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_clear_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, "[serve]\nadress = \"x\"\n").expect("write");
        let e = load(&Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        })
        .expect_err("unknown key");
        assert!(e.to_string().contains("adress"), "{e}");
        std::fs::write(&file, "[serve]\nmax_connections = 0\n").expect("write");
        let e = load(&Overrides {
            config_file: Some(file),
            ..Overrides::default()
        })
        .expect_err("zero");
        assert!(e.to_string().contains("max_connections"), "{e}");
    }

    #[test]
    fn the_example_config_is_valid() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../leakwatch.example.toml");
        let loaded = load(&Overrides {
            config_file: Some(example),
            ..Overrides::default()
        })
        .expect("the shipped example loads");
        assert_eq!(loaded.config.serve.addr.port(), 8080);
    }
}
