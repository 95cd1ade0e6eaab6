//! `cargo bench --bench performance`: the whole performance report in one run.
//!
//! Generates a workspace of BENCH_PLUGINS (1,000) plugins with BENCH_TOOLS (10) tools each (a tool
//! YAML and a Python file per tool, a few mistakes in each) and two plugins with a 2,000-line tool
//! YAML, then measures, each against the raw tree-sitter parse of the same files in the same run:
//! * cold `check` throughput, on one thread and on every core (in process, files read from disk);
//! * the real `dify-lsp check` binary's wall time and peak RSS;
//! * the real server over stdio: initialize → diagnostics of the whole workspace, its peak RSS,
//!   `didChange` → versioned `publishDiagnostics` latency on small and large files
//!   (BENCH_EDITS alternating breaking/fixing edits each), and completion latency.
//!
//! Writes target/bench/report.md and target/bench/report.png.

use dify_lsp::analysis;
use dify_lsp::config::Overrides;
use dify_lsp::project::{DiskFiles, discover};
use dify_lsp::syntax::{python, yaml_tree};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod chart;
#[path = "../../tests/common/lsp.rs"]
mod lsp;
#[path = "../../tests/common/workspace_gen.rs"]
mod workspace_gen;

use lsp::{Lsp, uri};

// The allocator the shipped binary uses (`src/main.rs`): the in-process rows measure the product
// as it runs, not the analysis on the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn source_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "py")) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn parse(path: &Path, text: &str) -> tree_sitter::Tree {
    if path.extension().is_some_and(|e| e == "py") {
        python::parse(text, None)
    } else {
        yaml_tree::parse(text, None)
    }
}

/// The baseline: reads and parses every file with tree-sitter, on one thread.
fn raw_parse(files: &[PathBuf]) -> usize {
    files
        .iter()
        .map(|f| {
            parse(f, &std::fs::read_to_string(f).unwrap())
                .root_node()
                .descendant_count()
        })
        .sum()
}

fn check(root: &Path) -> usize {
    let units = discover(&[root.to_path_buf()]).unwrap();
    let configs = analysis::configs(&units, &Overrides::default()).unwrap();
    analysis::check_units(&units, &DiskFiles::new(), &configs, &|_| {}).len()
}

/// The best of `runs` timings of `f`, and its last result.
fn best<R>(runs: usize, mut f: impl FnMut() -> R) -> (Duration, R) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        out = Some(std::hint::black_box(f()));
        best = best.min(t.elapsed());
    }
    (best, out.unwrap())
}

