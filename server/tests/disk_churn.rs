//! Disk churn ends where `check` ends: after random scripts of folder deletions, restores, renames
//! and file edits (told to the server the way a watching client tells it), the diagnostics the
//! server has pushed equal `check` on the same files. The property the issue names, with the real
//! binary over stdio; each case is a short script, so a failure shrinks to a few steps.

mod common;

use common::lsp::*;
use common::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The plugins of the workspace; each has a pristine copy to restore from.
const PLUGINS: &[&str] = &["alpha", "beta", "gamma"];

#[derive(Clone, Debug)]
enum Step {
    /// `rm -rf plugin` (one event: the folder).
    DeleteFolder(usize),
    /// `cp -r pristine plugin` after a deletion, or over the top (events: the folder).
    RestoreFolder(usize),
    /// `mv plugin plugin-moved` then back later through RestoreFolder (events: both folders).
    MoveAway(usize),
    /// Breaks or mends the tool YAML (event: the file).
    BreakTool(usize, bool),
    /// Deletes or restores the tool module (event: the file).
    RemoveModule(usize, bool),
    /// Deletes the manifest (event: the file).
    DeleteManifest(usize),
}

fn step() -> impl Strategy<Value = Step> {
    let p = 0..PLUGINS.len();
    prop_oneof![
        p.clone().prop_map(Step::DeleteFolder),
        p.clone().prop_map(Step::RestoreFolder),
        p.clone().prop_map(Step::MoveAway),
        (p.clone(), any::<bool>()).prop_map(|(i, b)| Step::BreakTool(i, b)),
        (p.clone(), any::<bool>()).prop_map(|(i, b)| Step::RemoveModule(i, b)),
        p.prop_map(Step::DeleteManifest),
    ]
}

struct Workspace {
    _dir: tempfile::TempDir,
    ws: PathBuf,
    pristine: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        let pristine = dir.path().join("pristine");
        copy_dir(&fixtures().join("base/plugin"), &pristine);
        for p in PLUGINS {
            copy_dir(&pristine, &ws.join(p));
        }
        Workspace {
            _dir: dir,
            ws,
            pristine,
        }
    }

    fn plugin(&self, i: usize) -> PathBuf {
        self.ws.join(PLUGINS[i])
    }

    /// Applies a step on disk; returns the watched-file events a client would send.
    fn apply(&self, step: &Step) -> Vec<(PathBuf, u8)> {
        const CREATED: u8 = 1;
        const CHANGED: u8 = 2;
        const DELETED: u8 = 3;
        match *step {
            Step::DeleteFolder(i) => {
                let _ = std::fs::remove_dir_all(self.plugin(i));
                vec![(self.plugin(i), DELETED)]
            }
            Step::RestoreFolder(i) => {
                let moved = self.ws.join(format!("{}-moved", PLUGINS[i]));
                let _ = std::fs::remove_dir_all(self.plugin(i));
                if moved.is_dir() {
                    std::fs::rename(&moved, self.plugin(i)).unwrap();
                    vec![(moved, DELETED), (self.plugin(i), CREATED)]
                } else {
                    copy_dir(&self.pristine, &self.plugin(i));
                    vec![(self.plugin(i), CREATED)]
                }
            }
            Step::MoveAway(i) => {
                let moved = self.ws.join(format!("{}-moved", PLUGINS[i]));
                if !self.plugin(i).is_dir() || moved.exists() {
                    return Vec::new();
                }
                std::fs::rename(self.plugin(i), &moved).unwrap();
                vec![(self.plugin(i), DELETED), (moved, CREATED)]
            }
            Step::BreakTool(i, broken) => {
                let path = self.plugin(i).join("tools/echo.yaml");
                if !path.parent().unwrap().is_dir() {
                    return Vec::new();
                }
                let text = std::fs::read_to_string(self.pristine.join("tools/echo.yaml")).unwrap();
                let text = if broken {
                    text.replace("form: llm", "form: sometimes")
                } else {
                    text
                };
                std::fs::write(&path, text).unwrap();
                vec![(path, CHANGED)]
            }
            Step::RemoveModule(i, remove) => {
                let path = self.plugin(i).join("tools/echo.py");
                if !path.parent().unwrap().is_dir() {
                    return Vec::new();
                }
                if remove {
                    let _ = std::fs::remove_file(&path);
                    vec![(path, DELETED)]
                } else {
                    std::fs::copy(self.pristine.join("tools/echo.py"), &path).unwrap();
                    vec![(path, CREATED)]
                }
            }
            Step::DeleteManifest(i) => {
                let path = self.plugin(i).join("manifest.yaml");
                let _ = std::fs::remove_file(&path);
                vec![(path, DELETED)]
            }
        }
    }
}

