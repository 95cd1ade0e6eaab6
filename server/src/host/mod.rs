//! The analysis host: everything the analysis reads, owned in one place and free of any protocol.
//! The CLI and the language server both run on it (rust-analyzer's `AnalysisHost` split).
//!
//! * inputs: the open buffers over the disk ([`OverlayFiles`]), the workspace folders and their
//!   units, the overrides (editor settings, command-line flags), each unit's configuration
//!   ([`ConfigFiles`], resolved by one function) and the one cross-unit input, the in-tree tool
//!   name index ([`ToolIndex`]) with its readers;
//! * [`Host::apply`] takes a [`Change`] and returns every unit whose analysis may change,
//!   dependents included (the sibling providers whose DIFY209 reads a tool name that changed),
//!   each with a new generation;
//! * [`Host::snapshot`] gives an immutable view on which analysis, completion, hover and fixes run.

pub(crate) mod config;
pub(crate) mod index;

use crate::config::Overrides;
use crate::project::files::{MAX_FILE_BYTES, ReadProblem};
use crate::project::{Files, OverlayFiles, Project, SourceFile, Unit, Unreadable, discover_all, unit_for_path};
use crate::rules::{self, Diagnostic};
use crate::syntax::Encoding;
use crate::syntax::document::{Document, Lang};
pub(crate) use config::{ConfigFiles, Resolved};
pub(crate) use index::ToolIndex;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One text change of an open buffer: a range in (line, character) positions of `Encoding`, or the
/// whole text when there is no range.
#[derive(Clone, Debug)]
pub struct TextChange {
    pub range: Option<((u32, u32), (u32, u32))>,
    pub text: String,
}

/// A change of the host's inputs.
#[derive(Clone, Debug)]
pub enum Change {
    /// A buffer opened (or replaced) in the editor.
    Open { path: PathBuf, text: String, version: i32 },
    /// Edits of an open buffer, each against the text as it is when it applies.
    Edit {
        path: PathBuf,
        version: i32,
        changes: Vec<TextChange>,
        encoding: Encoding,
    },
    /// A buffer closed: the disk shows through again.
    Close { path: PathBuf },
    /// A buffer saved: what is cached of the file on disk is stale (the buffer still wins).
    Saved { path: PathBuf },
    /// Files or folders changed on disk: `(still exists, path)`.
    Disk(Vec<(bool, PathBuf)>),
    /// New overrides (editor settings).
    Overrides(Overrides),
    /// Walk the workspace folders again (at start-up, or when the folders changed).
    Rediscover,
}

/// What a change affects.
#[derive(Debug, Default)]
pub struct Applied {
    /// The units to analyse again (each has a new generation), dependents included.
    pub units: Vec<Unit>,
    /// Units that left the workspace: forgotten, their generation back to 0.
    pub gone: Vec<Unit>,
    /// Folders the walk could not read (skipped).
    pub(crate) unreadable: Vec<Unreadable>,
}

impl Applied {
    fn add(&mut self, unit: Unit) {
        if !self.units.contains(&unit) {
            self.units.push(unit);
        }
    }
}

/// The analysis of one unit, stamped with the generation of the inputs it read.
#[derive(Clone)]
pub struct Analysis {
    /// Every file of the unit (those without diagnostics too), with its diagnostics.
    pub files: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// The generation of the unit's inputs this result was computed from.
    pub(crate) generation: u64,
    /// Rule families that panicked on this unit.
    pub(crate) failures: Vec<String>,
    /// The unit it is the analysis of.
    pub(crate) unit: Unit,
    /// Why the unit's configuration file was not used (then the defaults were), if so.
    pub(crate) config_error: Option<String>,
    /// The versions of the open documents the analysis read.
    pub(crate) versions: HashMap<PathBuf, i32>,
}

#[derive(Default)]
struct State {
    files: OverlayFiles,
    docs: HashMap<PathBuf, Document>,
    versions: Arc<HashMap<PathBuf, i32>>,
    folders: Vec<PathBuf>,
    /// The workspace's units, sorted by root.
    units: Arc<Vec<Unit>>,
    /// Units of files opened outside the workspace.
    extra: Arc<Vec<Unit>>,
    overrides: Overrides,
    configs: Arc<ConfigFiles>,
    index: Arc<ToolIndex>,
    generations: Arc<HashMap<PathBuf, u64>>,
    counter: u64,
}

