//! The server's state: the analysis host (open documents over the disk, units, configuration,
//! the sibling index), the latest analysis of each unit, and the editor settings. Everything here
//! is plain data; the LSP types stay in the other modules of the edge.

use crate::config::{Config, Overrides};
use crate::host::{Analysis, Host};
use crate::project::Unit;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, RwLock};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Diagnostics for every file of the workspace's units.
    #[default]
    Workspace,
    /// Diagnostics only for open files.
    OpenFilesOnly,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub overrides: Overrides,
    pub mode: Mode,
    pub debounce_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            overrides: Overrides::default(),
            mode: Mode::Workspace,
            debounce_ms: 0,
        }
    }
}

impl Settings {
    /// Reads `initializationOptions` or a `dify-lsp` configuration section. Unknown keys are
    /// reported (as the error string) and the rest applies.
    pub fn from_json(value: &serde_json::Value) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let mut errors = Vec::new();
        let Some(obj) = value.as_object() else {
            return (s, errors);
        };
        // Editors send every key of their settings section, unset ones as "" or []: those mean "unset".
        let list = |v: &serde_json::Value| {
            let items = v.as_array().map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect::<Vec<_>>()
            });
            items.filter(|l| !l.is_empty())
        };
        for (key, v) in obj {
            match key.as_str() {
                "select" => s.overrides.select = list(v),
                "ignore" => s.overrides.ignore = list(v),
                "targetDifyVersion" => {
                    s.overrides.target_dify_version = v.as_str().filter(|t| !t.trim().is_empty()).map(String::from)
                }
                "diagnosticMode" => match v.as_str() {
                    Some("workspace") => s.mode = Mode::Workspace,
                    Some("openFilesOnly") => s.mode = Mode::OpenFilesOnly,
                    _ => errors.push(format!(
                        "diagnosticMode must be \"workspace\" or \"openFilesOnly\", not {v}"
                    )),
                },
                "debounceMs" => match v.as_u64() {
                    Some(ms) if ms <= 1000 => s.debounce_ms = ms,
                    _ => errors.push(format!(
                        "debounceMs must be a number of milliseconds up to 1000, not {v}"
                    )),
                },
                // VS Code sends its own bookkeeping keys with the section.
                "server" | "trace" => {}
                other => errors.push(format!("unknown setting `{other}`")),
            }
        }
        if let Err(e) = Config::default().with_overrides(&s.overrides) {
            errors.push(e);
            s.overrides = Overrides::default();
        }
        (s, errors)
    }
}

/// The latest analysis of one unit.
pub type UnitResult = Analysis;

/// The server's state over the analysis host: the editor settings that are not analysis inputs
/// (mode, debounce), and the latest analysis of each unit.
#[derive(Default)]
pub struct Session {
    pub host: Host,
    pub settings: RwLock<Settings>,
    results: Mutex<HashMap<PathBuf, UnitResult>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Session {
    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Keeps a unit's analysis if its generation is still the unit's (a late result never
    /// replaces a newer one, nor revives a unit forgotten). Returns whether it was kept.
    pub fn store(&self, result: &UnitResult) -> bool {
        let mut results = lock(&self.results);
        let current = self.host.generation(&result.unit) == result.generation;
        if current {
            results.insert(result.unit.root.clone(), result.clone());
        }
        current
    }

    /// The latest stored analysis of a unit, current or not.
    pub fn latest(&self, unit: &Unit) -> Option<UnitResult> {
        lock(&self.results).get(&unit.root).filter(|r| r.unit == *unit).cloned()
    }

    /// Forgets everything kept about a unit that left the workspace (the host forgot its inputs
    /// and its generation is back to 0, so an analysis of it still in flight is never published).
    pub fn forget(&self, unit: &Unit) {
        lock(&self.results).remove(&unit.root);
    }

    /// Units analysed because a file outside the workspace was asked about, plus the host's.
    pub fn known_units(&self) -> Vec<Unit> {
        let mut units = self.host.snapshot().known_units();
        for r in lock(&self.results).values() {
            if !units.contains(&r.unit) {
                units.push(r.unit.clone());
            }
        }
        units
    }
}

/// Shorthands over the host for the handlers.
impl Session {
    pub fn generation(&self, unit: &Unit) -> u64 {
        self.host.generation(unit)
    }

    pub fn is_live(&self, unit: &Unit) -> bool {
        self.host.snapshot().is_live(unit)
    }

    pub fn unit_of(&self, path: &std::path::Path) -> Option<Unit> {
        self.host.unit_of(path)
    }

    pub fn in_workspace(&self, path: &std::path::Path) -> bool {
        self.host.in_workspace(path)
    }

    pub fn is_open(&self, path: &std::path::Path) -> bool {
        self.host.is_open(path)
    }

    pub fn doc_version(&self, path: &std::path::Path) -> Option<i32> {
        self.host.doc_version(path)
    }
}
