//! Layered, typed, strict configuration: `config/default.toml` → `config/<APP_ENV>.toml` →
//! environment variables. Every problem is reported at start with the key's name.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use insights_domain::access::Permission;
use serde::Deserialize;

/// The development secret shipped in `config/development.toml`; production refuses it.
pub const DEV_SECRET: &str = "insights-development-secret-do-not-use-in-production";

const EMBEDDED: [(&str, &str); 4] = [
    ("default", include_str!("../../../config/default.toml")),
    ("development", include_str!("../../../config/development.toml")),
    ("test", include_str!("../../../config/test.toml")),
    ("production", include_str!("../../../config/production.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Test,
    Production,
}

impl AppEnv {
    fn parse(s: &str) -> Result<AppEnv, ConfigError> {
        match s {
            "development" => Ok(AppEnv::Development),
            "test" => Ok(AppEnv::Test),
            "production" => Ok(AppEnv::Production),
            other => {
                Err(ConfigError::new("APP_ENV", format!("must be development, test or production, not {other:?}")))
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            AppEnv::Development => "development",
            AppEnv::Test => "test",
            AppEnv::Production => "production",
        }
    }
}

/// A secret that never shows in logs or debug output.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub database_url: Secret,
    /// A streaming replica (hot standby) for the dashboards', the lists' and the admin reads (README,
    /// "Reads on a replica"); unset: everything on the primary.
    pub database_read_url: Option<Secret>,
    /// The max size of each of the two pools (main; planning, see `insights_persistence::pool`).
    pub database_pool_size: u32,
    pub database_timeout_ms: u64,
    /// `statement_timeout` of every pooled connection of `serve`.
    pub database_statement_timeout_ms: u64,
    /// `lock_timeout` of every pooled connection of `serve`.
    pub database_lock_timeout_ms: u64,
    pub bind: String,
    pub jwt_secret: Option<Secret>,
    pub jwt_public_key_file: Option<PathBuf>,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Option<String>,
    pub cors_allowed_origins: Vec<String>,
    pub feedback_enabled: bool,
    pub nps_enabled: bool,
    /// As written (`view` or `comment`); parsed once into `public_share_default_permission`.
    #[serde(rename = "public_share_default_permission")]
    public_share_default_permission_text: String,
    #[serde(skip, default = "default_permission")]
    pub public_share_default_permission: Permission,
    pub app_name: String,
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive (408 past it).
    pub request_body_timeout_ms: u64,
    #[serde(skip, default = "default_env")]
    pub app_env: AppEnv,
}

fn default_permission() -> Permission {
    Permission::Comment
}

fn default_env() -> AppEnv {
    AppEnv::Development
}

/// A configuration problem, naming the key (or environment variable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: {key}: {message}")]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

impl ConfigError {
    fn new(key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError { key: key.into(), message: message.into() }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Int,
    Bool,
    List,
}

/// (key, environment variable, type).
const ENV_KEYS: [(&str, &str, Kind); 18] = [
    ("database_url", "DATABASE_URL", Kind::Str),
    ("database_read_url", "DATABASE_READ_URL", Kind::Str),
    ("database_pool_size", "DATABASE_POOL_SIZE", Kind::Int),
    ("database_timeout_ms", "DATABASE_TIMEOUT_MS", Kind::Int),
    ("database_statement_timeout_ms", "DATABASE_STATEMENT_TIMEOUT_MS", Kind::Int),
    ("database_lock_timeout_ms", "DATABASE_LOCK_TIMEOUT_MS", Kind::Int),
    ("request_body_timeout_ms", "REQUEST_BODY_TIMEOUT_MS", Kind::Int),
    ("bind", "BIND_ADDR", Kind::Str),
    ("jwt_secret", "JWT_SECRET", Kind::Str),
    ("jwt_public_key_file", "JWT_PUBLIC_KEY_FILE", Kind::Str),
    ("jwt_issuer", "JWT_ISSUER", Kind::Str),
    ("jwt_audience", "JWT_AUDIENCE", Kind::Str),
    ("cors_allowed_origins", "CORS_ALLOWED_ORIGINS", Kind::List),
    ("feedback_enabled", "FEEDBACK_ENABLED", Kind::Bool),
    ("nps_enabled", "NPS_ENABLED", Kind::Bool),
    ("public_share_default_permission", "PUBLIC_SHARE_DEFAULT_PERMISSION", Kind::Str),
    ("app_name", "APP_NAME", Kind::Str),
    ("max_body_bytes", "MAX_BODY_BYTES", Kind::Int),
];

/// `true/false/1/0/yes/no` in any case.
pub fn parse_bool(var: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(ConfigError::new(var, format!("must be true/false/1/0/yes/no, not {value:?}"))),
    }
}

impl Settings {
    /// Loads from the process environment and `CONFIG_DIR` (default `config`; the files are also
    /// embedded, so the binary runs from anywhere).
    ///
    /// # Errors
    /// The first problem found, naming its key.
    pub fn load() -> Result<Settings, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let dir = env.get("CONFIG_DIR").map_or_else(|| PathBuf::from("config"), PathBuf::from);
        Settings::from_sources(&dir, &env)
    }

    /// Loads from a config folder and an explicit environment (testable without touching the
    /// process environment).
    ///
    /// # Errors
    /// The first problem found, naming its key.
    pub fn from_sources(dir: &Path, env: &HashMap<String, String>) -> Result<Settings, ConfigError> {
        let app_env = AppEnv::parse(env.get("APP_ENV").map_or("development", String::as_str))?;
        let mut table = read_layer(dir, "default")?;
        for (k, v) in read_layer(dir, app_env.name())? {
            table.insert(k, v);
        }
        for (key, var, kind) in ENV_KEYS {
            let Some(raw) = env.get(var) else { continue };
            let value = match kind {
                Kind::Str => toml::Value::String(raw.clone()),
                Kind::Int => toml::Value::Integer(
                    raw.trim()
                        .parse::<u32>()
                        .map_err(|_| ConfigError::new(var, format!("must be a non-negative integer, not {raw:?}")))?
                        .into(),
                ),
                Kind::Bool => toml::Value::Boolean(parse_bool(var, raw)?),
                Kind::List => toml::Value::Array(
                    raw.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| toml::Value::String(s.into()))
                        .collect(),
                ),
            };
            table.insert(key.to_owned(), value);
        }
        // The path of a bad value names its key; an unknown or missing key is named in the message.
        let mut settings: Settings = serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(
            |e: serde_path_to_error::Error<toml::de::Error>| {
                let msg = e.inner().message().to_owned();
                let path = e.path().to_string();
                let key = if path != "." {
                    path
                } else {
                    msg.split('`').nth(1).map_or_else(|| "config".to_owned(), str::to_owned)
                };
                ConfigError::new(&key, msg)
            },
        )?;
        settings.app_env = app_env;
        settings.public_share_default_permission = Permission::parse(&settings.public_share_default_permission_text)
            .ok_or_else(|| ConfigError::new("public_share_default_permission", "must be view or comment"))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.database_url.expose().trim().is_empty() {
            return Err(ConfigError::new("database_url", "must not be empty"));
        }
        if self.database_read_url.as_ref().is_some_and(|u| u.expose().trim().is_empty()) {
            return Err(ConfigError::new("database_read_url", "must not be empty when set"));
        }
        if self.database_pool_size == 0 {
            return Err(ConfigError::new("database_pool_size", "must be at least 1"));
        }
        for (key, value) in [
            ("database_timeout_ms", self.database_timeout_ms),
            ("database_statement_timeout_ms", self.database_statement_timeout_ms),
            ("database_lock_timeout_ms", self.database_lock_timeout_ms),
            ("request_body_timeout_ms", self.request_body_timeout_ms),
        ] {
            if value == 0 {
                return Err(ConfigError::new(key, "must be at least 1"));
            }
        }
        if self.bind.parse::<SocketAddr>().is_err() {
            return Err(ConfigError::new("bind", format!("must be host:port, not {:?}", self.bind)));
        }
        match (&self.jwt_secret, &self.jwt_public_key_file) {
            (None, None) => {
                return Err(ConfigError::new("jwt_secret", "set jwt_secret (HS256) or jwt_public_key_file (RS256)"));
            }
            (Some(_), Some(_)) => {
                return Err(ConfigError::new("jwt_secret", "set only one of jwt_secret and jwt_public_key_file"));
            }
            (Some(s), None) if s.expose().is_empty() => {
                return Err(ConfigError::new("jwt_secret", "must not be empty"));
            }
            (Some(s), None) if self.app_env == AppEnv::Production && s.expose() == DEV_SECRET => {
                return Err(ConfigError::new("jwt_secret", "the development secret is refused in production"));
            }
            _ => {}
        }
        if self.max_body_bytes == 0 {
            return Err(ConfigError::new("max_body_bytes", "must be at least 1"));
        }
        if self.app_name.trim().is_empty() {
            return Err(ConfigError::new("app_name", "must not be empty"));
        }
        Ok(())
    }

    pub fn checkout_timeout(&self) -> Duration {
        Duration::from_millis(self.database_timeout_ms)
    }

    pub fn statement_timeout(&self) -> Duration {
        Duration::from_millis(self.database_statement_timeout_ms)
    }

    pub fn lock_timeout(&self) -> Duration {
        Duration::from_millis(self.database_lock_timeout_ms)
    }

    /// The verification key.
    ///
    /// # Errors
    /// `jwt_public_key_file` when the file cannot be read.
    pub fn jwt_key(&self) -> Result<insights_api::JwtKey, ConfigError> {
        if let Some(path) = &self.jwt_public_key_file {
            let pem = std::fs::read(path)
                .map_err(|e| ConfigError::new("jwt_public_key_file", format!("{}: {e}", path.display())))?;
            return Ok(insights_api::JwtKey::Rs256Pem(pem));
        }
        let secret = self.jwt_secret.as_ref().map(|s| s.expose().as_bytes().to_vec()).unwrap_or_default();
        Ok(insights_api::JwtKey::Hs256(secret))
    }

    pub fn api_settings(&self) -> insights_api::ApiSettings {
        insights_api::ApiSettings {
            feedback_enabled: self.feedback_enabled,
            nps_enabled: self.nps_enabled,
            public_share_default_permission: self.public_share_default_permission,
            app_name: self.app_name.clone(),
            max_body_bytes: self.max_body_bytes,
            request_body_timeout: Duration::from_millis(self.request_body_timeout_ms),
            cors_allowed_origins: self.cors_allowed_origins.clone(),
        }
    }

    pub fn is_production(&self) -> bool {
        self.app_env == AppEnv::Production
    }
}