#[derive(Default)]
pub struct Host {
    state: Mutex<State>,
    /// Serialises the changes that walk the disk: the walk runs outside the state lock, so that
    /// edits and snapshots do not wait for it, and two walks must not install out of order.
    walking: Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The deepest of `units` (sorted by root) whose folder holds `path`: a lookup per ancestor.
fn deepest(units: &[Unit], path: &Path) -> Option<Unit> {
    path.ancestors()
        .find_map(|folder| units.binary_search_by(|u| u.root.as_path().cmp(folder)).ok())
        .map(|i| units[i].clone())
}

impl State {
    fn unit_of(&self, path: &Path) -> Option<Unit> {
        deepest(&self.units, path).or_else(|| unit_for_path(path))
    }

    fn in_workspace(&self, unit: &Unit) -> bool {
        self.units.binary_search(unit).is_ok()
    }

    fn bump(&mut self, unit: &Unit) {
        self.counter += 1;
        let g = self.counter;
        Arc::make_mut(&mut self.generations).insert(unit.root.clone(), g);
    }

    /// Reads a workspace in-tree unit's tool names again; returns the readers whose analysis
    /// changes with them.
    fn reindex(&mut self, unit: &Unit) -> Vec<Unit> {
        if unit.is_plugin() {
            return Vec::new();
        }
        let names = self.in_workspace(unit).then(|| index::tool_names(unit, &self.files));
        Arc::make_mut(&mut self.index).update(unit, names)
    }

    /// Lays a document over the disk. A Python document's tree is reparsed incrementally by the
    /// analysis, on its thread; a document over the size limit is reported, as on disk.
    fn lay(&mut self, path: &Path) {
        let Some(doc) = self.docs.get(path) else { return };
        let file = if doc.text.len() > MAX_FILE_BYTES {
            SourceFile::with_error(path.to_path_buf(), ReadProblem::TooLarge(doc.text.len() as u64))
        } else {
            let pending = (doc.lang == Lang::Python).then(|| doc.pending());
            SourceFile::of_open_document(path.to_path_buf(), doc.text.clone(), doc.lines.clone(), pending)
        };
        Arc::make_mut(&mut self.versions).insert(path.to_path_buf(), doc.version);
        self.files.set_open(Arc::new(file));
    }

    /// The unit of an opened, edited or closed buffer and the readers of its tool names. A unit
    /// outside the workspace is analysed while one of its buffers is open and its folder exists
    /// (a buffer left open in a deleted folder makes no unit: nothing would clear its results).
    fn buffer_changed(&mut self, path: &Path, applied: &mut Applied) {
        let Some(unit) = self.unit_of(path) else { return };
        if !self.in_workspace(&unit) {
            if !unit.root.is_dir() {
                return;
            }
            if self.docs.contains_key(path) && !self.extra.contains(&unit) {
                Arc::make_mut(&mut self.extra).push(unit.clone());
            }
        }
        for reader in self.reindex(&unit) {
            applied.add(reader);
        }
        applied.add(unit);
    }

    /// Installs the units a walk found: forgets those gone, indexes those new.
    fn install(&mut self, mut units: Vec<Unit>, applied: &mut Applied) {
        units.sort_by(|a, b| a.root.cmp(&b.root));
        let before: BTreeSet<Unit> = self.units.iter().cloned().collect();
        let after: BTreeSet<Unit> = units.iter().cloned().collect();
        self.units = Arc::new(units);
        for gone in before.difference(&after) {
            Arc::make_mut(&mut self.generations).remove(&gone.root);
            for reader in self.reindex(gone) {
                applied.add(reader);
            }
            applied.gone.push(gone.clone());
        }
        for new in after.difference(&before) {
            for reader in self.reindex(new) {
                applied.add(reader);
            }
            applied.add(new.clone());
        }
        applied.units.retain(|u| after.contains(u));
    }

    /// Workspace units and those of files opened outside it.
    fn known_units(&self) -> Vec<Unit> {
        let mut units: Vec<Unit> = self.units.as_ref().clone();
        units.extend(self.extra.iter().filter(|u| !self.in_workspace(u)).cloned());
        units
    }
}

impl Host {
    pub fn new() -> Host {
        Host::default()
    }

