//! Workspace walking and the server's own watcher, at scale and when something is in the way:
//! ignored trees cost no watches, an unreadable folder or the watch limit degrades visibly (the
//! rest keeps being watched, or polled), symlinked plugins are found and symlink loops end. Over
//! the real binary: `check` and the language server on stdio with a client that does not watch
//! files (Helix), so that the server watches the disk itself. Linux only: watches are counted in
//! `/proc`.
#![cfg(target_os = "linux")]

mod common;

use common::lsp::*;
use common::*;
use serde_json::Value;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Runs what follows as `nobody`: root reads every folder, so unreadable folders need another user.
const UNPRIVILEGED: &[&str] = &["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

fn can_run_unprivileged() -> bool {
    Command::new(UNPRIVILEGED[0])
        .args(&UNPRIVILEGED[1..])
        .arg("true")
        .status()
        .is_ok_and(|s| s.success())
}

/// The inotify watches a process holds, from the kernel's own account (`/proc/<pid>/fdinfo`).
fn inotify_watches(pid: u32) -> usize {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return 0;
    };
    fds.flatten()
        .filter(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t == Path::new("anon_inode:inotify")))
        .map(|fd| {
            let info = std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy()))
                .unwrap_or_default();
            info.lines().filter(|l| l.starts_with("inotify wd:")).count()
        })
        .sum()
}

/// Waits until the server holds `expected` inotify watches (they follow events asynchronously).
fn wait_for_watches(pid: u32, expected: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let n = inotify_watches(pid);
        if n == expected || Instant::now() > deadline {
            return n;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The base plugin with its author misspelt (DIFY201, an error), so that it always has a diagnostic.
fn broken_plugin(at: &Path) {
    copy_dir(&fixtures().join("base/plugin"), at);
    replace_in(&at.join("manifest.yaml"), "author: acme", "author: ACME");
}

/// A workspace `ws/` holding that plugin as `ws/plugin`: 5 folders with `ws` itself.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    broken_plugin(&ws.join("plugin"));
    (dir, ws)
}

/// `count` folders under `ws/node_modules`: packages of one folder and nine subfolders each.
fn node_modules(ws: &Path, count: usize) {
    for p in 0..count / 10 {
        for sub in 1..10 {
            std::fs::create_dir_all(ws.join(format!("node_modules/pkg{p}/lib{sub}"))).unwrap();
        }
    }
}

/// The server's announcement of its own watcher, and the number of folders it says it watches.
fn announced_folders(lsp: &mut Lsp) -> Option<usize> {
    let m = lsp.wait_for(Duration::from_secs(20), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("watches the workspace")
    })?;
    let text = m["params"]["message"].as_str().unwrap().to_string();
    let count = text.rsplit(": ").next()?.split_whitespace().next()?.parse().ok();
    Some(count.unwrap_or(usize::MAX))
}

fn log_messages(lsp: &Lsp) -> Vec<String> {
    lsp.backlog
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| m["params"]["message"].as_str().unwrap_or("").to_string())
        .collect()
}

