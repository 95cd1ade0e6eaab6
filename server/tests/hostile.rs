//! A hostile workspace: a cloned repository is untrusted input. Every case is generated on the
//! fly and runs the real binary; each asserts bounded time, that nothing outside the plugin changes
//! (the file system is compared before and after), and a clear diagnostic.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dify-lsp")
}

/// Runs `dify-lsp ARGS` with a deadline; returns the output and how long it took.
fn run_bounded(args: &[&str], cwd: &Path, limit: Duration) -> (Output, Duration) {
    let t = Instant::now();
    let child = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Output is read while the process runs (a full pipe would block it).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(limit) {
        Ok(out) => (out.unwrap(), t.elapsed()),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("`dify-lsp {}` did not end within {limit:?}", args.join(" "));
        }
    }
}

/// What a tree holds, without following links: path → "file:<bytes>", "link:<target>", "dir" or
/// the kind of special file.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            let v = if t.is_symlink() {
                format!("link:{}", std::fs::read_link(&p).unwrap().display())
            } else if t.is_dir() {
                stack.push(p.clone());
                "dir".into()
            } else if t.is_file() {
                let meta = std::fs::metadata(&p).unwrap();
                if meta.len() > 1 << 20 {
                    format!("big:{}", meta.len())
                } else {
                    format!("file:{}", String::from_utf8_lossy(&std::fs::read(&p).unwrap()))
                }
            } else {
                "special".into()
            };
            out.insert(p, v);
        }
    }
    out
}

/// `tmp/ws/plugin` (the base plugin) beside `tmp/victim` (files a hostile plugin points at).
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("base/plugin"), &dir.path().join("ws/plugin"));
        let victim = dir.path().join("victim");
        std::fs::create_dir_all(&victim).unwrap();
        std::fs::write(
            victim.join("docker-compose.yaml"),
            "services:\n  db:\n    image: postgres\n",
        )
        .unwrap();
        std::fs::write(victim.join("app.py"), "print('hello')\n").unwrap();
        std::fs::write(
            victim.join("tool.yaml"),
            std::fs::read_to_string(fixtures().join("base/plugin/tools/echo.yaml"))
                .unwrap()
                .replace("form: llm", "form: llm\n    unknown_key: 1"),
        )
        .unwrap();
        Setup { dir }
    }

    fn plugin(&self) -> PathBuf {
        self.dir.path().join("ws/plugin")
    }

    fn victim(&self) -> PathBuf {
        self.dir.path().join("victim")
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        replace_in(&self.plugin().join(rel), from, to);
    }

    /// The plugin of the issue: tool paths and a Python source outside it, through `..`, an
    /// absolute path and a linked folder; a linked tool file that leads out; and fixable mistakes
    /// inside it, one of them in a linked file that stays inside.
    fn hostile(&self) -> &Self {
        let victim = self.victim();
        self.edit(
            "provider/demo.yaml",
            "  - tools/echo.yaml\n",
            &format!(
                "  - ./tools/echo.yaml\n  - ../../victim/docker-compose.yaml\n  - {}\n  - linked/tool.yaml\n  - tools/out.yaml\n",
                victim.join("tool.yaml").display()
            ),
        );
        self.edit(
            "tools/echo.yaml",
            "source: tools/echo.py",
            "source: ../../victim/app.py",
        );
        symlink(&victim, self.plugin().join("linked")).unwrap();
        symlink(victim.join("tool.yaml"), self.plugin().join("tools/out.yaml")).unwrap();
        // A linked manifest inside the plugin with a fixable path (`./`): fixing must not replace the link.
        let manifest = self.plugin().join("manifest.yaml");
        std::fs::rename(&manifest, self.plugin().join("real-manifest.yaml")).unwrap();
        symlink("real-manifest.yaml", &manifest).unwrap();
        self
    }
}