    /// A host over the disk alone with a given set of units (the CLI): no walk, no buffers.
    pub(crate) fn of_units(units: Vec<Unit>, overrides: Overrides) -> Host {
        let host = Host::default();
        {
            let mut st = lock(&host.state);
            st.overrides = overrides;
            let index = ToolIndex::build(&units, &st.files);
            st.index = Arc::new(index);
            let mut units = units;
            units.sort_by(|a, b| a.root.cmp(&b.root));
            for u in &units {
                st.bump(u);
            }
            st.units = Arc::new(units);
        }
        host
    }

    /// Sets the workspace folders; [`Change::Rediscover`] walks them.
    pub fn set_folders(&self, folders: Vec<PathBuf>) {
        lock(&self.state).folders = folders;
    }

    pub(crate) fn folders(&self) -> Vec<PathBuf> {
        lock(&self.state).folders.clone()
    }

    /// An immutable view of the inputs as they are now.
    pub fn snapshot(&self) -> Snapshot {
        let st = lock(&self.state);
        Snapshot {
            files: st.files.clone(),
            versions: st.versions.clone(),
            units: st.units.clone(),
            extra: st.extra.clone(),
            overrides: st.overrides.clone(),
            configs: st.configs.clone(),
            index: st.index.clone(),
            generations: st.generations.clone(),
        }
    }

    pub(crate) fn is_open(&self, path: &Path) -> bool {
        lock(&self.state).docs.contains_key(path)
    }

    pub(crate) fn doc_version(&self, path: &Path) -> Option<i32> {
        lock(&self.state).docs.get(path).map(|d| d.version)
    }

    pub(crate) fn unit_of(&self, path: &Path) -> Option<Unit> {
        lock(&self.state).unit_of(path)
    }

    /// Whether a workspace unit holds `path`.
    pub(crate) fn in_workspace(&self, path: &Path) -> bool {
        deepest(&lock(&self.state).units, path).is_some()
    }

    pub fn workspace_units(&self) -> Vec<Unit> {
        lock(&self.state).units.as_ref().clone()
    }

    pub(crate) fn generation(&self, unit: &Unit) -> u64 {
        lock(&self.state).generations.get(&unit.root).copied().unwrap_or(0)
    }

    /// Applies a change; returns what it affects. Changes that walk the disk (a rediscovery) take
    /// their time outside the state lock: run them off any latency-sensitive thread.
    pub fn apply(&self, change: Change) -> Applied {
        let mut applied = Applied::default();
        match change {
            Change::Open { path, text, version } => {
                let mut st = lock(&self.state);
                st.docs
                    .insert(path.clone(), Document::new(text, version, Lang::of(&path)));
                st.lay(&path);
                st.buffer_changed(&path, &mut applied);
            }
            Change::Edit {
                path,
                version,
                changes,
                encoding,
            } => {
                let mut st = lock(&self.state);
                let Some(doc) = st.docs.get_mut(&path) else {
                    return applied;
                };
                for change in changes {
                    match change.range {
                        Some(((l0, c0), (l1, c1))) => {
                            let start = doc.lines.offset(&doc.text, l0, c0, encoding);
                            let end = doc.lines.offset(&doc.text, l1, c1, encoding);
                            doc.edit(start, end.max(start), &change.text);
                        }
                        None => doc.set_text(change.text),
                    }
                }
                doc.version = version;
                st.lay(&path);
                st.buffer_changed(&path, &mut applied);
            }
            Change::Close { path } => {
                let mut st = lock(&self.state);
                st.docs.remove(&path);
                Arc::make_mut(&mut st.versions).remove(&path);
                st.files.close(&path);
                st.buffer_changed(&path, &mut applied);
            }
            Change::Saved { path } => lock(&self.state).files.disk.invalidate(&path),
            Change::Overrides(overrides) => {
                let mut st = lock(&self.state);
                st.overrides = overrides;
                applied.units = st.known_units();
            }
            Change::Rediscover => {
                let _walk = lock(&self.walking);
                let folders = self.folders();
                let found = walk(&folders);
                let mut st = lock(&self.state);
                applied.unreadable = found.unreadable;
                st.install(found.units, &mut applied);
                applied.units = st.units.as_ref().clone();
            }
            Change::Disk(changes) => self.disk_changed(changes, &mut applied),
        }
        let mut st = lock(&self.state);
        for u in &applied.units {
            st.bump(u);
        }
        applied
    }

