//! Configuration: `dify-lsp.toml`, or `[tool.dify-lsp]` in `pyproject.toml`, found by walking up
//! from a unit's root. Keys are checked: an unknown key, rule code or value is an error, never
//! silently ignored.
//!
//! ```toml
//! select = ["ALL"]              # codes or prefixes ("DIFY6"); default: all rules
//! ignore = ["DIFY602"]
//! target-dify-version = "1.13.3"
//! [severity]
//! DIFY601 = "error"            # error | warning | info | hint
//! ```

use crate::project::vocab::Version;
use crate::rules::{self, Rule, Severity};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct Config {
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Severity>,
    pub(crate) target_dify_version: Option<Version>,
    /// The file it came from.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub(crate) path: PathBuf,
    /// 1-based line and column, when known.
    pub(crate) position: Option<(usize, usize)>,
    pub(crate) message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((l, c)) => write!(f, "{}:{l}:{c}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    target_dify_version: Option<String>,
}

/// Settings that come from elsewhere (LSP initialization options, command-line flags).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub target_dify_version: Option<String>,
}

impl Config {
    /// The configuration that applies to `dir`: the nearest `dify-lsp.toml`, or `pyproject.toml`
    /// with a `[tool.dify-lsp]` table, at or above it.
    pub fn discover(dir: &Path) -> Result<Config, ConfigError> {
        match Self::find(dir, &mut HashMap::new()) {
            Some(path) => Self::load_any(&path),
            None => Ok(Config::default()),
        }
    }

    /// The nearest configuration file at or above `dir`; `seen` memoises folders across calls.
    pub(crate) fn find(dir: &Path, seen: &mut HashMap<PathBuf, Option<PathBuf>>) -> Option<PathBuf> {
        if let Some(hit) = seen.get(dir) {
            return hit.clone();
        }
        let own = dir.join("dify-lsp.toml");
        let py = dir.join("pyproject.toml");
        let found = if own.is_file() {
            Some(own)
        } else if py.is_file() && has_section(&py) {
            Some(py)
        } else {
            dir.parent().and_then(|p| Self::find(p, seen))
        };
        seen.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// Loads `dify-lsp.toml`, or the `[tool.dify-lsp]` table of a `pyproject.toml`.
    pub(crate) fn load_any(path: &Path) -> Result<Config, ConfigError> {
        if path.file_name().is_some_and(|n| n == "dify-lsp.toml") {
            return Self::load(path);
        }
        let text = read(path)?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| toml_error(path, &text, e))?;
        let Some(section) = table.get("tool").and_then(|t| t.get("dify-lsp")) else {
            return Ok(Config::default());
        };
        let raw: RawConfig = section.clone().try_into().map_err(|e: toml::de::Error| ConfigError {
            path: path.to_path_buf(),
            position: find_position(&text, e.message()),
            message: format!("[tool.dify-lsp]: {}", e.message()),
        })?;
        Self::from_raw(raw, path, &text)
    }

    pub(crate) fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = read(path)?;
        Self::parse(&text, path)
    }

    pub(crate) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(path, text, e))?;
        Self::from_raw(raw, path, text)
    }

    fn from_raw(raw: RawConfig, path: &Path, text: &str) -> Result<Config, ConfigError> {
        let err = |message: String| {
            let position = find_position(text, &message);
            ConfigError {
                path: path.to_path_buf(),
                position,
                message,
            }
        };
        let mut cfg = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        for sel in raw.select.iter().flatten().chain(&raw.ignore) {
            check_selector(sel).map_err(err)?;
        }
        cfg.select = raw.select;
        cfg.ignore = raw.ignore;
        for (code, value) in raw.severity {
            let rule = rules::by_code(&code).ok_or_else(|| {
                err(format!(
                    "unknown rule code `{code}` in [severity]{}",
                    rules::did_you_mean(&code, &codes())
                ))
            })?;
            let sev = Severity::parse(&value).ok_or_else(|| {
                err(format!(
                    "`{code}` = \"{value}\": the severity must be \"error\", \"warning\", \"info\" or \"hint\""
                ))
            })?;
            cfg.severity.insert(rule.code.to_string(), sev);
        }
        if let Some(v) = raw.target_dify_version {
            cfg.target_dify_version = Some(Version::parse(&v).ok_or_else(|| {
                err(format!(
                    "target-dify-version = \"{v}\" is not a version such as \"1.13.3\""
                ))
            })?);
        }
        Ok(cfg)
    }

    /// Applies settings from the editor or the command line on top of the file's.
    pub(crate) fn with_overrides(mut self, o: &Overrides) -> Result<Config, String> {
        for sel in o.select.iter().flatten().chain(o.ignore.iter().flatten()) {
            check_selector(sel)?;
        }
        if let Some(s) = &o.select {
            self.select = Some(s.clone());
        }
        if let Some(i) = &o.ignore {
            self.ignore.extend(i.iter().cloned());
        }
        if let Some(v) = &o.target_dify_version {
            self.target_dify_version = Some(
                Version::parse(v)
                    .ok_or_else(|| format!("targetDifyVersion \"{v}\" is not a version such as \"1.13.3\""))?,
            );
        }
        Ok(self)
    }

    pub(crate) fn enabled(&self, rule: &Rule) -> bool {
        let selected = match &self.select {
            Some(sel) => sel.iter().any(|s| matches(s, rule)),
            None => true,
        };
        selected && !self.ignore.iter().any(|s| matches(s, rule))
    }

    pub(crate) fn severity(&self, rule: &Rule) -> Severity {
        self.severity.get(rule.code).copied().unwrap_or(rule.severity())
    }
}