#[test]
fn check_fix_changes_nothing_outside_the_plugin_and_never_replaces_a_link() {
    let s = Setup::new();
    s.hostile();
    let before = snapshot(s.dir.path());
    let (out, took) = run_bounded(
        &["check", "--fix", "--no-progress", "ws"],
        s.dir.path(),
        Duration::from_secs(20),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let after = snapshot(s.dir.path());
    let changed: Vec<&PathBuf> = after.keys().filter(|p| before.get(*p) != after.get(*p)).collect();
    // The only file fixed is the provider YAML inside the plugin (`./tools/echo.yaml`).
    assert_eq!(changed, vec![&s.plugin().join("provider/demo.yaml")], "{text}");
    assert_eq!(before.len(), after.len(), "no file created or removed");
    assert!(after[&s.plugin().join("provider/demo.yaml")].contains("  - tools/echo.yaml\n"));
    assert_eq!(after[&s.plugin().join("manifest.yaml")], "link:real-manifest.yaml");
    // Each outside path is named, none is read (no diagnostic on a file outside).
    for expected in [
        "`../../victim/docker-compose.yaml` contains `..`",
        "is absolute",
        "`linked/tool.yaml` leads outside the plugin folder through a symbolic link",
        "`tools/out.yaml` leads outside the plugin folder through a symbolic link",
        "`../../victim/app.py` contains `..`",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for line in text.lines().filter(|l| l.contains(": DIFY")) {
        let path = line.split(':').next().unwrap();
        assert!(
            path.starts_with("ws/plugin/") && !path.contains(".."),
            "a diagnostic outside the plugin: {line}"
        );
    }
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// Every URI in a code action's edit.
fn edit_uris(edit: &Value) -> Vec<String> {
    let mut out: Vec<String> = edit["changes"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for op in edit["documentChanges"].as_array().into_iter().flatten() {
        for key in ["uri", "oldUri", "newUri"] {
            out.extend(op[key].as_str().map(String::from));
        }
        out.extend(op["textDocument"]["uri"].as_str().map(String::from));
    }
    out
}

/// Applies the text edits of a `changes` map to the disk.
fn apply(edit: &Value) {
    for (u, edits) in edit["changes"].as_object().into_iter().flatten() {
        let path = PathBuf::from(u.strip_prefix("file://").unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, apply_lsp_edits(&text, edits.as_array().unwrap())).unwrap();
    }
}

#[test]
fn the_server_publishes_and_offers_nothing_outside_the_plugin() {
    let s = Setup::new();
    s.hostile();
    let plugin_uri = format!("{}/", uri(&s.plugin()));
    let outside_before: BTreeMap<_, _> = snapshot(s.dir.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(s.plugin()))
        .collect();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&s.dir.path().join("ws"), push_client(), Value::Null);
    // Wait for the provider YAML's diagnostics, then take every push so far.
    let provider = s.plugin().join("provider/demo.yaml");
    let mut pushed: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    pushed.insert(uri(&provider), lsp.diagnostics(&provider, |d| !d.is_empty()));
    std::thread::sleep(Duration::from_millis(300));
    while let Some(m) = lsp.wait_for(Duration::from_millis(100), |m| {
        m["method"] == "textDocument/publishDiagnostics"
    }) {
        pushed.insert(
            m["params"]["uri"].as_str().unwrap().into(),
            m["params"]["diagnostics"].as_array().unwrap().clone(),
        );
    }
    lsp.backlog.clear();
    for u in pushed.keys() {
        assert!(
            u.starts_with(&plugin_uri) && !u.contains("/../") && !u.contains("/./"),
            "published for {u}"
        );
    }
    // Every action offered anywhere in every file with diagnostics, applied.
    let mut offered = 0;
    for (u, diags) in &pushed {
        for d in diags {
            let r = lsp.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
            );
            for action in r["result"].as_array().into_iter().flatten() {
                offered += 1;
                for target in edit_uris(&action["edit"]) {
                    assert!(
                        target.starts_with(&plugin_uri) && !target.contains("/../"),
                        "{} edits {target}",
                        action["title"]
                    );
                }
                apply(&action["edit"]);
            }
        }
    }
    assert!(offered > 0, "the plugin has fixable problems inside it");
    let outside_after: BTreeMap<_, _> = snapshot(s.dir.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(s.plugin()))
        .collect();
    assert_eq!(outside_before, outside_after);
    assert_eq!(
        std::fs::read_link(s.plugin().join("manifest.yaml")).unwrap(),
        Path::new("real-manifest.yaml")
    );
    lsp.shutdown();
}

#[test]
fn fifos_devices_and_huge_sparse_files_are_reported_not_read() {
    let s = Setup::new();
    let p = s.plugin();
    s.edit(
        "provider/demo.yaml",
        "  - tools/echo.yaml\n",
        "  - tools/echo.yaml\n  - tools/fifo.yaml\n  - tools/zero.yaml\n  - tools/sparse.yaml\n",
    );
    let tool = std::fs::read_to_string(p.join("tools/echo.yaml")).unwrap();
    for name in ["fifo", "zero"] {
        let t = tool
            .replace("name: echo", &format!("name: {name}"))
            .replace("tools/echo.py", &format!("tools/{name}.py"));
        std::fs::write(p.join(format!("tools/{name}.yaml")), t).unwrap();
    }
    // FIFOs where a tool module, the workspace's `.gitignore` and a git index belong.
    std::fs::create_dir_all(s.dir.path().join("ws/.git")).unwrap();
    for fifo in [
        p.join("tools/fifo.py"),
        s.dir.path().join("ws/.gitignore"),
        s.dir.path().join("ws/.git/index"),
    ] {
        assert!(Command::new("mkfifo").arg(fifo).status().unwrap().success());
    }
    symlink("/dev/zero", p.join("tools/zero.py")).unwrap();
    // A 6 GB sparse file where a tool YAML belongs: nothing of it is read.
    let sparse = std::fs::File::create(p.join("tools/sparse.yaml")).unwrap();
    sparse.set_len(6_000_000_000).unwrap();
    let (out, took) = run_bounded(&["check", "--no-progress", "ws"], s.dir.path(), Duration::from_secs(20));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("DIFY003 cannot read `fifo.py`: it is a FIFO, not a regular file"),
        "{text}"
    );
    // A link to a device leads out of the plugin: never opened.
    assert!(
        text.contains("DIFY123 `tools/zero.py` leads outside the plugin folder"),
        "{text}"
    );
    assert!(
        text.contains("DIFY005 cannot read `sparse.yaml`: the file is 5722.0 MiB, larger than the 4 MiB"),
        "{text}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");

    // The server analyses the unit, answers hover and publishes for an open file of it.
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&s.dir.path().join("ws"), push_client(), Value::Null);
    let echo = p.join("tools/echo.yaml");
    lsp.open(&echo, 1);
    lsp.publish(&echo, |_| true);
    let t = Instant::now();
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&echo)}, "position": {"line": 1, "character": 2}}),
    );
    assert!(r.get("error").is_none() && t.elapsed() < Duration::from_secs(2), "{r}");
    lsp.shutdown();
}