fn check(args: &[&str], wrapper: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_dify-lsp");
    let mut cmd = match wrapper.split_first() {
        Some((program, rest)) => {
            let mut c = Command::new(program);
            c.args(rest).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    cmd.arg("check").args(args).output().expect("run dify-lsp check")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Deletes a tool's Python file and waits for the server to report it missing on the tool's YAML:
/// the proof that a disk edit was noticed.
fn delete_py_and_see_it_noticed(lsp: &mut Lsp, plugin: &Path) {
    std::fs::remove_file(plugin.join("tools/echo.py")).unwrap();
    lsp.diagnostics(&plugin.join("tools/echo.yaml"), |d| {
        codes(d).contains(&"DIFY111".to_string())
    });
}

#[test]
fn a_big_node_modules_costs_no_watches_and_no_time() {
    let (_dir, ws) = workspace();
    node_modules(&ws, 2_000);
    let mut lsp = Lsp::spawn(&[]);
    let started = Instant::now();
    lsp.initialize(&ws, helix_client(), Value::Null);
    lsp.diagnostics(&ws.join("plugin/manifest.yaml"), |d| codes(d) == ["DIFY201"]);
    let first = started.elapsed();
    assert_eq!(announced_folders(&mut lsp), Some(5), "ws and the plugin's four folders");
    assert_eq!(wait_for_watches(lsp.pid(), 5), 5, "node_modules holds no watch");
    // Generous: a shared machine; the real figure is milliseconds (the README's Limits section).
    assert!(first < Duration::from_secs(5), "first diagnostics after {first:?}");
    delete_py_and_see_it_noticed(&mut lsp, &ws.join("plugin"));
    lsp.shutdown();
}

#[test]
fn an_unreadable_folder_is_reported_and_the_rest_is_still_watched() {
    if !can_run_unprivileged() {
        eprintln!("skipped: cannot run the server as an unprivileged user (needs root and setpriv)");
        return;
    }
    let (dir, ws) = workspace();
    // A database volume owned by another user (root here), as Docker leaves them.
    let data = ws.join("docker/volumes/db/data");
    std::fs::create_dir_all(data.join("base")).unwrap();
    for d in [dir.path(), &ws] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();

    let o = check(&[ws.to_str().unwrap()], UNPRIVILEGED);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "the plugin is still checked\n{out}\n{err}");
    assert!(out.contains("DIFY201"), "{out}");
    assert!(
        err.contains("docker/volumes/db/data") && err.contains("ermission denied"),
        "the skipped folder is reported: {err}"
    );

    let mut lsp = Lsp::spawn_wrapped(UNPRIVILEGED, &[]);
    lsp.initialize(&ws, helix_client(), Value::Null);
    // ws, the plugin's four, docker, volumes, db: everything but the unreadable folder.
    assert_eq!(announced_folders(&mut lsp), Some(8));
    assert!(
        log_messages(&lsp)
            .iter()
            .any(|m| m.contains("docker/volumes/db/data") && m.contains("not watched")),
        "the unreadable folder is reported: {:?}",
        log_messages(&lsp)
    );
    delete_py_and_see_it_noticed(&mut lsp, &ws.join("plugin"));
    lsp.shutdown();
}

#[test]
fn a_gitignored_folder_is_neither_discovered_nor_watched_unless_named() {
    let (_dir, ws) = workspace();
    broken_plugin(&ws.join("generated/copy"));
    std::fs::write(ws.join(".gitignore"), "/generated/\n").unwrap();

    let o = check(&[ws.to_str().unwrap()], &[]);
    let out = text(&o.stdout);
    assert!(
        out.contains("(1 plugin: 1 tool).") && !out.contains("generated"),
        "{out}"
    );
    // Named explicitly, an ignored folder is checked all the same.
    let named = ws.join("generated");
    let o = check(&[named.to_str().unwrap()], &[]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("generated/copy/manifest.yaml") && out.contains("(1 plugin: 1 tool)."),
        "{out}"
    );

    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&ws, helix_client(), Value::Null);
    lsp.diagnostics(&ws.join("plugin/manifest.yaml"), |d| codes(d) == ["DIFY201"]);
    assert_eq!(announced_folders(&mut lsp), Some(5), "generated/ is not watched");
    assert_eq!(wait_for_watches(lsp.pid(), 5), 5);
    let ignored = uri(&ws.join("generated/copy/manifest.yaml"));
    assert!(
        !lsp.backlog.iter().any(|m| m["params"]["uri"] == ignored.as_str()),
        "nothing is published for an ignored plugin"
    );
    lsp.shutdown();
}

#[test]
fn a_symlinked_plugin_is_checked_and_symlink_loops_end() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    broken_plugin(&dir.path().join("src/my-plugin"));
    std::fs::create_dir_all(ws.join("nested")).unwrap();
    symlink("../src/my-plugin", ws.join("my-plugin")).unwrap();
    // Loops: to the workspace itself, to its parent (which holds it), and to a folder inside it.
    symlink("..", ws.join("nested/back")).unwrap();
    symlink("..", ws.join("up")).unwrap();
    symlink(".", ws.join("nested/here")).unwrap();
    symlink("../my-plugin", ws.join("nested/again")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_dify-lsp"))
        .args(["check", ws.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("check did not end: a symlink loop");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("ws/my-plugin/manifest.yaml"), "{out}");
    assert_eq!(out.matches("DIFY201").count(), 1, "the plugin is checked once: {out}");

    // The server watches the plugin through the link: ws, nested, and the plugin's four.
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&ws, helix_client(), Value::Null);
    lsp.diagnostics(&ws.join("my-plugin/manifest.yaml"), |d| codes(d) == ["DIFY201"]);
    assert_eq!(announced_folders(&mut lsp), Some(6));
    delete_py_and_see_it_noticed(&mut lsp, &ws.join("my-plugin"));
    lsp.shutdown();
}

#[test]
fn folders_created_later_are_watched_unless_ignored() {
    let (_dir, ws) = workspace();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&ws, helix_client(), Value::Null);
    assert_eq!(announced_folders(&mut lsp), Some(5));
    lsp.diagnostics(&ws.join("plugin/manifest.yaml"), |d| codes(d) == ["DIFY201"]);

    // An ignored tree appears, then a plugin: only the plugin's folders are watched.
    node_modules(&ws, 100);
    let later = ws.join("later");
    broken_plugin(&later);
    lsp.diagnostics(&later.join("manifest.yaml"), |d| codes(d) == ["DIFY201"]);
    assert_eq!(wait_for_watches(lsp.pid(), 9), 9, "ws, plugin (4) and later (4)");
    // A file in a folder made after the server started: its deletion is noticed.
    delete_py_and_see_it_noticed(&mut lsp, &later);
    // Ignoring it drops its watches; not ignoring it any more brings them back.
    std::fs::write(ws.join(".gitignore"), "/later/\n").unwrap();
    assert_eq!(wait_for_watches(lsp.pid(), 5), 5, "an ignored folder is not watched");
    std::fs::remove_file(ws.join(".gitignore")).unwrap();
    assert_eq!(wait_for_watches(lsp.pid(), 9), 9);
    std::fs::remove_dir_all(&later).unwrap();
    assert_eq!(wait_for_watches(lsp.pid(), 5), 5);
    lsp.shutdown();
}

