//! Personal settings in `config.toml`: theme, key overrides and user name. Settings that must
//! agree across every user of one database live in the database instead.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Shown in the audit trail and used by the "mine" filter.
    pub user: Option<String>,
    /// `dark` (default), `light` or `mono`.
    pub theme: Option<String>,
    /// Action name to one key or a list of keys, e.g. `quit = ["q", "ctrl-c"]`.
    #[serde(default)]
    pub keys: BTreeMap<String, KeyList>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(k) => vec![k.as_str()],
            KeyList::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl Config {
    /// Read the file if it exists; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError {
            path: path.display().to_string(),
            message,
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(error(e.to_string())),
        };
        toml::from_str(&text).map_err(|e| error(e.message().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_as_one_or_many() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "user = \"Priya Shah\"\ntheme = \"mono\"\n[keys]\nquit = \"x\"\nsearch = [\"/\", \"ctrl-f\"]\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.user.as_deref(), Some("Priya Shah"));
        assert_eq!(config.keys["quit"].keys(), ["x"]);
        assert_eq!(config.keys["search"].keys(), ["/", "ctrl-f"]);
    }

    #[test]
    fn missing_file_is_empty_and_bad_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load(&dir.path().join("none.toml")).unwrap(),
            Config::default()
        );
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "colour = 3\n").unwrap();
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains("colour"), "{err}");
    }
}