fn read_layer(dir: &Path, name: &str) -> Result<toml::Table, ConfigError> {
    let file = dir.join(format!("{name}.toml"));
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(_) => EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| (*t).to_owned()).unwrap_or_default(),
    };
    text.parse::<toml::Table>().map_err(|e| ConfigError::new(&format!("{}", file.display()), e.message().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn dir() -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../config"))
    }

    fn load(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::from_sources(&dir(), &env(pairs))
    }

    #[test]
    fn defaults_match_the_operations_table() {
        let s = load(&[]).unwrap();
        assert_eq!(s.database_pool_size, 10);
        assert_eq!(s.database_timeout_ms, 2000);
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert!(s.feedback_enabled);
        assert!(!s.nps_enabled);
        assert_eq!(s.public_share_default_permission, Permission::Comment);
        assert_eq!(s.app_name, "ResolutionFlow");
        assert_eq!(s.max_body_bytes, 65536);
        assert_eq!(s.database_statement_timeout_ms, 5000);
        assert_eq!(s.database_lock_timeout_ms, 2000);
        assert_eq!(s.request_body_timeout_ms, 10000);
        assert_eq!(s.jwt_secret.as_ref().map(Secret::expose), Some(DEV_SECRET));
        assert_eq!(s.app_env, AppEnv::Development);
    }

    #[test]
    fn environment_wins_over_files() {
        let s = load(&[
            ("APP_ENV", "test"),
            ("DATABASE_POOL_SIZE", "3"),
            ("BIND_ADDR", "0.0.0.0:9000"),
            ("NPS_ENABLED", "Yes"),
            ("FEEDBACK_ENABLED", "0"),
            ("CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example"),
            ("APP_NAME", "Acme"),
        ])
        .unwrap();
        assert_eq!(s.database_pool_size, 3);
        assert_eq!(s.database_timeout_ms, 1000, "test.toml layer");
        assert_eq!(s.bind, "0.0.0.0:9000");
        assert!(s.nps_enabled);
        assert!(!s.feedback_enabled);
        assert_eq!(s.cors_allowed_origins, vec!["https://a.example", "https://b.example"]);
        assert_eq!(s.app_name, "Acme");
    }

    #[test]
    fn booleans_accept_the_six_words_in_any_case_and_nothing_else() {
        for (v, want) in [("TRUE", true), ("1", true), ("yes", true), ("False", false), ("0", false), ("NO", false)] {
            assert_eq!(parse_bool("NPS_ENABLED", v), Ok(want));
        }
        let err = load(&[("NPS_ENABLED", "maybe")]).unwrap_err();
        assert_eq!(err.key, "NPS_ENABLED");
    }

    #[test]
    fn every_failure_names_its_key() {
        let cases: [(&[(&str, &str)], &str); 14] = [
            (&[("DATABASE_POOL_SIZE", "ten")], "DATABASE_POOL_SIZE"),
            (&[("DATABASE_POOL_SIZE", "0")], "database_pool_size"),
            (&[("DATABASE_TIMEOUT_MS", "0")], "database_timeout_ms"),
            (&[("DATABASE_STATEMENT_TIMEOUT_MS", "0")], "database_statement_timeout_ms"),
            (&[("DATABASE_STATEMENT_TIMEOUT_MS", "5s")], "DATABASE_STATEMENT_TIMEOUT_MS"),
            (&[("DATABASE_LOCK_TIMEOUT_MS", "0")], "database_lock_timeout_ms"),
            (&[("DATABASE_LOCK_TIMEOUT_MS", "-1")], "DATABASE_LOCK_TIMEOUT_MS"),
            (&[("REQUEST_BODY_TIMEOUT_MS", "0")], "request_body_timeout_ms"),
            (&[("REQUEST_BODY_TIMEOUT_MS", "soon")], "REQUEST_BODY_TIMEOUT_MS"),
            (&[("BIND_ADDR", "localhost")], "bind"),
            (&[("PUBLIC_SHARE_DEFAULT_PERMISSION", "edit")], "public_share_default_permission"),
            (&[("APP_ENV", "staging")], "APP_ENV"),
            (&[("APP_ENV", "production")], "jwt_secret"),
            (&[("APP_ENV", "production"), ("JWT_SECRET", DEV_SECRET)], "jwt_secret"),
        ];
        for (pairs, key) in cases {
            let err = load(pairs).unwrap_err();
            assert_eq!(err.key, key, "{pairs:?}: {err}");
        }
    }

    #[test]
    fn unknown_keys_in_a_file_are_refused_by_name() {
        let tmp = std::env::temp_dir().join(format!("insights-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(tmp.join("default.toml"), std::fs::read_to_string(dir().join("default.toml")).unwrap()).unwrap();
        std::fs::write(tmp.join("development.toml"), "jwt_secret = \"s\"\ndatabse_url = \"typo\"\n").unwrap();
        let err = Settings::from_sources(&tmp, &env(&[])).unwrap_err();
        std::fs::remove_dir_all(&tmp).unwrap();
        assert_eq!(err.key, "databse_url", "{err}");
    }

    #[test]
    fn a_bad_value_in_a_file_is_refused_by_its_key() {
        let tmp = std::env::temp_dir().join(format!("insights-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(tmp.join("default.toml"), std::fs::read_to_string(dir().join("default.toml")).unwrap()).unwrap();
        for (line, key) in [
            ("database_lock_timeout_ms = -1", "database_lock_timeout_ms"),
            ("database_statement_timeout_ms = \"5s\"", "database_statement_timeout_ms"),
            ("request_body_timeout_ms = 0", "request_body_timeout_ms"),
        ] {
            std::fs::write(tmp.join("development.toml"), format!("jwt_secret = \"s\"\n{line}\n")).unwrap();
            let err = Settings::from_sources(&tmp, &env(&[])).unwrap_err();
            assert_eq!(err.key, key, "{line}: {err}");
        }
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let s = load(&[("JWT_SECRET", "hunter2"), ("DATABASE_URL", "postgres://u:pw@h/db")]).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("pw@h"), "{shown}");
    }

    #[test]
    fn production_accepts_a_real_secret() {
        let s = load(&[("APP_ENV", "production"), ("JWT_SECRET", "a-real-secret")]).unwrap();
        assert!(s.is_production());
    }
}