#[test]
fn an_open_document_over_the_limit_is_reported_and_requests_stay_fast() {
    let s = Setup::new();
    let py = s.plugin().join("tools/echo.py");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&s.dir.path().join("ws"), push_client(), Value::Null);
    let huge = format!(
        "x = 1\n{}",
        "# padding padding padding padding padding padding padding\n".repeat(100_000)
    );
    assert!(huge.len() > 5_000_000);
    let t = Instant::now();
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&py), "languageId": "python", "version": 1, "text": huge}}),
    );
    let diags = lsp.diagnostics(&py, |d| codes(d).contains(&"DIFY005".to_string()));
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert!(
        diags[0]["message"].as_str().unwrap().contains("larger than the 4 MiB"),
        "{diags:?}"
    );
    let t = Instant::now();
    lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&py)}, "position": {"line": 0, "character": 0}}),
    );
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    lsp.shutdown();
}

#[test]
fn long_literal_chains_and_one_line_yaml_with_many_keys_take_linear_time() {
    let s = Setup::new();
    let p = s.plugin();
    let chain = vec!["\"x\""; 20_000].join(" + ");
    let mut py = std::fs::read_to_string(p.join("tools/echo.py")).unwrap();
    py.push_str(&format!("\nSQL = {chain}\n"));
    std::fs::write(p.join("tools/echo.py"), py).unwrap();
    let keys: Vec<String> = (0..80_000).map(|i| format!("k{i}: 1")).collect();
    let yaml = format!("{{{}}}\n", keys.join(", "));
    let last_key_column = yaml.find("k79999").unwrap() + 1;
    std::fs::write(p.join("tools/echo.yaml"), yaml).unwrap();
    // Quadratic, these took 26 s and 5 s in a debug build; linear, under 3 s together.
    let (out, took) = run_bounded(
        &["check", "--no-progress", "--format", "json", "ws"],
        s.dir.path(),
        Duration::from_secs(60),
    );
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let last = found
        .iter()
        .filter(|d| d["code"] == "DIFY410")
        .max_by_key(|d| d["column"].as_u64())
        .unwrap();
    assert_eq!(
        last["column"], last_key_column,
        "columns count characters from the line start"
    );
    assert!(took < Duration::from_secs(15), "{took:?}");
}

