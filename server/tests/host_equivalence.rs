//! The server's pipeline ends where `check` ends. Random scripts of buffer edits, saves, closes,
//! disk writes, configuration-file changes and a provider folder deleted and restored, over a
//! workspace with two in-tree providers (whose tool names clash: DIFY209 reads across units) and a
//! plugin:
//!
//! * over the host API, driven the way the server drives it (apply each change, analyse the units
//!   it returns, keep the rest): after every step, the stored analyses equal a fresh host's built
//!   from the disk and the same open buffers; after the script, with every buffer saved and
//!   closed, they equal `check`;
//! * over the real binary, one fixed script: what the server pushed equals `check` on the same
//!   files saved.

mod common;

use common::lsp::*;
use common::*;
use dify_lsp::host::{Analysis, Change, Host, TextChange};
use dify_lsp::syntax::Encoding;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PROVIDERS: &str = "api/core/tools/builtin_tool/providers";
const CONFIGS: &[Option<&str>] = &[
    None,
    Some("target-dify-version = \"1.3.0\"\n"),
    Some("ignore = [\"DIFY209\"]\n"),
];

struct Workspace {
    _dir: tempfile::TempDir,
    ws: PathBuf,
    pristine: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        copy_dir(&fixtures().join("base/intree1"), &ws);
        let demo = ws.join(PROVIDERS).join("demo");
        let other = ws.join(PROVIDERS).join("other");
        copy_dir(&demo, &other);
        std::fs::rename(other.join("demo.yaml"), other.join("other.yaml")).unwrap();
        std::fs::rename(other.join("demo.py"), other.join("other.py")).unwrap();
        replace_in(&other.join("other.yaml"), "name: demo", "name: other");
        std::fs::write(
            ws.join("api/core/tools/builtin_tool/_position.yaml"),
            "- demo\n- other\n",
        )
        .unwrap();
        copy_dir(&fixtures().join("base/plugin"), &ws.join("plugin"));
        let pristine = dir.path().join("pristine");
        copy_dir(&ws, &pristine);
        Workspace {
            _dir: dir,
            ws,
            pristine,
        }
    }

    /// The files a script edits: the two in-tree tool YAMLs and the plugin's.
    fn file(&self, f: usize) -> PathBuf {
        match f {
            0 => self.ws.join(PROVIDERS).join("demo/tools/echo.yaml"),
            1 => self.ws.join(PROVIDERS).join("other/tools/echo.yaml"),
            _ => self.ws.join("plugin/tools/echo.yaml"),
        }
    }

    fn other(&self) -> PathBuf {
        self.ws.join(PROVIDERS).join("other")
    }

    fn config(&self) -> PathBuf {
        self.ws.join("dify-lsp.toml")
    }

    /// Variant `v` of file `f`: pristine, its tool renamed (in-tree) or a bad `form` (plugin), a
    /// type Dify 1.3 rejects, or broken YAML.
    fn text(&self, f: usize, v: usize) -> String {
        let rel = self.file(f).strip_prefix(&self.ws).unwrap().to_path_buf();
        let text = std::fs::read_to_string(self.pristine.join(rel)).unwrap();
        match (v % 4, f) {
            (0, _) => text,
            (1, 2) => text.replace("form: llm", "form: lm"),
            (1, _) => text.replace("name: echo", &format!("name: p{f}_echo")),
            (2, _) => text.replace("type: string", "type: checkbox"),
            _ => format!("{text}oops: [\n"),
        }
    }
}

#[derive(Clone, Debug)]
enum Step {
    Open(usize),
    /// Replaces a buffer's text (opening it first if needed).
    Edit(usize, usize),
    /// Writes the buffer to disk: didSave, then the watcher's event.
    Save(usize),
    Close(usize),
    /// Writes the file on disk (under its buffer, if open).
    DiskWrite(usize, usize),
    /// Writes (or deletes) `dify-lsp.toml` at the workspace root.
    Config(usize),
    /// `rm -rf` of the `other` provider, or its restore from the pristine copy.
    Other(bool),
}