impl rules::Settings for Config {
    fn enabled(&self, rule: &Rule) -> bool {
        Config::enabled(self, rule)
    }

    fn severity(&self, rule: &Rule) -> Severity {
        Config::severity(self, rule)
    }

    fn target_dify_version(&self) -> Option<&Version> {
        self.target_dify_version.as_ref()
    }
}

fn matches(selector: &str, rule: &Rule) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || rule
            .code
            .to_ascii_uppercase()
            .starts_with(&selector.to_ascii_uppercase())
        || selector == rule.name
}

fn codes() -> Vec<&'static str> {
    rules::all().iter().map(|r| r.code).collect()
}

/// A selector must name at least one rule.
pub(crate) fn check_selector(sel: &str) -> Result<(), String> {
    if rules::all().iter().any(|r| matches(sel, r)) {
        Ok(())
    } else {
        Err(format!(
            "unknown rule code `{sel}`{}",
            rules::did_you_mean(sel, &codes())
        ))
    }
}

/// Whether a `pyproject.toml` has a `[tool.dify-lsp]` table (or may have one but does not parse,
/// so that the error is shown rather than skipped).
fn has_section(py: &Path) -> bool {
    let Ok(text) = read(py) else {
        return false;
    };
    match toml::from_str::<toml::Table>(&text) {
        Ok(t) => t.get("tool").and_then(|t| t.get("dify-lsp")).is_some(),
        Err(_) => text.contains("dify-lsp"),
    }
}

/// A configuration file's text: a regular file of at most 1 MiB (a cloned repository is untrusted
/// input: a FIFO or a huge file named `pyproject.toml` must not hang or bloat anything).
fn read(path: &Path) -> Result<String, ConfigError> {
    let error = |message: String| ConfigError {
        path: path.to_path_buf(),
        position: None,
        message,
    };
    let bytes = crate::project::files::read_regular(path, 1 << 20).map_err(|p| error(p.describe()))?;
    String::from_utf8(bytes).map_err(|e| error(format!("not UTF-8 text: {e}")))
}

fn toml_error(path: &Path, text: &str, e: toml::de::Error) -> ConfigError {
    let position = e.span().map(|s| {
        let before = &text[..s.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    });
    ConfigError {
        path: path.to_path_buf(),
        position,
        message: e.message().to_string(),
    }
}

/// The line of the first backquoted word of a message, to point at the offending entry.
fn find_position(text: &str, message: &str) -> Option<(usize, usize)> {
    let word = message.split('`').nth(1)?;
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(word).map(|c| (i + 1, c + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_codes_and_values_are_errors() {
        let p = Path::new("dify-lsp.toml");
        assert!(
            Config::parse("selec = []", p)
                .unwrap_err()
                .message
                .contains("unknown field")
        );
        let e = Config::parse("ignore = [\"DIFY999\"]", p).unwrap_err();
        assert!(e.message.contains("DIFY999") && e.position == Some((1, 12)), "{e}");
        assert!(Config::parse("[severity]\nDIFY201 = \"loud\"", p).is_err());
        assert!(Config::parse("target-dify-version = \"latest\"", p).is_err());
        let c = Config::parse(
            "select = [\"DIFY2\"]\nignore = [\"DIFY202\"]\n[severity]\nDIFY201 = \"hint\"",
            p,
        )
        .unwrap();
        let r201 = rules::by_code("DIFY201").unwrap();
        assert!(
            c.enabled(r201)
                && !c.enabled(rules::by_code("DIFY202").unwrap())
                && !c.enabled(rules::by_code("DIFY301").unwrap())
        );
        assert_eq!(c.severity(r201), Severity::Hint);
    }
}
