//! One test per rule case and layout (`cargo test --test rule_cases DIFY502`): every case under
//! `tests/fixtures/rules/<CODE>/` runs on each layout it names, reports exactly what its
//! `# expect:` markers say, and renders exactly as its snapshot in `tests/snapshots/rules/`
//! (range, severity, message, related locations and each quick fix as a diff). Each case also runs
//! the way the server runs it (a host over the folder, the files open as buffers) and must report
//! exactly what `check` reports.
//! `DIFY_UPDATE_SNAPSHOTS=1` rewrites the snapshots; review them with `git diff`.
//!
//! Per rule, a `<CODE>::layouts` test proves the rule's declared layouts: each layout it applies
//! to has a failing and a passing run, fail cases expect the rule and pass cases do not, and no
//! case expects it where it does not apply.

mod common;

use common::*;
use dify_lsp::actions::{self, Action, Change};
use dify_lsp::host::{Change as HostChange, Host};
use dify_lsp::project::{DiskFiles, Project, discover};
use dify_lsp::rules::{self, Diagnostic, Layouts, Rule};
use dify_lsp::syntax::Encoding;
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for rule in rules::all() {
        let cases = cases_of(rule);
        for case in &cases {
            for layout in case_layouts(case) {
                let name = format!("{}::{}::{layout}", rule.code, case_name(case));
                let case = case.clone();
                trials.push(Trial::test(name, move || run(rule, &case, &layout)));
            }
        }
        trials.push(Trial::test(format!("{}::layouts", rule.code), move || {
            layouts_are_proven(rule, &cases)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn cases_of(rule: &Rule) -> Vec<PathBuf> {
    let dir = fixtures().join("rules").join(rule.code);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    cases.sort();
    cases
}

fn case_name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

fn is_fail(case: &Path) -> bool {
    case_name(case).starts_with("fail")
}

/// One case on one layout: the markers, then the snapshot.
fn run(rule: &Rule, case: &Path, layout: &str) -> Result<(), Failed> {
    let tmp = materialize_on(case, layout);
    let root = std::path::absolute(tmp.path()).unwrap();
    let expected = markers_on(&root, Some(layout));
    let (rendered, actual) = render(&root);
    let mut problems = Vec::new();
    // The server's path (buffers over the disk, a host snapshot) reports what `check` reports.
    let short = |d: &Diagnostic| {
        let related: Vec<String> = d
            .related
            .iter()
            .map(|r| format!("{:?} {}", r.span, r.message))
            .collect();
        format!(
            "{} {:?} {} {} {} {related:?}",
            d.path().display(),
            d.span,
            d.severity.as_str(),
            d.rule.code,
            d.message
        )
    };
    let cli: Vec<String> = check(&root).iter().map(short).collect();
    let server: Vec<String> = server_diagnostics(&root).iter().map(short).collect();
    if cli != server {
        problems.push(format!(
            "the server's analysis differs from `check`:\ncheck:\n  {}\nserver:\n  {}",
            cli.join("\n  "),
            server.join("\n  ")
        ));
    }
    if expected != actual {
        let missing: BTreeSet<_> = expected.difference(&actual).cloned().collect();
        let extra: BTreeSet<_> = actual.difference(&expected).cloned().collect();
        problems.push(format!(
            "expected but not reported:\n{}\nreported but not expected:\n{}",
            show(&missing),
            show(&extra)
        ));
    }
    let file = repo()
        .join("tests/snapshots/rules")
        .join(rule.code)
        .join(format!("{}.{layout}.txt", case_name(case)));
    let update = std::env::var_os("DIFY_UPDATE_SNAPSHOTS").is_some();
    match std::fs::read_to_string(&file) {
        Ok(old) if old == rendered => {}
        _ if update => {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &rendered).unwrap();
        }
        Ok(old) => problems.push(format!(
            "the rendering differs from {} (DIFY_UPDATE_SNAPSHOTS=1 rewrites it):\n{}",
            file.display(),
            line_diff(&old, &rendered)
        )),
        Err(_) => problems.push(format!(
            "no snapshot {} (DIFY_UPDATE_SNAPSHOTS=1 writes it); it would be:\n{rendered}",
            file.display()
        )),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn layouts_are_proven(rule: &Rule, cases: &[PathBuf]) -> Result<(), Failed> {
    let mut problems = Vec::new();
    let mut fails: BTreeSet<String> = BTreeSet::new();
    let mut passes: BTreeSet<String> = BTreeSet::new();
    if cases.is_empty() {
        problems.push(format!("no cases in tests/fixtures/rules/{}", rule.code));
    }
    for case in cases {
        let mut anywhere = false;
        for layout in case_layouts(case) {
            let tmp = materialize_on(case, &layout);
            let expects = markers_on(tmp.path(), Some(&layout))
                .iter()
                .any(|(_, _, c)| c == rule.code);
            let applies = Layouts::layout_named(&layout).is_some_and(|l| rule.layouts.covers(l));
            if expects && !applies {
                problems.push(format!(
                    "{}: expects {} on {layout}, where the rule does not apply ({})",
                    case_name(case),
                    rule.code,
                    rule.layouts.describe()
                ));
            }
            anywhere |= expects;
            if expects {
                fails.insert(layout);
            } else if !is_fail(case) {
                passes.insert(layout);
            }
        }
        if is_fail(case) != anywhere {
            problems.push(format!(
                "{}: a fail case must expect {} (on some layout), a pass case must not",
                case_name(case),
                rule.code
            ));
        }
    }
    for layout in rule.layouts.names() {
        if !fails.contains(layout) {
            problems.push(format!("{}: no failing case runs on {layout}", rule.code));
        }
        if !passes.contains(layout) {
            problems.push(format!("{}: no passing case runs on {layout}", rule.code));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

/// What the server publishes for `root`: a host over the folder, every YAML and Python file of the
/// case open as a buffer, each unit analysed on a snapshot.
fn server_diagnostics(root: &Path) -> Vec<Diagnostic> {
    let host = Host::new();
    host.set_folders(vec![root.to_path_buf()]);
    host.apply(HostChange::Rediscover);
    for path in walk(root) {
        let source = path.extension().is_some_and(|e| e == "yaml" || e == "py");
        if let (true, Ok(text)) = (source, std::fs::read_to_string(&path)) {
            host.apply(HostChange::Open { path, text, version: 1 });
        }
    }
    let snapshot = host.snapshot();
    let mut out: Vec<Diagnostic> = snapshot
        .known_units()
        .iter()
        .flat_map(|u| snapshot.analyze(u).files.into_values().flatten())
        .collect();
    out.sort_by(|a, b| (a.path(), a.span.start, a.rule.code).cmp(&(b.path(), b.span.start, b.rule.code)));
    out
}

/// What `check` reports under `root`, rendered whole, and as findings for the markers.
fn render(root: &Path) -> (String, BTreeSet<Finding>) {
    let diagnostics = check(root);
    let units = discover(&[root.to_path_buf()]).expect("discover");
    let files = DiskFiles::new();
    let projects: Vec<Project> = units.iter().map(|u| Project::load(u, &files)).collect();
    let mut out = String::new();
    let mut findings = BTreeSet::new();
    for d in &diagnostics {
        let (line, _) = position(d, d.span.start);
        findings.insert((rel(root, d.path()), line, d.rule.code.to_string()));
        out.push_str(&format!(
            "{} {} {} {}\n",
            range(root, d),
            d.severity.as_str(),
            d.rule.code,
            d.message
        ));
        for r in &d.related {
            let (l, c) = r.file.lines.position(&r.file.text, r.span.start, Encoding::Utf8);
            out.push_str(&format!(
                "  related {}:{}:{}: {}\n",
                rel(root, &r.file.path),
                l + 1,
                c + 1,
                r.message
            ));
        }
        // The deepest unit holding the file owns the diagnostic.
        let project = projects
            .iter()
            .filter(|p| d.path().starts_with(&p.unit.root))
            .max_by_key(|p| p.unit.root.as_os_str().len());
        for fix in project.map(|p| actions::quick_fixes(d, p, &files)).unwrap_or_default() {
            out.push_str(&render_fix(root, &fix));
        }
    }
    if out.is_empty() {
        out.push_str("(nothing reported)\n");
    }
    // The temporary folder's name changes from run to run (a plugin's messages may name it).
    let name = root.file_name().unwrap().to_string_lossy();
    let out = out
        .replace(&*root.to_string_lossy(), "<case>")
        .replace(&*name, "<case>");
    (out, findings)
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned()
}

/// 1-based line and column (in bytes) of an offset.
fn position(d: &Diagnostic, offset: usize) -> (u32, u32) {
    let (l, c) = d.file.lines.position(&d.file.text, offset, Encoding::Utf8);
    (l + 1, c + 1)
}

fn range(root: &Path, d: &Diagnostic) -> String {
    let (l1, c1) = position(d, d.span.start);
    let (l2, c2) = position(d, d.span.end);
    format!("{}:{l1}:{c1}-{l2}:{c2}", rel(root, d.path()))
}

/// A quick fix: its title, then each change as a diff of the lines it touches.
fn render_fix(root: &Path, fix: &Action) -> String {
    let mut out = format!(
        "  fix{}: {}\n",
        if fix.preferred { " (preferred)" } else { "" },
        fix.title
    );
    let mut edits: Vec<(&PathBuf, dify_lsp::syntax::Span, &String)> = Vec::new();
    for c in &fix.changes {
        match c {
            Change::Edit { path, span, text } => edits.push((path, *span, text)),
            Change::Create { path, text } => {
                out.push_str(&format!("    create {}\n", rel(root, path)));
                for l in text.lines() {
                    out.push_str(&format!("    +{l}\n"));
                }
            }
            Change::Rename { from, to } => {
                out.push_str(&format!("    rename {} -> {}\n", rel(root, from), rel(root, to)));
            }
        }
    }
    let mut paths: Vec<&PathBuf> = edits.iter().map(|(p, _, _)| *p).collect();
    paths.sort();
    paths.dedup();
    for path in paths {
        let before = std::fs::read_to_string(path).unwrap_or_default();
        let mine: Vec<_> = edits
            .iter()
            .filter(|(p, _, _)| *p == path)
            .map(|(_, s, t)| (*s, (*t).clone()))
            .collect();
        let after = actions::apply_edits(&before, &mine);
        out.push_str(&format!("    edit {}\n", rel(root, path)));
        for l in line_diff(&before, &after).lines() {
            out.push_str(&format!("    {l}\n"));
        }
    }
    out
}

/// The lines that differ between two texts (common leading and trailing lines dropped), as
/// `@@ line N`, `-old` and `+new`.
fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = format!("@@ line {}\n", head + 1);
    for l in &a[head..a.len() - tail] {
        out.push_str(&format!("-{l}\n"));
    }
    for l in &b[head..b.len() - tail] {
        out.push_str(&format!("+{l}\n"));
    }
    if old.ends_with('\n') != new.ends_with('\n') {
        out.push_str("(the final line break differs)\n");
    }
    out
}