/// Runs as `nobody` (root reads everything); skips with a message where that is impossible.
fn as_nobody(args: &[&str], cwd: &Path) -> Option<Output> {
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot run as an unprivileged user here");
        return None;
    }
    Some(
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin()])
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap(),
    )
}

#[test]
fn unreadable_files_and_folders_are_errors_not_passes() {
    let s = Setup::new();
    // Only the test's own folder is opened up (never its ancestors: that would change the system).
    std::fs::set_permissions(s.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for f in walk(s.dir.path()) {
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut d = f.parent().unwrap().to_path_buf();
        while d.starts_with(s.dir.path()) {
            std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
            d.pop();
        }
    }
    let yaml = s.plugin().join("tools/echo.yaml");
    std::fs::set_permissions(&yaml, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(out) = as_nobody(&["check", "--no-progress", "ws"], s.dir.path()) else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("DIFY003 cannot read `echo.yaml`: permission denied"),
        "{text}"
    );

    std::fs::set_permissions(&yaml, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(s.plugin().join("tools"), std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = as_nobody(&["check", "--no-progress", "ws"], s.dir.path()).unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("DIFY003 cannot list the folder `tools/`: permission denied"),
        "{text}"
    );
    assert!(
        !text.contains("does not exist"),
        "an unreadable folder is not a missing one:\n{text}"
    );
    std::fs::set_permissions(s.plugin().join("tools"), std::fs::Permissions::from_mode(0o755)).unwrap();

    // A plugin folder named on the command line that cannot be read: nothing passed.
    std::fs::set_permissions(s.plugin(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = as_nobody(&["check", "--no-progress", "ws/plugin"], s.dir.path()).unwrap();
    let (text, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{text}{err}");
    assert!(
        err.contains("cannot read") && err.contains("Permission denied") && !text.contains("passed"),
        "{text}{err}"
    );
    std::fs::set_permissions(s.plugin(), std::fs::Permissions::from_mode(0o755)).unwrap();

    // An unreadable manifest: that error alone (no tool called an orphan for want of its list).
    let manifest = s.plugin().join("manifest.yaml");
    std::fs::set_permissions(&manifest, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = as_nobody(&["check", "--no-progress", "ws"], s.dir.path()).unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.starts_with("ws/plugin/manifest.yaml:1:1: DIFY003 cannot read `manifest.yaml`: permission denied\nFound 1 error, 0 warnings"), "{text}");
    std::fs::set_permissions(&manifest, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn odd_names_round_trip_between_paths_and_uris() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let names: [&[u8]; 3] = [b"with%20percent", b"new\nline", b"latin1-\xe9"];
    for name in names {
        copy_dir(
            &fixtures().join("base/plugin"),
            &dir.path().join(std::ffi::OsStr::from_bytes(name)),
        );
        replace_in(
            &dir.path()
                .join(std::ffi::OsStr::from_bytes(name))
                .join("tools/echo.yaml"),
            "form: llm",
            "form: sometimes",
        );
    }
    let (out, _) = run_bounded(&["check", "--no-progress", "."], dir.path(), Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(1));
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    let mut seen = Vec::new();
    while seen.len() < names.len() {
        let m = lsp
            .wait_for(Duration::from_secs(10), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"].as_str().unwrap().ends_with("/tools/echo.yaml")
            })
            .expect("a push for each plugin's tool");
        let u = m["params"]["uri"].as_str().unwrap().to_string();
        // Decode the URI byte for byte: it must name the folder that exists.
        let raw = u.strip_prefix("file://").unwrap().as_bytes();
        let mut bytes = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'%' {
                bytes.push(u8::from_str_radix(std::str::from_utf8(&raw[i + 1..i + 3]).unwrap(), 16).unwrap());
                i += 3;
            } else {
                bytes.push(raw[i]);
                i += 1;
            }
        }
        let path = PathBuf::from(std::ffi::OsStr::from_bytes(&bytes));
        assert!(path.is_file(), "{u} names no file");
        seen.push(u);
    }
    lsp.shutdown();
}

#[test]
fn exit_without_shutdown_exits_one() {
    let mut lsp = Lsp::spawn(&[]);
    let dir = tempfile::tempdir().unwrap();
    lsp.initialize(dir.path(), push_client(), Value::Null);
    assert_eq!(lsp.exit_code(), Some(1));
}

#[test]
fn a_quick_fix_on_a_crlf_file_inserts_crlf() {
    let s = Setup::new();
    let py = s.plugin().join("tools/echo.py");
    let yaml = s.plugin().join("tools/echo.yaml");
    // The Python reads a parameter the YAML does not declare; the fix adds it to the CRLF YAML.
    replace_in(
        &py,
        "tool_parameters",
        "tool_parameters.get(\"extra_param\") and tool_parameters",
    );
    let crlf = std::fs::read_to_string(&yaml).unwrap().replace('\n', "\r\n");
    std::fs::write(&yaml, crlf).unwrap();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&s.dir.path().join("ws"), push_client(), Value::Null);
    let diags = lsp.diagnostics(&py, |d| codes(d).contains(&"DIFY512".to_string()));
    let d = diags.iter().find(|d| d["code"] == "DIFY512").unwrap();
    let r = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&py)}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let action = &r["result"][0];
    let edits = &action["edit"]["changes"][uri(&yaml)];
    let text = edits[0]["newText"].as_str().unwrap();
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "{text:?}"
    );
    lsp.shutdown();
}

