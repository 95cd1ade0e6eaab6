//! The server's state: open documents over the disk, the workspace's units, the latest analysis
//! of each unit, and the settings. Everything here is plain data; the LSP types stay in `mod.rs`
//! and `convert.rs`.

use crate::analysis::ToolIndex;
use crate::config::{Config, Overrides};
use crate::project::files::{MAX_FILE_BYTES, ReadProblem};
use crate::project::{OverlayFiles, Project, SourceFile, Unit, discover_all, unit_for_path};
use crate::rules::{self, Diagnostic};
use crate::syntax::document::{Document, Lang};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

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
#[derive(Clone)]
pub struct UnitResult {
    /// Every file of the unit (those without diagnostics too), with its diagnostics.
    pub files: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// The generation of the unit's inputs this result was computed from.
    pub generation: u64,
    /// Rule families that panicked on this unit.
    pub failures: Vec<String>,
    /// The unit it is the analysis of.
    pub unit: Unit,
    /// Why the unit's configuration file was not used (then the defaults were), if so.
    pub config_error: Option<String>,
    /// The versions of the open documents the analysis read.
    pub versions: HashMap<PathBuf, i32>,
}

pub struct Session {
    pub files: OverlayFiles,
    pub docs: Mutex<HashMap<PathBuf, Document>>,
    pub folders: RwLock<Vec<PathBuf>>,
    pub units: RwLock<Vec<Unit>>,
    pub settings: RwLock<Settings>,
    pub results: Mutex<HashMap<PathBuf, UnitResult>>,
    /// Per unit root: bumped by every change to the unit's inputs.
    generations: Mutex<HashMap<PathBuf, u64>>,
    counter: AtomicU64,
    /// Each unit's configuration file, read once (not on every keystroke) until one changes.
    configs: Mutex<HashMap<PathBuf, Result<Config, String>>>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            files: OverlayFiles::default(),
            docs: Mutex::new(HashMap::new()),
            folders: RwLock::new(Vec::new()),
            units: RwLock::new(Vec::new()),
            settings: RwLock::new(Settings::default()),
            results: Mutex::new(HashMap::new()),
            generations: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(1),
            configs: Mutex::new(HashMap::new()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Session {
    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Discovers the units of the workspace folders.
    /// Returns the folders that could not be read (skipped; the user is told).
    pub fn discover(&self) -> Vec<String> {
        let folders = self.folders.read().unwrap_or_else(|e| e.into_inner()).clone();
        let existing: Vec<PathBuf> = folders.into_iter().filter(|f| f.is_dir()).collect();
        let found = discover_all(&existing).unwrap_or_default();
        let mut units = found.units;
        units.sort_by(|a, b| a.root.cmp(&b.root));
        *self.units.write().unwrap_or_else(|e| e.into_inner()) = units;
        found.unreadable.iter().map(|u| u.to_string()).collect()
    }

    pub fn workspace_units(&self) -> Vec<Unit> {
        self.units.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The unit a file belongs to: a workspace unit, or one found upwards from the file.
    pub fn unit_of(&self, path: &Path) -> Option<Unit> {
        self.workspace_unit_of(path).or_else(|| unit_for_path(path))
    }

    /// The deepest workspace unit whose folder holds `path`: a lookup per ancestor folder in the
    /// units sorted by root, not a scan of the workspace on every keystroke.
    fn workspace_unit_of(&self, path: &Path) -> Option<Unit> {
        let units = self.units.read().unwrap_or_else(|e| e.into_inner());
        path.ancestors()
            .find_map(|folder| units.binary_search_by(|u| u.root.as_path().cmp(folder)).ok())
            .map(|i| units[i].clone())
    }

    pub fn in_workspace(&self, path: &Path) -> bool {
        self.workspace_unit_of(path).is_some()
    }

    /// Marks a unit's inputs as changed; returns the new generation.
    pub fn touch(&self, unit: &Unit) -> u64 {
        let g = self.counter.fetch_add(1, Ordering::Relaxed);
        lock(&self.generations).insert(unit.root.clone(), g);
        g
    }

    pub fn generation(&self, unit: &Unit) -> u64 {
        self.generation_of(&unit.root)
    }

    pub fn generation_of(&self, root: &Path) -> u64 {
        lock(&self.generations).get(root).copied().unwrap_or(0)
    }

    /// Opens or replaces a document and lays it over the disk.
    pub fn open(&self, path: PathBuf, text: String, version: i32) {
        let mut doc = Document::new(text, version, Lang::of(&path));
        self.publish_doc(&path, &mut doc);
        lock(&self.docs).insert(path, doc);
    }

    /// Applies edits (byte ranges against the text as it is when each edit applies).
    pub fn change(&self, path: &Path, version: i32, edit: impl FnOnce(&mut Document)) -> bool {
        let mut docs = lock(&self.docs);
        let Some(doc) = docs.get_mut(path) else { return false };
        edit(doc);
        doc.version = version;
        self.publish_doc(path, doc);
        true
    }

    pub fn close(&self, path: &Path) {
        lock(&self.docs).remove(path);
        self.files.close(path);
    }

    pub fn doc_version(&self, path: &Path) -> Option<i32> {
        lock(&self.docs).get(path).map(|d| d.version)
    }

    /// Lays a document over the disk. A Python document's tree is reparsed incrementally by the
    /// analysis, on its thread; YAML is analysed from libyaml's load, so its tree is never parsed here.
    /// A document over the size limit is neither parsed nor analysed (it is reported, as on disk).
    fn publish_doc(&self, path: &Path, doc: &mut Document) {
        let file = if doc.text.len() > MAX_FILE_BYTES {
            SourceFile::with_error(path.to_path_buf(), ReadProblem::TooLarge(doc.text.len() as u64))
        } else {
            let pending = (doc.lang == Lang::Python).then(|| doc.pending());
            SourceFile::of_open_document(path.to_path_buf(), doc.text.clone(), doc.lines.clone(), pending)
        };
        self.files.set_open(Arc::new(file));
    }

    /// The configuration file's settings for a unit (defaults, and the reason, when it is broken).
    fn file_config(&self, unit: &Unit) -> (Config, Option<String>) {
        let loaded = lock(&self.configs)
            .entry(unit.root.clone())
            .or_insert_with(|| Config::discover(&unit.root).map_err(|e| e.to_string()))
            .clone();
        match loaded {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(e)),
        }
    }

    /// Forgets the configuration files read so far (one of them changed).
    pub fn forget_configs(&self) {
        lock(&self.configs).clear();
    }

    /// Analyses one unit now and stores the result.
    pub fn analyze(&self, unit: &Unit) -> UnitResult {
        let generation = self.generation(unit);
        let versions: HashMap<PathBuf, i32> = lock(&self.docs)
            .iter()
            .filter(|(p, _)| unit.contains(p))
            .map(|(p, d)| (p.clone(), d.version))
            .collect();
        let settings = self.settings();
        let (config, config_error) = self.file_config(unit);
        // The overrides were validated when the settings were read.
        let config = config.with_overrides(&settings.overrides).unwrap_or_default();
        let project = Project::load(unit, &self.files);
        let siblings_units: Vec<Unit> = match unit.root.parent() {
            Some(parent) if !unit.is_plugin() => self
                .workspace_units()
                .into_iter()
                .filter(|u| u.root.parent() == Some(parent))
                .collect(),
            _ => Vec::new(),
        };
        let index = ToolIndex::build(&siblings_units, &self.files);
        let siblings = |tool: &str| index.others(unit, tool);
        let report = rules::check_project_report(&project, &self.files, &config, Some(&siblings));
        let diags = report.diagnostics;
        let mut files: BTreeMap<PathBuf, Vec<Diagnostic>> = project
            .source_files()
            .into_iter()
            .map(|f| (f.path.clone(), Vec::new()))
            .collect();
        for d in diags {
            files.entry(d.file.path.clone()).or_default().push(d);
        }
        let result = UnitResult {
            files,
            generation,
            failures: report.failures,
            unit: unit.clone(),
            config_error,
            versions,
        };
        lock(&self.results).insert(unit.root.clone(), result.clone());
        result
    }

    /// The stored result when it is current, else a fresh analysis.
    pub fn current(&self, unit: &Unit) -> UnitResult {
        let g = self.generation(unit);
        if let Some(r) = lock(&self.results)
            .get(&unit.root)
            .filter(|r| r.generation == g && g != 0)
        {
            return r.clone();
        }
        self.analyze(unit)
    }

    /// Whether a unit still exists: a workspace unit, or (for a file opened outside the workspace)
    /// the unit its folder still makes on disk.
    pub fn is_live(&self, unit: &Unit) -> bool {
        let units = self.units.read().unwrap_or_else(|e| e.into_inner());
        units
            .binary_search_by(|u| u.root.cmp(&unit.root))
            .is_ok_and(|i| units[i] == *unit)
            || unit_for_path(&unit.root).as_ref() == Some(unit)
    }

    /// Forgets everything kept about a unit that left the workspace. Its generation goes back to
    /// 0, so an analysis of it still in flight is stale and never published.
    pub fn forget(&self, unit: &Unit) {
        lock(&self.results).remove(&unit.root);
        lock(&self.generations).remove(&unit.root);
        lock(&self.configs).remove(&unit.root);
    }

    /// Forgets cached disk state after a batch of changes on disk.
    pub fn invalidate_all(&self, paths: &[PathBuf]) {
        self.files.disk.invalidate_all(paths);
    }

    /// Forgets cached disk state after a change on disk.
    pub fn invalidate(&self, path: &Path) {
        self.files.disk.invalidate(path);
    }

    pub fn is_open(&self, path: &Path) -> bool {
        lock(&self.docs).contains_key(path)
    }

    /// The units whose analysis may change when `path` changes on disk; none whose folder is gone.
    pub fn affected_units(&self, path: &Path) -> Vec<Unit> {
        let mut out: Vec<Unit> = self.unit_of(path).filter(|u| u.root.is_dir()).into_iter().collect();
        // A change inside a unit's folder that did not map (a deleted folder): every unit under it.
        for u in self.workspace_units() {
            if u.root.starts_with(path) && !out.contains(&u) {
                out.push(u);
            }
        }
        out
    }

    /// Units analysed because a file outside the workspace was opened, plus the workspace's.
    pub fn known_units(&self) -> Vec<Unit> {
        let mut units = self.workspace_units();
        for r in lock(&self.results).values() {
            if !units.contains(&r.unit) {
                units.push(r.unit.clone());
            }
        }
        units
    }
}