    /// Files changed on disk: forget what was cached; a manifest, folder or ignore file change
    /// walks the workspace again; a configuration file change affects every unit.
    fn disk_changed(&self, changes: Vec<(bool, PathBuf)>, applied: &mut Applied) {
        let _walk = lock(&self.walking);
        let mut rediscover = false;
        let mut config_changed = false;
        for (exists, path) in &changes {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "manifest.yaml"
                || name == ".gitignore"
                || (path.extension().is_none() && (!exists || path.is_dir()))
            {
                rediscover = true;
            }
            if name == "dify-lsp.toml" || name == "pyproject.toml" {
                config_changed = true;
            }
        }
        let paths: Vec<PathBuf> = changes.into_iter().map(|(_, p)| p).collect();
        let folders = {
            let mut st = lock(&self.state);
            st.files.disk.invalidate_all(&paths);
            if config_changed {
                st.configs = Arc::new(ConfigFiles::default());
            }
            st.folders.clone()
        };
        let found = rediscover.then(|| walk(&folders));
        let mut st = lock(&self.state);
        if let Some(found) = found {
            applied.unreadable = found.unreadable;
            st.install(found.units, applied);
        }
        if config_changed {
            for u in st.known_units() {
                applied.add(u);
            }
        }
        let mut direct: Vec<Unit> = Vec::new();
        for path in &paths {
            // The unit holding the path (unless its folder is gone), and every unit below it (a
            // folder that changed as a whole).
            let holder = st.unit_of(path).filter(|u| u.root.is_dir());
            let below = st.units.iter().filter(|u| u.root.starts_with(path)).cloned();
            for u in holder.into_iter().chain(below) {
                if !direct.contains(&u) {
                    direct.push(u);
                }
            }
        }
        for u in direct {
            for reader in st.reindex(&u) {
                applied.add(reader);
            }
            applied.add(u);
        }
    }
}

/// Walks the workspace folders that exist.
fn walk(folders: &[PathBuf]) -> crate::project::Discovery {
    let existing: Vec<PathBuf> = folders.iter().filter(|f| f.is_dir()).cloned().collect();
    discover_all(&existing).unwrap_or_default()
}

/// The inputs at one moment: what every analysis, completion, hover and fix reads.
#[derive(Clone)]
pub struct Snapshot {
    files: OverlayFiles,
    versions: Arc<HashMap<PathBuf, i32>>,
    units: Arc<Vec<Unit>>,
    extra: Arc<Vec<Unit>>,
    overrides: Overrides,
    configs: Arc<ConfigFiles>,
    index: Arc<ToolIndex>,
    generations: Arc<HashMap<PathBuf, u64>>,
}

impl Snapshot {
    pub(crate) fn files(&self) -> &OverlayFiles {
        &self.files
    }

    /// The workspace's units, sorted by root.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Workspace units and those of files opened outside it.
    pub fn known_units(&self) -> Vec<Unit> {
        let mut units: Vec<Unit> = self.units.as_ref().clone();
        units.extend(
            self.extra
                .iter()
                .filter(|u| self.units.binary_search(u).is_err())
                .cloned(),
        );
        units
    }

    /// The unit a file belongs to: the deepest workspace unit, or one found upwards from it.
    pub(crate) fn unit_of(&self, path: &Path) -> Option<Unit> {
        deepest(&self.units, path).or_else(|| unit_for_path(path))
    }

    pub(crate) fn generation(&self, unit: &Unit) -> u64 {
        self.generations.get(&unit.root).copied().unwrap_or(0)
    }

    /// The version of an open document, as the snapshot has it.
    pub fn doc_version(&self, path: &Path) -> Option<i32> {
        self.versions.get(path).copied()
    }

    /// Whether a unit still exists: a workspace unit, or (for a file opened outside the
    /// workspace) the unit its folder still makes on disk.
    pub fn is_live(&self, unit: &Unit) -> bool {
        self.units
            .binary_search_by(|u| u.root.cmp(&unit.root))
            .is_ok_and(|i| self.units[i] == *unit)
            || (unit.root.is_dir() && unit_for_path(&unit.root).as_ref() == Some(unit))
    }