#[test]
fn the_server_answers_fast_on_a_yaml_line_with_80000_unknown_keys() {
    let s = Setup::new();
    let yaml = s.plugin().join("tools/echo.yaml");
    let keys: Vec<String> = (0..80_000).map(|i| format!("k{i}: 1")).collect();
    std::fs::write(&yaml, format!("{{{}}}\n", keys.join(", "))).unwrap();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&s.dir.path().join("ws"), push_client(), Value::Null);
    let t = Instant::now();
    lsp.open(&yaml, 1);
    let u = uri(&yaml);
    let m = lsp
        .wait_for(Duration::from_secs(60), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["diagnostics"].as_array().is_some_and(|d| d.len() > 80_000)
        })
        .expect("the diagnostics of the open file");
    let diags = m["params"]["diagnostics"].as_array().unwrap().clone();
    // Quadratic column counting took 40 s in a release build; linear, a few seconds in a debug
    // build on a loaded machine.
    assert!(t.elapsed() < Duration::from_secs(25), "{:?}", t.elapsed());
    let last = diags
        .iter()
        .filter_map(|d| d["range"]["start"]["character"].as_u64())
        .max()
        .unwrap();
    assert_eq!(
        last as usize,
        std::fs::read_to_string(&yaml).unwrap().find("k79999").unwrap()
    );
    lsp.shutdown();
}
