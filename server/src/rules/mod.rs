//! The rule catalogue (spec §1) and the engine that runs it over one unit.
//!
//! A rule is one file, `rules/<family>/<rule>.rs` (e.g. `python/tool_class.rs` for the rule
//! tool-class): its [`Rule`] (code, grade, layouts, source, documentation with an example of the
//! mistake and its fix), the check that reports it with its messages, and its quick fix, reached
//! through the rule's `fix`. A family's `mod.rs` walks what its rules read once (the YAML of each
//! declaration, each module's classes) and calls each rule's check with what it found; the helpers
//! several rules of a family share live there too. `registry.rs` lists every rule once, by family:
//! [`all`], [`by_code`] and the families the engine runs come from it.
//!
//! A family that panics is contained: its diagnostics for that unit are lost, the panic is logged,
//! and the others still run.

mod bundle;
mod contracts;
mod declarations;
mod files;
mod identifiers;
mod kinds;
mod manifest;
mod paths;
mod python;
mod quality;
mod registry;
mod suppress;
mod syntax;

use crate::edits::Action;
use crate::project::vocab::Version;
use crate::project::{Files, Generation, Layout, Project, SourceFile, Unit};
use crate::syntax::Span;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;

pub use registry::{all, by_code};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "info" | "information" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

/// How the spec grades a rule (§1 "Severity words").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grade {
    /// A loader rejects the file.
    Error,
    /// Loading works; a later step (invoke, configure, save credentials) fails. Reported as a warning.
    Runtime,
    /// A convention or a silent misbehaviour.
    Warn,
    /// dify-lsp's own advice (quality rules, hints).
    Advice(Severity),
}

impl Grade {
    pub(crate) fn severity(self) -> Severity {
        match self {
            Grade::Error => Severity::Error,
            Grade::Runtime | Grade::Warn => Severity::Warning,
            Grade::Advice(s) => s,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Grade::Error => "ERROR",
            Grade::Runtime => "RUNTIME",
            Grade::Warn => "WARN",
            Grade::Advice(_) => "ADVICE",
        }
    }
}

/// The layouts (and with them the Dify generations) a rule applies to. A plugin runs on Dify 1.x;
/// an in-tree provider is Dify 1.x's or 0.x's. How a rule's verdict differs between the layouts
/// it covers (0.x accepts `credentials_for_provider: null`, 1.x does not) is in its check.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Layouts(u8);

impl Layouts {
    pub(crate) const PLUGIN: Layouts = Layouts(1);
    pub(crate) const IN_TREE_1X: Layouts = Layouts(2);
    pub(crate) const IN_TREE_0X: Layouts = Layouts(4);
    pub(crate) const IN_TREE: Layouts = Layouts(2 | 4);
    pub(crate) const ALL: Layouts = Layouts(1 | 2 | 4);
    /// Everything that runs on Dify 1.x: plugins and 1.x in-tree providers.
    pub(crate) const DIFY_1X: Layouts = Layouts(1 | 2);

    const EACH: [(Layout, Layouts, &'static str, &'static str); 3] = [
        (Layout::Plugin, Layouts::PLUGIN, "plugin", "plugins"),
        (
            Layout::InTree(Generation::V1),
            Layouts::IN_TREE_1X,
            "intree1",
            "in-tree providers of Dify 1.x",
        ),
        (
            Layout::InTree(Generation::V0),
            Layouts::IN_TREE_0X,
            "intree0",
            "in-tree providers of Dify 0.x",
        ),
    ];

    pub fn covers(self, layout: Layout) -> bool {
        Self::EACH
            .iter()
            .any(|(l, bit, _, _)| *l == layout && self.0 & bit.0 != 0)
    }

    /// The layouts covered, by their short names (`plugin`, `intree1`, `intree0`), which are
    /// also the names of the test fixtures' base templates.
    pub fn names(self) -> Vec<&'static str> {
        Self::EACH
            .iter()
            .filter(|(_, bit, _, _)| self.0 & bit.0 != 0)
            .map(|(_, _, name, _)| *name)
            .collect()
    }

    /// `plugins, in-tree providers of Dify 1.x and in-tree providers of Dify 0.x`.
    pub fn describe(self) -> String {
        let words: Vec<&str> = Self::EACH
            .iter()
            .filter(|(_, bit, _, _)| self.0 & bit.0 != 0)
            .map(|(_, _, _, words)| *words)
            .collect();
        match words.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => "nothing".into(),
        }
    }

    /// For tables: `all`, `plugins`, `in-tree` (both generations), or the generations named.
    pub(crate) fn short(self) -> String {
        match self {
            Layouts::ALL => "all".into(),
            Layouts::PLUGIN => "plugins".into(),
            Layouts::IN_TREE => "in-tree".into(),
            Layouts::DIFY_1X => "Dify 1.x".into(),
            _ => self.names().join(", "),
        }
    }

    /// The layout a short name stands for.
    pub fn layout_named(name: &str) -> Option<Layout> {
        Self::EACH.iter().find(|(_, _, n, _)| *n == name).map(|(l, _, _, _)| *l)
    }
}