fn vm_hwm_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1));
    kb.and_then(|k| k.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

/// Runs a command to its end; its wall time and peak RSS (MB) from `wait4`.
// `wait4` reaps the child; clippy does not see it.
#[allow(clippy::zombie_processes)]
fn run_measured(cmd: &mut std::process::Command) -> (Duration, f64) {
    let t = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    (t.elapsed(), usage.ru_maxrss as f64 / 1024.0)
}

/// In a child process (BENCH_RAW_RSS=root): parses every file and keeps all texts and trees, then
/// prints its peak RSS. The memory baseline.
fn raw_rss_child(root: &Path) {
    let kept: Vec<(String, tree_sitter::Tree)> = source_files(root)
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let tree = parse(f, &text);
            (text, tree)
        })
        .collect();
    std::hint::black_box(&kept);
    println!("{}", vm_hwm_mb(std::process::id()));
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn spawn_server(folders: &[&Path], options: Value) -> Lsp {
    let mut server = Lsp::spawn(&[]);
    let folders: Vec<Value> = folders.iter().map(|f| json!({"uri": uri(f), "name": "ws"})).collect();
    let r = server.request(
        "initialize",
        json!({"processId": null, "rootUri": folders[0]["uri"], "workspaceFolders": folders, "initializationOptions": options,
               "capabilities": {"general": {"positionEncodings": ["utf-8"]}, "window": {"workDoneProgress": true},
                                "textDocument": {"publishDiagnostics": {"versionSupport": true, "relatedInformation": true}}}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    server.notify("initialized", json!({}));
    server
}

/// Waits for the end of the start-up analysis (its work-done progress); returns how many files
/// got non-empty diagnostics on the way.
fn wait_for_workspace(server: &mut Lsp) -> usize {
    let mut with_diagnostics = std::collections::HashSet::new();
    loop {
        let m = server
            .wait_for(Duration::from_secs(600), |m| {
                m["method"] == "textDocument/publishDiagnostics" || m["method"] == "$/progress"
            })
            .expect("start-up analysis ends");
        if m["method"] == "$/progress" {
            if m["params"]["value"]["kind"] == "end" {
                return with_diagnostics.len();
            }
        } else if m["params"]["diagnostics"].as_array().is_some_and(|d| !d.is_empty()) {
            with_diagnostics.insert(m["params"]["uri"].as_str().unwrap_or("").to_string());
        }
    }
}

fn publish_for(server: &mut Lsp, u: &str, version: u64) -> Value {
    server
        .wait_for(Duration::from_secs(30), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u
                && m["params"]["version"] == version
        })
        .expect("versioned diagnostics")
}

/// Edits (and requests) made before timing starts, so that the rows show a warm server.
const WARM_UP: usize = 20;

/// `edits` alternating edits of `path` replacing `from` by `to` and back: the sorted latencies
/// from `didChange` sent to the matching versioned `publishDiagnostics` received, and the number
/// of diagnostics the file has before the edits.
fn edit_latencies(server: &mut Lsp, path: &Path, from: &str, to: &str, edits: usize) -> (Vec<Duration>, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let u = uri(path);
    server.open(path, 0);
    let opened = publish_for(server, &u, 0);
    let diagnostics = opened["params"]["diagnostics"].as_array().map_or(0, Vec::len);
    let at = text.find(from).expect("edit site");
    let line = text[..at].matches('\n').count() as u64;
    let col = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u64;
    let mut out = Vec::new();
    for version in 1..=(WARM_UP + edits) as u64 {
        let (old, new) = if version % 2 == 1 { (from, to) } else { (to, from) };
        let end = col + old.len() as u64;
        let change = json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": end}}, "text": new});
        let t = Instant::now();
        server.change(path, version as i64, json!([change]));
        let m = publish_for(server, &u, version);
        if version as usize > WARM_UP {
            out.push(t.elapsed());
        }
        // Each breaking edit adds diagnostics, each fixing edit takes them away.
        let count = m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        assert_eq!(
            count > diagnostics,
            version % 2 == 1,
            "edit {version} of {}: {m}",
            path.display()
        );
    }
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    out.sort();
    (out, diagnostics)
}

/// One line of the report: a measurement, what it is compared with, and the ratio.
struct Row {
    group: &'static str,
    what: String,
    value: String,
    baseline: String,
    ratio: f64,
}

impl Row {
    /// A duration against the raw parse of the workspace.
    fn timed(group: &'static str, what: String, d: Duration, parse_ms: f64) -> Row {
        let value = format!("{:.0} ms", ms(d));
        let baseline = format!("{parse_ms:.0} ms raw parse");
        Row {
            group,
            what,
            value,
            baseline,
            ratio: ms(d) / parse_ms,
        }
    }

    /// A peak RSS against the baseline's, and per 1,000 files.
    fn memory(what: &str, rss: f64, baseline: f64, files: f64) -> Row {
        let per_1000 = |mb: f64| mb / files * 1000.0;
        Row {
            group: "memory",
            what: what.into(),
            value: format!("{rss:.0} MB = {:.1} MB / 1,000 files", per_1000(rss)),
            baseline: format!("{:.1} MB / 1,000 files holding every parse", per_1000(baseline)),
            ratio: rss / baseline,
        }
    }

    /// p50 and p99 of sorted latencies against one raw parse of the file concerned.
    fn latencies(group: &'static str, what: &str, sorted: &[Duration], parse: Duration) -> [Row; 2] {
        [(0.5, "p50"), (0.99, "p99")].map(|(p, name)| {
            let v = percentile(sorted, p);
            Row {
                group,
                what: format!("{what} {name}"),
                value: format!("{:.2} ms", ms(v)),
                baseline: format!("{:.2} ms raw parse of the file", ms(parse)),
                ratio: ms(v) / ms(parse),
            }
        })
    }
}

/// Inputs that used to take super-linear time (issue 10), each a plugin of its own: `check` of it
/// against the raw parse of its files. Linear work keeps the ratio near the workspace's.
fn hostile_rows(out_dir: &Path, runs: usize) -> Vec<Row> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base/plugin");
    let chain = vec!["\"x\""; 20_000].join(" + ");
    let keys: Vec<String> = (0..80_000).map(|i| format!("k{i}: 1")).collect();
    let cases = [
        (
            "a 20,000-term string chain in a tool module",
            "tools/echo.py",
            format!(
                "{}\nSQL = {chain}\n",
                std::fs::read_to_string(base.join("tools/echo.py")).unwrap()
            ),
        ),
        (
            "one YAML line with 80,000 unknown keys",
            "tools/echo.yaml",
            format!("{{{}}}\n", keys.join(", ")),
        ),
    ];
    let mut rows = Vec::new();
    for (i, (what, file, text)) in cases.into_iter().enumerate() {
        let root = out_dir.join(format!("hostile-{i}"));
        let _ = std::fs::remove_dir_all(&root);
        for f in source_files(&base)
            .into_iter()
            .chain([base.join("_assets/icon.svg"), base.join("pyproject.toml")])
        {
            let dest = root.join(f.strip_prefix(&base).unwrap());
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&f, dest).unwrap();
        }
        std::fs::write(root.join(file), text).unwrap();
        let files = source_files(&root);
        let parse_ms = ms(best(runs, || raw_parse(&files)).0);
        let (d, found) = best(runs, || check(&root));
        let mut row = Row::timed("hostile", format!("cold `check`, {what}"), d, parse_ms);
        row.value += &format!(" · {found} diagnostics");
        rows.push(row);
    }
    rows
}

