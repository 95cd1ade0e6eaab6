//! The configuration of a unit, resolved in one place for everybody (the CLI, diagnostics,
//! completion, hover): the nearest configuration file, then the editor's or command line's
//! overrides. A broken file leaves the defaults (with the overrides) and says why.

use crate::config::{Config, Overrides};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A unit's configuration and, when the configuration file (or an override) could not be used,
/// why.
#[derive(Clone, Debug, Default)]
pub(crate) struct Resolved {
    pub(crate) config: Config,
    pub(crate) error: Option<String>,
}

/// The configuration files read so far: each folder's nearest file, and each file's content. A
/// cache of the disk, dropped as a whole when a configuration file changes.
#[derive(Default)]
pub(crate) struct ConfigFiles {
    inner: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    /// Folder → the nearest configuration file at or above it.
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file → what it says.
    loaded: HashMap<PathBuf, Result<Config, String>>,
}

impl ConfigFiles {
    /// The configuration of the unit at `root` with `overrides` on top.
    pub(crate) fn resolve(&self, root: &Path, overrides: &Overrides) -> Resolved {
        let file = {
            let mut cache = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            let Cache { found, loaded } = &mut *cache;
            match Config::find(root, found) {
                Some(path) => loaded
                    .entry(path.clone())
                    .or_insert_with(|| Config::load_any(&path).map_err(|e| e.to_string()))
                    .clone(),
                None => Ok(Config::default()),
            }
        };
        let (base, error) = match file {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(e)),
        };
        match base.clone().with_overrides(overrides) {
            Ok(config) => Resolved { config, error },
            Err(e) => Resolved {
                config: base,
                error: error.or(Some(e)),
            },
        }
    }
}