impl std::fmt::Debug for Layouts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Layouts({})", self.names().join(", "))
    }
}

#[derive(Debug)]
pub struct Rule {
    /// The stable code, e.g. `DIFY201`.
    pub code: &'static str,
    /// A short kebab-case name.
    pub(crate) name: &'static str,
    pub(crate) grade: Grade,
    /// Where the rule applies; the engine reports it nowhere else.
    pub layouts: Layouts,
    /// The rule ids of the spec's catalogue this implements (`B7`, `A1a`).
    pub(crate) spec: &'static str,
    /// The Dify component that enforces it, and where.
    pub(crate) source: &'static str,
    /// One line: what the rule checks.
    pub(crate) summary: &'static str,
    /// The longer documentation (Markdown), used by hover and `dify-lsp explain`.
    pub(crate) doc: &'static str,
    /// The rule's own quick fix, if it has one (every rule also offers its diagnostics'
    /// `replacement`).
    pub(crate) fix: Option<Fix>,
}

/// A rule's own quick fix: the actions that fix one of its diagnostics, computed from the
/// diagnostic (with the [`FixData`] its check attached) and the unit's files.
#[derive(Debug)]
pub(crate) struct Fix {
    pub(crate) actions: fn(&Diagnostic, &Project, &dyn Files) -> Vec<Action>,
    /// It writes text a person should word (a label, a description): not preferred even when it
    /// is the only fix.
    pub(crate) placeholders: bool,
}

/// Where the rule pages of `docs/rules/` are published.
pub const DOCS_URL: &str = "https://github.com/dify-lsp/dify-lsp/blob/main/docs/rules";

impl Rule {
    /// The rule's page (`docs/rules/<CODE>.md`: the `explain` text), which each diagnostic links
    /// to (LSP `codeDescription.href`, SARIF `helpUri`).
    pub fn doc_url(&self) -> String {
        format!("{DOCS_URL}/{}.md", self.code)
    }

    pub(crate) fn severity(&self) -> Severity {
        self.grade.severity()
    }
}

#[derive(Clone, Debug)]
pub struct Related {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub related: Vec<Related>,
    /// Text that fixes the problem when it replaces `span` (a near-miss suggestion, a lowercased
    /// name), offered as the preferred quick fix.
    pub(crate) replacement: Option<String>,
    /// What a fix needs that only the check knows.
    pub(crate) fix: Option<FixData>,
}

/// What a quick fix needs that only the check knows, attached when the diagnostic is reported, so
/// that fixes never read a diagnostic's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FixData {
    /// The file exists under a wrong name: rename it to this file name (same folder).
    RenameFile { to: String },
    /// The in-tree provider module is missing: create it.
    CreateProviderModule,
    /// Raise (or set) `meta.minimum_dify_version` to this release.
    MinimumDifyVersion { to: String },
    /// A required key is missing from the mapping at the span; `owner` names what the mapping
    /// declares (a credential or parameter), a better label than the key.
    AddKey { key: String, owner: Option<String> },
    /// A `form: llm` parameter, named so, lacks its `llm_description`.
    AddLlmDescription { parameter: String },
    /// A module another kind's declaration names is missing: create it from the template of its
    /// role (`constructor`: a trigger provider that declares `subscription_constructor`).
    CreateKindModule {
        path: std::path::PathBuf,
        role: crate::project::kinds::Role,
        constructor: bool,
    },
    /// An endpoint, strategy, datasource or event YAML a declaration lists is missing: create it,
    /// and the module it names when that is missing too.
    CreateKindItem {
        path: std::path::PathBuf,
        role: crate::project::kinds::Role,
    },
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SourceFile({})", self.path.display())
    }
}