/// The files a `check` reads, recorded (the real corpus's baseline is the parse of exactly those).
struct Recording {
    disk: DiskFiles,
    read: std::sync::Mutex<std::collections::BTreeSet<PathBuf>>,
}

impl dify_lsp::project::Files for Recording {
    fn read(&self, path: &Path) -> Option<std::sync::Arc<dify_lsp::project::SourceFile>> {
        self.read.lock().unwrap().insert(path.to_path_buf());
        self.disk.read(path)
    }
    fn is_file(&self, path: &Path) -> bool {
        self.disk.is_file(path)
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.disk.is_dir(path)
    }
    fn list_dir(&self, path: &Path) -> Vec<dify_lsp::project::DirEntry> {
        self.disk.list_dir(path)
    }
    fn dir_problem(&self, path: &Path) -> Option<dify_lsp::project::files::ReadProblem> {
        self.disk.dir_problem(path)
    }
    fn is_symlink(&self, path: &Path) -> bool {
        self.disk.is_symlink(path)
    }
}

/// The real corpus (`BENCH_CORPUS`, default `target/corpus` when it is there: see
/// `tests/corpus/check`): `check` on one thread against the raw parse of the YAML and Python
/// files it reads, in the same run.
fn corpus_rows(runs: usize) -> Vec<Row> {
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/corpus");
    let corpus = std::env::var_os("BENCH_CORPUS").map(PathBuf::from).unwrap_or(default);
    // Canonical, as the CLI sees a folder it is given: with `server/../target` in the root, paths
    // written in the YAML resolve outside the unit and are never read (the corpus row once
    // measured a check that skipped every module and model file).
    let Ok(corpus) = std::fs::canonicalize(&corpus) else {
        eprintln!("no corpus at {} (BENCH_CORPUS): its rows are skipped", corpus.display());
        return Vec::new();
    };
    let units = discover(std::slice::from_ref(&corpus)).unwrap();
    let configs = analysis::configs(&units, &Overrides::default()).unwrap();
    let recording = Recording {
        disk: DiskFiles::new(),
        read: Default::default(),
    };
    analysis::check_units(&units, &recording, &configs, &|_| {});
    let files: Vec<PathBuf> = recording
        .read
        .into_inner()
        .unwrap()
        .into_iter()
        .filter(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "py")) && p.is_file())
        .collect();
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    eprintln!(
        "corpus: {} units, raw parse of the {} files check reads ({:.1} MB)…",
        units.len(),
        files.len(),
        bytes as f64 / 1e6
    );
    let parse_ms = ms(best(runs, || raw_parse(&files)).0);
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let (d, found) = best(runs, || one.install(|| check(&corpus)));
    let mut row = Row::timed(
        "corpus",
        format!("cold `check` of the real corpus ({} units), 1 thread", units.len()),
        d,
        parse_ms,
    );
    row.value += &format!(" · {} files · {found} diagnostics", files.len());
    vec![row]
}