    /// The unit's configuration: its configuration file and the overrides, resolved by the one
    /// function everybody uses.
    pub(crate) fn config(&self, unit: &Unit) -> Resolved {
        self.configs.resolve(&unit.root, &self.overrides)
    }

    pub fn index(&self) -> &ToolIndex {
        &self.index
    }

    /// Analyses one unit.
    pub fn analyze(&self, unit: &Unit) -> Analysis {
        self.analyze_unless(unit, &|| false)
            .expect("an analysis nobody cancels completes")
    }

    /// Analyses one unit unless `cancelled()` says, between its phases (before the files are
    /// loaded and parsed, before the rules run, and between two rule families), that the result
    /// is no longer wanted: the server's seam for stopping work that a newer change made stale.
    /// A cancelled analysis yields nothing, never a partial result.
    pub fn analyze_unless(&self, unit: &Unit, cancelled: &dyn Fn() -> bool) -> Option<Analysis> {
        if cancelled() {
            return None;
        }
        let resolved = self.config(unit);
        let project = Project::load(unit, &self.files);
        if cancelled() {
            return None;
        }
        let report = check_project_unless(&project, &self.files, &resolved.config, &self.index, cancelled)?;
        let mut files: BTreeMap<PathBuf, Vec<Diagnostic>> = project
            .source_files()
            .into_iter()
            .map(|f| (f.path.clone(), Vec::new()))
            .collect();
        for d in report.diagnostics {
            files.entry(d.file.path.clone()).or_default().push(d);
        }
        Some(Analysis {
            files,
            generation: self.generation(unit),
            failures: report.failures,
            unit: unit.clone(),
            config_error: resolved.error,
            versions: self
                .versions
                .iter()
                .filter(|(p, _)| unit.contains(p))
                .map(|(p, v)| (p.clone(), *v))
                .collect(),
        })
    }

    /// The first configuration error of the units, in their order (the CLI stops on it).
    pub(crate) fn config_error(&self) -> Option<String> {
        self.units.iter().find_map(|u| self.config(u).error)
    }

    /// Checks every workspace unit in parallel (the CLI); `progress` is called with the number
    /// done so far. Sorted by path, offset and code.
    pub(crate) fn check_all(&self, progress: &(dyn Fn(usize) + Sync)) -> Vec<Diagnostic> {
        let configs: Vec<crate::config::Config> = self.units.iter().map(|u| self.config(u).config).collect();
        check_units_with(&self.units, &self.files, &configs, &self.index, progress)
    }
}

/// Analyses one loaded unit with the sibling index: the one entry to the rules.
pub(crate) fn check_project(
    project: &Project,
    files: &dyn Files,
    config: &crate::config::Config,
    index: &ToolIndex,
) -> rules::Report {
    check_project_unless(project, files, config, index, &|| false).expect("a run nobody cancels completes")
}

/// [`check_project`], unless `cancelled()` says between two rule families that the result is
/// no longer wanted.
fn check_project_unless(
    project: &Project,
    files: &dyn Files,
    config: &crate::config::Config,
    index: &ToolIndex,
    cancelled: &dyn Fn() -> bool,
) -> Option<rules::Report> {
    let siblings = |tool: &str| index.others(&project.unit, tool);
    rules::check_project_report_unless(project, files, config, Some(&siblings), cancelled)
}

/// Checks units in parallel over any files, each with its configuration.
pub(crate) fn check_units_with(
    units: &[Unit],
    files: &dyn Files,
    configs: &[crate::config::Config],
    index: &ToolIndex,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let done = AtomicUsize::new(0);
    let mut all: Vec<Diagnostic> = units
        .par_iter()
        .zip(configs.par_iter())
        .flat_map_iter(|(unit, config)| {
            let project = Project::load(unit, files);
            let out = check_project(&project, files, config, index).diagnostics;
            // A plugin's files are read by no other unit; in-tree siblings are (through the index).
            if unit.is_plugin() {
                files.release(&unit.root);
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            out
        })
        .collect();
    all.sort_by(|a, b| (a.path(), a.span.start, a.rule.code).cmp(&(b.path(), b.span.start, b.rule.code)));
    all
}