impl Diagnostic {
    pub(crate) fn with_related(&mut self, file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> &mut Self {
        self.related.push(Related {
            file: file.clone(),
            span,
            message: message.into(),
        });
        self
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    pub(crate) fn with_fix(&mut self, fix: FixData) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    pub(crate) fn replace_with(&mut self, text: impl Into<String>) -> &mut Self {
        self.replacement = Some(text.into());
        self
    }
}

/// What the engine needs from the configuration: which rules report, at what severity, and the
/// Dify release to check against. `config::Config` implements it, so that the configuration
/// depends on the catalogue (it validates codes against it) and not the other way round.
pub trait Settings {
    fn enabled(&self, rule: &Rule) -> bool;
    fn severity(&self, rule: &Rule) -> Severity;
    fn target_dify_version(&self) -> Option<&Version>;
}

/// Names of the other in-tree providers beside this one that have a tool of a given name.
pub(crate) type SiblingTools<'a> = &'a dyn Fn(&str) -> Vec<String>;

/// Everything a family needs to check one unit.
pub(crate) struct Ctx<'a> {
    pub(crate) project: &'a Project,
    pub(crate) files: &'a dyn Files,
    pub(crate) config: &'a dyn Settings,
    /// Tool names of the other in-tree providers beside this one (rule intree-tool-name-clash).
    pub(crate) sibling_tools: SiblingTools<'a>,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn report(
        &mut self,
        rule: &'static Rule,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let mut message = message.into();
        if message.trim().is_empty() {
            message = rule.summary.to_string();
        }
        self.out.push(Diagnostic {
            file: file.clone(),
            span,
            rule,
            severity: rule.severity(),
            message,
            related: Vec::new(),
            replacement: None,
            fix: None,
        });
        self.out.last_mut().expect("just pushed")
    }

    /// The diagnostic reported last.
    pub(crate) fn last(&mut self) -> &mut Diagnostic {
        self.out.last_mut().expect("a diagnostic was reported")
    }

    pub(crate) fn unit(&self) -> &Unit {
        &self.project.unit
    }
}

/// A test hook: `DIFY_LSP_TEST_PANIC=<family>:<text>` makes that family panic on units whose root
/// contains `<text>`, so that tests can prove a panicking rule is contained.
fn test_panic(project: &Project, family: &str) {
    static HOOK: std::sync::OnceLock<Option<(String, String)>> = std::sync::OnceLock::new();
    let hook = HOOK.get_or_init(|| {
        let v = std::env::var("DIFY_LSP_TEST_PANIC").ok()?;
        let (f, t) = v.split_once(':')?;
        Some((f.to_string(), t.to_string()))
    });
    if let Some((f, t)) = hook
        && f == family
        && project.unit.root.to_string_lossy().contains(t.as_str())
    {
        panic!("DIFY_LSP_TEST_PANIC: {family} on {}", project.unit.root.display());
    }
}

/// A bundle manifest (`type: bundle`, dify-plugin-kinds.md §9) lists plugins to install together.
/// It is not a plugin and the SDK never reads it, so no plugin rule applies; YAML syntax and the
/// bundle family (what the daemon's CLI and upload read) are checked, and the bundle family
/// nowhere else. A manifest with `type: bundle` that
/// declares `plugins:` is a plugin manifest with a wrong type (rule manifest-type), not a bundle.
fn is_bundle(project: &Project) -> bool {
    project.unit.is_plugin()
        && project
            .manifest
            .as_deref()
            .is_some_and(crate::project::model::is_bundle_manifest)
}

fn no_siblings(_: &str) -> Vec<String> {
    Vec::new()
}

/// Analyses one unit: every family, then configuration and inline suppressions.
pub fn check_project(
    project: &Project,
    files: &dyn Files,
    config: &dyn Settings,
    sibling_tools: Option<SiblingTools>,
) -> Vec<Diagnostic> {
    check_project_report(project, files, config, sibling_tools).diagnostics
}

/// The diagnostics of a unit, and the rule families that failed on it (a panic, contained).
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub failures: Vec<String>,
}

pub fn check_project_report(
    project: &Project,
    files: &dyn Files,
    config: &dyn Settings,
    sibling_tools: Option<SiblingTools>,
) -> Report {
    check_project_report_unless(project, files, config, sibling_tools, &|| false)
        .expect("a run nobody cancels completes")
}