fn main() {
    if let Some(root) = std::env::var_os("BENCH_RAW_RSS") {
        return raw_rss_child(Path::new(&root));
    }
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only == "corpus") {
        // The real-corpus row alone, printed (the report is left as it is).
        for row in corpus_rows(env("BENCH_RUNS", 3)) {
            println!("{} | {} | {} | {:.2}×", row.what, row.value, row.baseline, row.ratio);
        }
        return;
    }
    let plugins = env("BENCH_PLUGINS", 1000);
    let tools = env("BENCH_TOOLS", 10);
    let runs = env("BENCH_RUNS", 3);
    let edits = env("BENCH_EDITS", 1000);
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("target/bench");
    let ws = out_dir.join(format!("workspace-{plugins}x{tools}"));
    if !ws.exists() {
        workspace_gen::generate(&ws, plugins, tools).unwrap();
    }
    let large = out_dir.join("large");
    if !large.exists() {
        workspace_gen::generate(&large, 2, 1).unwrap();
        workspace_gen::large_tool(&large.join("plugin_0000"), 2000, true).unwrap();
        workspace_gen::large_tool(&large.join("plugin_0001"), 2000, false).unwrap();
    }
    let files = source_files(&ws);
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    let (mb, n) = (bytes as f64 / 1e6, files.len() as f64);
    let mut rows = Vec::new();

    eprintln!("raw tree-sitter parse of {} files ({mb:.1} MB)…", files.len());
    let parse_ms = ms(best(runs, || raw_parse(&files)).0);

    eprintln!("check…");
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let (check1, diags) = best(runs, || one.install(|| check(&ws)));
    let (check_all, _) = best(runs, || check(&ws));
    let cores = rayon::current_num_threads();
    for (label, d) in [
        ("1 thread".to_string(), check1),
        (format!("{cores} threads (default)"), check_all),
    ] {
        let mut row = Row::timed("check", format!("cold `check`, {label}"), d, parse_ms);
        row.value += &format!(
            " · {:.0} files/s · {:.1} MB/s",
            n / d.as_secs_f64(),
            mb / d.as_secs_f64()
        );
        rows.push(row);
    }
    rows.extend(hostile_rows(&out_dir, runs));
    rows.extend(corpus_rows(runs));
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .env("BENCH_RAW_RSS", &ws)
        .output()
        .unwrap();
    let raw_rss: f64 = String::from_utf8_lossy(&child.stdout)
        .trim()
        .parse()
        .expect("the baseline's peak RSS");
    let bin = env!("CARGO_BIN_EXE_dify-lsp");
    let (cli_time, cli_rss) = run_measured(
        std::process::Command::new(bin)
            .args(["check", "--format", "json"])
            .arg(&ws),
    );
    let what = "`dify-lsp check` binary (process start to exit)".to_string();
    rows.push(Row::timed("check", what, cli_time, parse_ms));
    rows.push(Row::memory("`dify-lsp check` peak RSS", cli_rss, raw_rss, n));

    // The per-file baselines, measured before any server runs.
    let small_yaml = ws.join("plugin_0001/tools/tool_01.yaml");
    let small_py = ws.join("plugin_0001/tools/tool_01.py");
    let clean = large.join("plugin_0000/tools/tool_00.yaml");
    let hints = large.join("plugin_0001/tools/tool_00.yaml");
    let file_parse: std::collections::HashMap<PathBuf, Duration> = [&small_yaml, &small_py, &clean, &hints]
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            (path.clone(), best(100, || parse(path, &text)).0)
        })
        .collect();

    eprintln!("server start-up…");
    let t = Instant::now();
    let mut server = spawn_server(&[&ws], Value::Null);
    let with_diagnostics = wait_for_workspace(&mut server);
    let startup = t.elapsed();
    let server_rss = vm_hwm_mb(server.pid());
    let what = format!("initialize → diagnostics of all {plugins} plugins ({with_diagnostics} files with diagnostics)");
    rows.push(Row::timed("server", what, startup, parse_ms));
    rows.push(Row::memory("server peak RSS after start-up", server_rss, raw_rss, n));

    eprintln!("edits…");
    let lines = |p: &Path| std::fs::read_to_string(p).unwrap().lines().count();
    let mut edit_row = |server: &mut Lsp, kind: &str, path: PathBuf, from: &str, to: &str| {
        let (lat, diagnostics) = edit_latencies(server, &path, from, to, edits);
        let base = file_parse[&path];
        let what = format!(
            "edit → diagnostics, {kind} ({} lines, {diagnostics} diagnostics),",
            lines(&path)
        );
        rows.extend(Row::latencies("edit", &what, &lat, base));
    };
    edit_row(&mut server, "tool YAML", small_yaml, "type: string", "type: strng");
    edit_row(
        &mut server,
        "Python tool",
        small_py,
        "tool_parameters[\"p0\"]",
        "tool_parameters[\"px\"]",
    );
    let (code, _) = server.shutdown();
    assert_eq!(code, Some(0), "the server exits cleanly");

    let mut server = spawn_server(&[&large], Value::Null);
    wait_for_workspace(&mut server);
    edit_row(
        &mut server,
        "large tool YAML",
        clean.clone(),
        "type: string",
        "type: strng",
    );
    edit_row(
        &mut server,
        "large tool YAML, every parameter unread",
        hints,
        "type: string",
        "type: strng",
    );

    // Completion on the large tool YAML: a value (`type: `) and a key position, alternately.
    let text = std::fs::read_to_string(&clean).unwrap();
    server.open(&clean, 0);
    publish_for(&mut server, &uri(&clean), 0);
    let at = text.rfind("    type: select").unwrap() + "    type: ".len();
    let line = text[..at].matches('\n').count();
    let mut completion = Vec::new();
    for i in 0..WARM_UP + edits {
        let (l, c) = if i % 2 == 0 { (line, 10) } else { (line + 1, 4) };
        let t = Instant::now();
        let r = server.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&clean)}, "position": {"line": l, "character": c}}),
        );
        if i >= WARM_UP {
            completion.push(t.elapsed());
        }
        assert!(r["result"].as_array().is_some_and(|a| !a.is_empty()), "{r}");
    }
    completion.sort();
    let what = format!("completion, large tool YAML ({} lines),", text.lines().count());
    rows.extend(Row::latencies("completion", &what, &completion, file_parse[&clean]));
    let (code, _) = server.shutdown();
    assert_eq!(code, Some(0), "the server exits cleanly");

    let mut table = format!(
        "Workspace: {plugins} plugins, {} tool YAML and {} Python tool files, {} YAML + Python files in all, \
{mb:.1} MB; `check` finds {diags} diagnostics. {cores} cores. Best of {runs} runs for throughput; {edits} edits or \
requests per latency row after {WARM_UP} to warm up, `didChange` sent → versioned `publishDiagnostics` received, over stdio.\n\n\
| measurement | value | baseline (raw tree-sitter parse) | ratio |\n|---|---|---|---|\n",
        plugins * tools,
        plugins * tools,
        files.len(),
    );
    for r in &rows {
        table.push_str(&format!(
            "| {} | {} | {} | {:.2}× |\n",
            r.what, r.value, r.baseline, r.ratio
        ));
    }
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("report.md"), &table).unwrap();
    println!("{table}");
    let bars: Vec<(String, &str, f64)> = rows.iter().map(|r| (r.what.clone(), r.group, r.ratio)).collect();
    match chart::draw(&out_dir.join("report.png"), &bars) {
        Ok(()) => println!("Wrote target/bench/report.md and target/bench/report.png"),
        Err(e) => println!("Wrote target/bench/report.md; no chart: {e}"),
    }
}
