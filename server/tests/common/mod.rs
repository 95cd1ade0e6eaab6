//! Helpers shared by the integration tests: fixture materialisation and `# expect:` markers.
#![allow(dead_code)]

pub mod lsp;
pub mod workspace_gen;

use dify_lsp::analysis;
use dify_lsp::config::Overrides;
use dify_lsp::project::{DiskFiles, discover};
use dify_lsp::rules::Diagnostic;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ has a parent")
        .to_path_buf()
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// `(relative path, 1-based line, code)`.
pub type Finding = (String, u32, String);

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Runs the checker on `root` the way `dify-lsp check` does.
pub fn check(root: &Path) -> Vec<Diagnostic> {
    let units = discover(&[root.to_path_buf()]).expect("discover");
    let configs = analysis::configs(&units, &Overrides::default()).expect("config");
    analysis::check_units(&units, &DiskFiles::new(), &configs, &|_| {})
}

pub fn findings(root: &Path) -> BTreeSet<Finding> {
    let root = std::path::absolute(root).unwrap();
    check(&root)
        .iter()
        .map(|d| {
            let (line, _) = d
                .file
                .lines
                .position(&d.file.text, d.span.start, dify_lsp::syntax::Encoding::Utf8);
            (rel(&root, d.path()), line + 1, d.rule.code.to_string())
        })
        .collect()
}

/// Expectations written in the files: `# expect: CODE[, CODE]` at the end of the line the
/// diagnostic starts on, or alone on the line above it; plus `expected.txt` lines `path:line CODE`.
pub fn markers(root: &Path) -> BTreeSet<Finding> {
    markers_on(root, None)
}

/// The expectations of a case run on `layout` (`plugin`, `intree1`, `intree0`):
/// `# expect(plugin, intree1): CODE` holds only on the layouts named; `# expect: CODE` on all.
pub fn markers_on(root: &Path, layout: Option<&str>) -> BTreeSet<Finding> {
    let mut out = BTreeSet::new();
    for path in walk(root) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let r = rel(root, &path);
        if r == "expected.txt" {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let (loc, code) = line.split_once(' ').expect("`path:line CODE`");
                let (p, l) = loc.rsplit_once(':').expect("`path:line`");
                out.insert((p.to_string(), l.parse().expect("line number"), code.trim().to_string()));
            }
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("# expect") else {
                continue;
            };
            let rest = &line[at + "# expect".len()..];
            let (only, codes) = if let Some(rest) = rest.strip_prefix(':') {
                (None, rest)
            } else if let Some(rest) = rest.strip_prefix('(') {
                let (names, codes) = rest.split_once("):").expect("`# expect(layout, …): CODE`");
                let names: Vec<&str> = names.split(',').map(str::trim).collect();
                for n in &names {
                    assert!(
                        ["plugin", "intree1", "intree0"].contains(n),
                        "{r}:{}: unknown layout `{n}`",
                        i + 1
                    );
                }
                (Some(names), codes)
            } else {
                continue;
            };
            if let (Some(names), Some(layout)) = (&only, layout)
                && !names.contains(&layout)
            {
                continue;
            }
            let target = if line[..at].trim().is_empty() { i + 2 } else { i + 1 };
            for code in codes.split(',') {
                out.insert((r.clone(), target as u32, code.trim().to_string()));
            }
        }
    }
    out
}

pub fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            // A symbolic link is never followed (a fixture may link to `/`).
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(t) if t.is_file() => out.push(p),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    for f in walk(from) {
        let dest = to.join(f.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&f, &dest).unwrap();
    }
}

/// The layouts a rule case runs on: `base = "…"` (one), or `layouts = [...]` for a portable
/// case, written in the plugin layout and ported to the others by [`materialize_on`].
pub fn case_layouts(case: &Path) -> Vec<String> {
    let spec = case_spec(case);
    if let Some(list) = spec.get("layouts").and_then(|l| l.as_array()) {
        return list
            .iter()
            .map(|l| l.as_str().expect("a layout name").to_string())
            .collect();
    }
    vec![
        spec.get("base")
            .and_then(|b| b.as_str())
            .expect("case.toml names a `base` or `layouts`")
            .to_string(),
    ]
}

fn case_spec(case: &Path) -> toml::Table {
    toml::from_str(&std::fs::read_to_string(case.join("case.toml")).expect("case.toml")).expect("case.toml parses")
}

/// A rule case on its first layout.
pub fn materialize(case: &Path) -> tempfile::TempDir {
    materialize_on(case, &case_layouts(case)[0])
}

/// The folder of the provider in an in-tree base.
pub fn intree_provider(layout: &str) -> &'static str {
    match layout {
        "intree1" => "api/core/tools/builtin_tool/providers/demo",
        "intree0" => "api/core/tools/provider/builtin/demo",
        other => panic!("`{other}` is not an in-tree layout"),
    }
}