fn step() -> impl Strategy<Value = Step> {
    let f = 0..3usize;
    prop_oneof![
        1 => f.clone().prop_map(Step::Open),
        3 => (f.clone(), 0..4usize).prop_map(|(f, v)| Step::Edit(f, v)),
        2 => f.clone().prop_map(Step::Save),
        1 => f.clone().prop_map(Step::Close),
        2 => (f, 0..4usize).prop_map(|(f, v)| Step::DiskWrite(f, v)),
        1 => (0..CONFIGS.len()).prop_map(Step::Config),
        1 => any::<bool>().prop_map(Step::Other),
    ]
}

/// One script's state: the workspace and the open buffers.
struct Script {
    w: Workspace,
    buffers: HashMap<PathBuf, String>,
    version: i32,
}

impl Script {
    /// Applies a step on disk and in the buffers; returns the changes a server would apply.
    fn apply(&mut self, step: &Step) -> Vec<Change> {
        let path = |s: &Self, f: usize| s.w.file(f);
        match *step {
            Step::Open(f) | Step::Edit(f, _) if !path(self, f).parent().unwrap().is_dir() => Vec::new(),
            Step::Open(f) => {
                let p = path(self, f);
                if self.buffers.contains_key(&p) {
                    return Vec::new();
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                self.buffers.insert(p.clone(), text.clone());
                vec![Change::Open {
                    path: p,
                    text,
                    version: 1,
                }]
            }
            Step::Edit(f, v) => {
                let mut out = self.apply(&Step::Open(f));
                let p = path(self, f);
                let text = self.w.text(f, v);
                self.buffers.insert(p.clone(), text.clone());
                self.version += 1;
                out.push(Change::Edit {
                    path: p,
                    version: self.version,
                    changes: vec![TextChange { range: None, text }],
                    encoding: Encoding::Utf16,
                });
                out
            }
            Step::Save(f) => {
                let p = path(self, f);
                match self.buffers.get(&p) {
                    Some(text) if p.parent().unwrap().is_dir() => {
                        std::fs::write(&p, text).unwrap();
                        vec![Change::Saved { path: p.clone() }, Change::Disk(vec![(true, p)])]
                    }
                    _ => Vec::new(),
                }
            }
            Step::Close(f) => {
                let p = path(self, f);
                match self.buffers.remove(&p) {
                    Some(_) => vec![Change::Close { path: p }],
                    None => Vec::new(),
                }
            }
            Step::DiskWrite(f, v) => {
                let p = path(self, f);
                if !p.parent().unwrap().is_dir() {
                    return Vec::new();
                }
                std::fs::write(&p, self.w.text(f, v)).unwrap();
                vec![Change::Disk(vec![(true, p)])]
            }
            Step::Config(c) => {
                let p = self.w.config();
                match CONFIGS[c] {
                    Some(text) => std::fs::write(&p, text).unwrap(),
                    None => {
                        let _ = std::fs::remove_file(&p);
                    }
                }
                vec![Change::Disk(vec![(p.exists(), p)])]
            }
            Step::Other(restore) => {
                let dir = self.w.other();
                let _ = std::fs::remove_dir_all(&dir);
                if restore {
                    copy_dir(&self.w.pristine.join(PROVIDERS).join("other"), &dir);
                }
                vec![Change::Disk(vec![(restore, dir)])]
            }
        }
    }

    /// Saves and closes every buffer (an editor quitting after "save all").
    fn save_all(&mut self) -> Vec<Change> {
        let mut out = Vec::new();
        for f in 0..3 {
            out.extend(self.apply(&Step::Save(f)));
            out.extend(self.apply(&Step::Close(f)));
        }
        out
    }
}

type Findings = BTreeSet<(String, u32, String, String)>;

fn finding(root: &Path, d: &dify_lsp::rules::Diagnostic) -> (String, u32, String, String) {
    let (line, _) = d.file.lines.position(&d.file.text, d.span.start, Encoding::Utf8);
    let rel = d.path().strip_prefix(root).unwrap_or(d.path()).display().to_string();
    (rel, line, d.rule.code.to_string(), d.message.clone())
}

fn of_results(root: &Path, results: &BTreeMap<PathBuf, Analysis>) -> Findings {
    results
        .values()
        .flat_map(|r| r.files.values().flatten())
        .map(|d| finding(root, d))
        .collect()
}

/// The host as the server drives it: each change applied, the units it returns analysed again.
struct Driven {
    host: Host,
    results: BTreeMap<PathBuf, Analysis>,
}

impl Driven {
    fn new(ws: &Path) -> Driven {
        let mut d = Driven {
            host: Host::new(),
            results: BTreeMap::new(),
        };
        d.host.set_folders(vec![ws.to_path_buf()]);
        d.apply(Change::Rediscover);
        d
    }

