//! `cargo bench --bench check`: `dify-lsp check` on a generated workspace, against the raw
//! tree-sitter parse of the same files (both read the files from disk). Writes a Markdown table to
//! target/bench/check.md.
//!
//! Environment: BENCH_PLUGINS (default 200), BENCH_TOOLS per plugin (default 10), BENCH_RUNS (5).

use dify_lsp::analysis;
use dify_lsp::config::Overrides;
use dify_lsp::project::{DiskFiles, discover};
use dify_lsp::syntax::{python, yaml_tree};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Reads and parses every YAML and Python file with tree-sitter, on one thread.
fn raw_parse(files: &[PathBuf]) -> usize {
    let mut nodes = 0;
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let tree = if f.extension().is_some_and(|e| e == "py") {
            python::parse(&text, None)
        } else {
            yaml_tree::parse(&text, None)
        };
        nodes += tree.root_node().descendant_count();
    }
    nodes
}

fn check(root: &Path) -> usize {
    let units = discover(&[root.to_path_buf()]).unwrap();
    let configs = analysis::configs(&units, &Overrides::default()).unwrap();
    analysis::check_units(&units, &DiskFiles::new(), &configs, &|_| {}).len()
}

/// The best of `runs` timings.
fn best(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut out = 0;
    for _ in 0..runs {
        let t = Instant::now();
        out = std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    (best, out)
}

fn main() {
    let plugins = env("BENCH_PLUGINS", 200);
    let tools = env("BENCH_TOOLS", 10);
    let runs = env("BENCH_RUNS", 5);
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let ws = out_dir.join(format!("workspace-{plugins}x{tools}"));
    if !ws.exists() {
        dify_lsp::workspace_gen::generate(&ws, plugins, tools).unwrap();
    }
    let files = source_files(&ws);
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    let (parse, _) = best(runs, || raw_parse(&files));
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let (check1, diags) = best(runs, || one.install(|| check(&ws)));
    let (check_all, _) = best(runs, || check(&ws));
    let cores = rayon::current_num_threads();
    let mbs = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    let fps = |d: Duration| files.len() as f64 / d.as_secs_f64();
    let table = format!(
        "Workspace: {plugins} plugins, {} tool YAML files, {} YAML + Python files, {:.1} MB; {diags} diagnostics. Best of {runs} runs.\n\n\
| measurement | time | files/s | MB/s | ratio to raw parse |\n|---|---|---|---|---|\n\
| raw tree-sitter parse (1 thread) | {:.1} ms | {:.0} | {:.1} | 1.00 |\n\
| `check`, 1 thread | {:.1} ms | {:.0} | {:.1} | {:.2} |\n\
| `check`, {cores} threads (default) | {:.1} ms | {:.0} | {:.1} | {:.2} |\n",
        plugins * tools,
        files.len(),
        bytes as f64 / 1e6,
        parse.as_secs_f64() * 1e3,
        fps(parse),
        mbs(parse),
        check1.as_secs_f64() * 1e3,
        fps(check1),
        mbs(check1),
        check1.as_secs_f64() / parse.as_secs_f64(),
        check_all.as_secs_f64() * 1e3,
        fps(check_all),
        mbs(check_all),
        check_all.as_secs_f64() / parse.as_secs_f64(),
    );
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("check.md"), &table).unwrap();
    println!("{table}");
}