/// A rule case: its base template copied into a temporary folder, then its kit if it names one
/// (`kit = "model"`: a small plugin of another kind in `tests/fixtures/kits/`, shared by the cases
/// that change only a file or two of it), the case's files laid over them, and then what
/// `case.toml` asks for: `delete` (files removed), `links` (`{"path" = "target"}`:
/// symbolic links made, the target as written) and `pad` (`{"path" = bytes}`: a file grown with
/// comment lines to that size, for size limits a repository should not hold).
///
/// A portable case (`layouts = [...]`) is written in the plugin layout and holds only YAML under
/// `provider/` and `tools/`, tool modules and `_assets/`. On an in-tree layout its provider YAML
/// becomes `<provider>/demo.yaml` and its tools `<provider>/tools/`, without the plugin-only
/// top-level blocks (`tools:` and `extra:`: in-tree Dify lists tools by folder and imports by
/// file name); every tool module is [`generic_tool`], since such a case is about the YAML.
pub fn materialize_on(case: &Path, layout: &str) -> tempfile::TempDir {
    let spec = case_spec(case);
    let portable = spec.contains_key("layouts");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base").join(layout), dir.path());
    if let Some(kit) = spec.get("kit").and_then(|k| k.as_str()) {
        copy_dir(&fixtures().join("kits").join(kit), dir.path());
    }
    for f in walk(case) {
        let r = f.strip_prefix(case).unwrap();
        if r == Path::new("case.toml") {
            continue;
        }
        if !portable || layout == "plugin" {
            let dest = dir.path().join(r);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&f, &dest).unwrap();
            continue;
        }
        let provider = dir.path().join(intree_provider(layout));
        let name = r.file_name().unwrap().to_string_lossy().to_string();
        let top = r.components().next().unwrap().as_os_str().to_string_lossy().to_string();
        let is_yaml = name.ends_with(".yaml");
        let (dest, text) = match (top.as_str(), is_yaml) {
            ("provider", true) => (
                provider.join("demo.yaml"),
                without_blocks(&std::fs::read_to_string(&f).unwrap(), &["tools", "extra"]),
            ),
            ("tools", true) => (
                provider.join("tools").join(&name),
                without_blocks(&std::fs::read_to_string(&f).unwrap(), &["extra"]),
            ),
            ("tools", false) if name.ends_with(".py") => continue,
            ("_assets", _) => (provider.join(r), std::fs::read_to_string(&f).unwrap()),
            _ => panic!(
                "{}: a portable case holds only provider and tool YAML, tool modules and assets, not `{}`",
                case.display(),
                r.display()
            ),
        };
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(&dest, text).unwrap();
        if top == "tools" && is_yaml {
            let module = dest.with_extension("py");
            std::fs::write(module, generic_tool(layout)).unwrap();
        }
    }
    if portable {
        assert!(
            ["delete", "links", "pad"].iter().all(|k| !spec.contains_key(*k)),
            "{}: a portable case cannot delete, link or pad files",
            case.display()
        );
    }
    for d in spec.get("delete").and_then(|d| d.as_array()).into_iter().flatten() {
        let p = dir.path().join(d.as_str().unwrap());
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap()
        } else {
            std::fs::remove_file(&p).unwrap()
        }
    }
    for (link, target) in spec.get("links").and_then(|l| l.as_table()).into_iter().flatten() {
        let at = dir.path().join(link);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target.as_str().expect("a link target"), at).unwrap();
    }
    for (file, size) in spec.get("pad").and_then(|l| l.as_table()).into_iter().flatten() {
        use std::io::Write;
        let path = dir.path().join(file);
        let size = size.as_integer().expect("a size in bytes") as usize;
        let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        let line = format!("# {}\n", "x".repeat(78));
        let have = std::fs::metadata(&path).unwrap().len() as usize;
        f.write_all(line.repeat((size.saturating_sub(have)).div_ceil(line.len())).as_bytes())
            .unwrap();
    }
    dir
}

/// The in-tree base's tool module, made to hand all its parameters on (so whatever the YAML
/// declares counts as read, and nothing is read with `[...]`).
pub fn generic_tool(layout: &str) -> String {
    let base = fixtures()
        .join("base")
        .join(layout)
        .join(intree_provider(layout))
        .join("tools/echo.py");
    let text = std::fs::read_to_string(base).unwrap();
    assert!(text.contains("tool_parameters[\"text\"]"));
    text.replace("tool_parameters[\"text\"]", "str(tool_parameters)")
}

/// A YAML text without the named top-level keys and their blocks (the lines below a key that are
/// indented, blank, or items of a zero-indented sequence).
pub fn without_blocks(text: &str, keys: &[&str]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        let top_key = line
            .split_once(':')
            .map(|(k, _)| k)
            .filter(|k| !k.is_empty() && !k.starts_with([' ', '\t', '-', '#']));
        if let Some(k) = top_key {
            skipping = keys.contains(&k.trim());
        } else if skipping && !(line.trim().is_empty() || line.starts_with([' ', '\t', '-'])) {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

pub fn show(set: &BTreeSet<Finding>) -> String {
    set.iter()
        .map(|(p, l, c)| format!("  {p}:{l} {c}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces `from` by `to` in a file on disk.
/// Replaces `from` (which must occur) by `to` in a file on disk; returns the new text.
pub fn replace_in(path: &Path, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    let text = text.replace(from, to);
    std::fs::write(path, &text).unwrap();
    text
}

/// Gives a base tool module a `requests` import and a call with a timeout.
pub fn give_http_call(py: &Path) {
    let text = std::fs::read_to_string(py).unwrap();
    // Sorted as isort wants it: first in the third-party section (`dify_plugin` and, in a tree
    // without Dify's modules, `core` are third party), plain imports before `from` imports.
    let at = text
        .find("from dify_plugin")
        .or_else(|| text.find("from core"))
        .expect("the base imports the SDK or Dify");
    let text = format!("{}import requests\n{}", &text[..at], &text[at..]);
    let text = text.replacen(
        "tool_parameters[\"text\"]",
        "tool_parameters[\"text\"] + requests.get(\"https://example.com\", timeout=5).text",
        1,
    );
    std::fs::write(py, text).unwrap();
}