    fn apply(&mut self, change: Change) {
        let applied = self.host.apply(change);
        for gone in &applied.gone {
            self.results.remove(&gone.root);
        }
        let snapshot = self.host.snapshot();
        for u in &applied.units {
            self.results.insert(u.root.clone(), snapshot.analyze(u));
        }
    }

    /// The stored analyses of the workspace's units (a unit of a buffer left outside the
    /// workspace, its folder deleted, is not compared).
    fn shown(&self, root: &Path) -> Findings {
        let units = self.host.workspace_units();
        let kept: BTreeMap<PathBuf, Analysis> = self
            .results
            .iter()
            .filter(|(r, _)| units.iter().any(|u| &u.root == *r))
            .map(|(r, a)| (r.clone(), a.clone()))
            .collect();
        of_results(root, &kept)
    }
}

/// A fresh host from the disk with the same open buffers.
fn fresh(ws: &Path, buffers: &HashMap<PathBuf, String>) -> Findings {
    let host = Host::new();
    host.set_folders(vec![ws.to_path_buf()]);
    host.apply(Change::Rediscover);
    for (path, text) in buffers {
        host.apply(Change::Open {
            path: path.clone(),
            text: text.clone(),
            version: 1,
        });
    }
    let snapshot = host.snapshot();
    let results = snapshot
        .units()
        .iter()
        .map(|u| (u.root.clone(), snapshot.analyze(u)))
        .collect();
    of_results(ws, &results)
}

fn checked(ws: &Path) -> Findings {
    check(ws).iter().map(|d| finding(ws, d)).collect()
}

fn diff(expected: &Findings, got: &Findings) -> String {
    format!(
        "missing: {:?}\nextra: {:?}",
        expected.difference(got).collect::<Vec<_>>(),
        got.difference(expected).collect::<Vec<_>>()
    )
}

fn run_host(steps: &[Step]) -> Result<(), TestCaseError> {
    let mut s = Script {
        w: Workspace::new(),
        buffers: HashMap::new(),
        version: 1,
    };
    let ws = s.w.ws.clone();
    let mut driven = Driven::new(&ws);
    let start = fresh(&ws, &s.buffers);
    prop_assert!(
        start.iter().any(|f| f.2 == "DIFY209"),
        "the workspace starts with a clash"
    );
    prop_assert_eq!(&driven.shown(&ws), &start);
    for (n, step) in steps.iter().enumerate() {
        for change in s.apply(step) {
            driven.apply(change);
        }
        let (expected, got) = (fresh(&ws, &s.buffers), driven.shown(&ws));
        prop_assert!(
            expected == got,
            "after step {} {:?} of {:?}:\n{}",
            n,
            step,
            steps,
            diff(&expected, &got)
        );
    }
    for change in s.save_all() {
        driven.apply(change);
    }
    let (expected, got) = (checked(&ws), driven.shown(&ws));
    prop_assert!(expected == got, "saved, after {:?}:\n{}", steps, diff(&expected, &got));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 60, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_host_driven_like_the_server_equals_a_fresh_host_and_check(steps in prop::collection::vec(step(), 1..14)) {
        run_host(&steps)?;
    }
}

/// What the client shows: the last push for each file, as `(relative path, line, code)`.
fn shown(ws: &Path, pushed: &BTreeMap<String, Vec<Value>>) -> BTreeSet<(String, u64, String)> {
    let prefix = uri(ws) + "/";
    pushed
        .iter()
        .flat_map(|(u, diags)| {
            let rel = u.strip_prefix(&prefix).unwrap_or(u).to_string();
            diags.iter().map(move |d| {
                (
                    rel.clone(),
                    d["range"]["start"]["line"].as_u64().unwrap(),
                    d["code"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

/// Reads pushes until the client's view equals `check` on the saved files, or 10 s pass.
fn settle(lsp: &mut Lsp, ws: &Path, pushed: &mut BTreeMap<String, Vec<Value>>) -> Result<(), String> {
    let expected: BTreeSet<(String, u64, String)> =
        checked(ws).into_iter().map(|(p, l, c, _)| (p, l as u64, c)).collect();
    let deadline = Instant::now() + Duration::from_secs(10);
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
        let view = shown(ws, pushed);
        if view == expected {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "missing: {:?}\nextra: {:?}",
                expected.difference(&view).collect::<Vec<_>>(),
                view.difference(&expected).collect::<Vec<_>>()
            ));
        }
    }
}

/// Over the wire: a script of buffer edits, disk writes, a configuration change and a provider
/// deleted and restored; whenever every buffer is saved, the editor shows what `check` reports.
#[test]
fn over_the_wire_the_editor_shows_what_check_reports_once_saved() {
    let mut s = Script {
        w: Workspace::new(),
        buffers: HashMap::new(),
        version: 1,
    };
    let ws = s.w.ws.clone();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&ws, push_client(), Value::Null);
    let mut pushed = BTreeMap::new();
    settle(&mut lsp, &ws, &mut pushed).expect("after start-up");
    let script = [
        vec![Step::Edit(0, 1), Step::Edit(2, 1), Step::Save(0), Step::Save(2)],
        vec![
            Step::Edit(0, 0),
            Step::Config(1),
            Step::Edit(1, 2),
            Step::Save(0),
            Step::Save(1),
        ],
        vec![
            Step::Edit(1, 3),
            Step::Other(false),
            Step::DiskWrite(0, 2),
            Step::Close(1),
        ],
        vec![Step::Other(true), Step::Config(2), Step::Edit(0, 1), Step::Close(0)],
        vec![Step::Config(0), Step::Edit(1, 1), Step::Save(1), Step::DiskWrite(1, 0)],
    ];
    for (n, group) in script.iter().enumerate() {
        for step in group {
            for change in s.apply(step) {
                send(&mut lsp, &change);
            }
        }
        for change in s.save_all() {
            send(&mut lsp, &change);
        }
        if let Err(e) = settle(&mut lsp, &ws, &mut pushed) {
            panic!("after group {n} {group:?}:\n{e}");
        }
    }
    lsp.shutdown();
}

/// Sends a host change the way an editor tells it.
fn send(lsp: &mut Lsp, change: &Change) {
    match change {
        Change::Open { path, .. } => lsp.open(path, 1),
        Change::Edit {
            path, changes, version, ..
        } => {
            let edits: Vec<Value> = changes.iter().map(|c| json!({"text": c.text})).collect();
            lsp.change(path, i64::from(*version), json!(edits));
        }
        Change::Saved { path } => lsp.notify("textDocument/didSave", json!({"textDocument": {"uri": uri(path)}})),
        Change::Close { path } => lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(path)}})),
        Change::Disk(changes) => {
            let changes: Vec<Value> = changes
                .iter()
                .map(|(exists, p)| json!({"uri": uri(p), "type": if *exists { 2 } else { 3 }}))
                .collect();
            lsp.notify("workspace/didChangeWatchedFiles", json!({ "changes": changes }));
        }
        other => panic!("not an editor change: {other:?}"),
    }
}