#[test]
fn at_the_watch_limit_the_user_is_told_and_the_disk_is_polled() {
    let (_dir, ws) = workspace();
    // The test hook: the server's watcher acts as if the system allowed only two watches.
    let mut lsp = Lsp::spawn(&[("DIFY_LSP_MAX_WATCHES", "2")]);
    lsp.initialize(&ws, helix_client(), Value::Null);
    let shown = lsp
        .wait_for(Duration::from_secs(20), |m| m["method"] == "window/showMessage")
        .expect("the user is told");
    let message = shown["params"]["message"].as_str().unwrap();
    assert_eq!(shown["params"]["type"], 2, "a warning: {message}");
    assert!(
        message.contains("polling") && message.contains("fs.inotify.max_user_watches"),
        "{message}"
    );
    lsp.diagnostics(&ws.join("plugin/manifest.yaml"), |d| codes(d) == ["DIFY201"]);
    assert_eq!(wait_for_watches(lsp.pid(), 0), 0, "the inotify watches are given back");
    delete_py_and_see_it_noticed(&mut lsp, &ws.join("plugin"));
    // Told once: a folder created while polling adds no second message.
    broken_plugin(&ws.join("later"));
    lsp.diagnostics(&ws.join("later/manifest.yaml"), |d| codes(d) == ["DIFY201"]);
    assert!(
        !lsp.backlog.iter().any(|m| m["method"] == "window/showMessage"),
        "the fallback is announced once"
    );
    lsp.shutdown();
}

/// Not a test: the numbers for the README's Limits section. Run against a release build:
/// `DIFY_MEASURE_FOLDERS=20000 cargo test --release --test watching -- --ignored --nocapture`.
#[test]
#[ignore = "measurement, run by hand"]
fn measure_first_diagnostics_and_watches_with_a_large_node_modules() {
    let folders: usize = std::env::var("DIFY_MEASURE_FOLDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let (_dir, ws) = workspace();
    node_modules(&ws, folders);
    for run in 1..=3 {
        let mut lsp = Lsp::spawn(&[]);
        let started = Instant::now();
        lsp.initialize(&ws, helix_client(), Value::Null);
        lsp.diagnostics(&ws.join("plugin/manifest.yaml"), |d| codes(d) == ["DIFY201"]);
        let first = started.elapsed();
        announced_folders(&mut lsp);
        let announced = started.elapsed();
        let watches = inotify_watches(lsp.pid());
        println!(
            "run {run}: {folders} node_modules folders: first diagnostics {:.1} ms, watcher ready {:.1} ms, {watches} inotify watches",
            first.as_secs_f64() * 1e3,
            announced.as_secs_f64() * 1e3
        );
        lsp.shutdown();
    }
}