type Findings = BTreeSet<(String, u64, String)>;

/// What `check` reports on the workspace, as `(uri, 0-based line, code)`.
fn checked(ws: &Path) -> Findings {
    check(ws)
        .iter()
        .map(|d| {
            let (line, _) = d
                .file
                .lines
                .position(&d.file.text, d.span.start, dify_lsp::syntax::Encoding::Utf16);
            (uri(d.path()), line as u64, d.rule.code.to_string())
        })
        .collect()
}

/// What the client shows: the last push for each URI.
fn shown(pushed: &BTreeMap<String, Vec<Value>>) -> Findings {
    pushed
        .iter()
        .flat_map(|(u, diags)| {
            diags.iter().map(move |d| {
                (
                    u.clone(),
                    d["range"]["start"]["line"].as_u64().unwrap(),
                    d["code"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

/// Reads pushes until the client's view equals `expected` or `timeout` passes; returns the view.
fn settle(
    lsp: &mut Lsp,
    pushed: &mut BTreeMap<String, Vec<Value>>,
    expected: &Findings,
    timeout: Duration,
) -> Findings {
    let deadline = Instant::now() + timeout;
    loop {
        while let Some(m) = lsp.wait_for(Duration::from_millis(30), |m| {
            m["method"] == "textDocument/publishDiagnostics"
        }) {
            let p = &m["params"];
            pushed.insert(
                p["uri"].as_str().unwrap().to_string(),
                p["diagnostics"].as_array().unwrap().clone(),
            );
        }
        let view = shown(pushed);
        if &view == expected || Instant::now() > deadline {
            return view;
        }
    }
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let w = Workspace::new();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&w.ws, push_client(), Value::Null);
    let mut pushed = BTreeMap::new();
    let expected = checked(&w.ws);
    let view = settle(&mut lsp, &mut pushed, &expected, Duration::from_secs(10));
    prop_assert_eq!(&view, &expected, "after start-up");
    for (n, step) in steps.iter().enumerate() {
        let events = w.apply(step);
        if events.is_empty() {
            continue;
        }
        let changes: Vec<Value> = events.iter().map(|(p, t)| json!({"uri": uri(p), "type": t})).collect();
        lsp.notify("workspace/didChangeWatchedFiles", json!({ "changes": changes }));
        let expected = checked(&w.ws);
        let view = settle(&mut lsp, &mut pushed, &expected, Duration::from_secs(20));
        let missing: Vec<_> = expected.difference(&view).collect();
        let extra: Vec<_> = view.difference(&expected).collect();
        prop_assert!(
            missing.is_empty() && extra.is_empty(),
            "after step {} {:?} of {:?}:\n  check reports, the editor does not: {:?}\n  the editor shows, check does not: {:?}",
            n,
            step,
            steps,
            missing,
            extra
        );
    }
    lsp.shutdown();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, max_shrink_iters: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn after_any_disk_churn_the_editor_shows_what_check_reports(steps in prop::collection::vec(step(), 1..10)) {
        run(&steps)?;
    }
}

/// The reproduction from the issue: delete a plugin folder and restore it from a copy. Before, a
/// ghost "no manifest" stayed on the deleted folder, and after the restore a false one showed while
/// the real error was missing.
#[test]
fn a_deleted_and_restored_plugin_shows_its_real_errors() {
    run(&[
        Step::BreakTool(0, true),
        Step::DeleteFolder(0),
        Step::RestoreFolder(0),
        Step::BreakTool(0, true),
        Step::MoveAway(1),
        Step::RestoreFolder(1),
    ])
    .unwrap();
}