/// [`check_project_report`], unless `cancelled()` says, between two rule families, that the
/// result is no longer wanted (the server's revision moved on): then `None`, so that a partial
/// report is never published or stored. A family runs to its end once started: it is short, and
/// its diagnostics come whole or not at all. The first family is not preceded by a check; the
/// caller asks right before calling (`host::Snapshot::analyze_unless`).
pub fn check_project_report_unless(
    project: &Project,
    files: &dyn Files,
    config: &dyn Settings,
    sibling_tools: Option<SiblingTools>,
    cancelled: &dyn Fn() -> bool,
) -> Option<Report> {
    let mut failures = Vec::new();
    let mut cx = Ctx {
        project,
        files,
        config,
        sibling_tools: sibling_tools.unwrap_or(&no_siblings),
        out: Vec::new(),
    };
    let bundle = is_bundle(project);
    let mut first = true;
    for family in registry::FAMILIES {
        let (name, Some(check)) = (family.name, family.check) else {
            continue; // Suppression: applied below, to what the others report.
        };
        // Bundles get syntax and the bundle family; plugins and in-tree providers all but the latter.
        if name != "syntax" && bundle != (name == "bundle") {
            continue;
        }
        if !std::mem::take(&mut first) && cancelled() {
            return None;
        }
        let before = cx.out.len();
        let run = AssertUnwindSafe(|| {
            test_panic(project, name);
            check(&mut cx)
        });
        if std::panic::catch_unwind(run).is_err() {
            cx.out.truncate(before);
            let msg = format!(
                "rule family `{name}` panicked on {}; its diagnostics are skipped",
                project.unit.root.display()
            );
            tracing::error!("{msg}");
            failures.push(msg);
        }
    }
    // A rule speaks only where it applies (its declaration is the contract the fixtures test).
    let layout = project.unit.layout;
    cx.out.retain(|d| d.rule.layouts.covers(layout));
    let mut out = suppress::apply(cx.out, project);
    // A unit nested in this one (a plugin kept inside this plugin's folder) owns its files: what
    // this unit's rules would say there is said once, by that unit.
    let root = &project.unit.root;
    out.retain(|d| config.enabled(d.rule) && !crate::project::in_nested_unit(files, root, d.path()));
    for d in &mut out {
        d.severity = config.severity(d.rule);
    }
    out.sort_by(|a, b| (a.path(), a.span.start, a.rule.code).cmp(&(b.path(), b.span.start, b.rule.code)));
    out.dedup_by(|a, b| {
        a.path() == b.path() && a.span == b.span && a.rule.code == b.rule.code && a.message == b.message
    });
    Some(Report {
        diagnostics: out,
        failures,
    })
}

/// The nearest candidates to `word` among `options`, for "did you mean" hints.
pub(crate) fn suggest<'o>(word: &str, options: &[&'o str]) -> Option<&'o str> {
    let lower = word.to_lowercase();
    if let Some(exact) = options.iter().find(|o| o.to_lowercase() == lower) {
        return Some(exact);
    }
    let normalized = |s: &str| s.to_lowercase().replace(['_', '-', ' '], "");
    let word_normalized = normalized(word);
    if let Some(hit) = options.iter().find(|o| normalized(o) == word_normalized) {
        return Some(hit);
    }
    let len = lower.chars().count();
    let max = (len / 3).clamp(1, 3);
    options
        .iter()
        // The distance is at least the difference in length: skip those without computing it.
        .filter(|o| o.chars().count().abs_diff(len) <= max)
        .map(|o| (levenshtein(&lower, &o.to_lowercase()), *o))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

/// `" (did you mean `x`?)"` or nothing.
pub(crate) fn did_you_mean(word: &str, options: &[&str]) -> String {
    suggest(word, options)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Lists values for a message: `` `a`, `b` or `c` ``.
pub(crate) fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let rules = all();
        let mut codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), rules.len(), "duplicate rule codes");
        for r in rules {
            assert!(r.code.starts_with("DIFY") && r.code.len() == 7, "{}", r.code);
            assert!(
                !r.summary.is_empty() && r.doc.len() > 40 && !r.source.is_empty(),
                "{} lacks docs",
                r.code
            );
            // What and why, then the mistake and its fix.
            let example = r.doc.find("\n\n**Example**\n\n```");
            let fix = r.doc.find("\n\nUse instead:\n\n```");
            assert!(
                example.is_some_and(|e| e > 40 && fix.is_some_and(|f| f > e)) && r.doc.ends_with("```"),
                "{}: the doc ends with an example of the mistake and of its fix",
                r.code
            );
        }
    }

    #[test]
    fn suggestions_find_near_misses() {
        assert_eq!(suggest("ja_Jp", &["en_US", "ja_JP"]), Some("ja_JP"));
        assert_eq!(suggest("strng", &["string", "number"]), Some("string"));
        assert_eq!(
            suggest("secret_input", &["secret-input", "text-input"]),
            Some("secret-input")
        );
        assert_eq!(suggest("zzzzzz", &["string"]), None);
    }
}
