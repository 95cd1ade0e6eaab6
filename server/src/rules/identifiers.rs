//! Identifiers: author, plugin, provider and tool names, their uniqueness, and how they must match
//! folder and file names.

use super::{Ctx, Grade, Layouts, Rule, Severity};
use crate::project::{Generation, Layout, SourceFile};
use crate::syntax::yaml::Node;
use std::path::Path;
use std::sync::Arc;

pub static AUTHOR: Rule = Rule {
    code: "DIFY201",
    name: "author-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B7",
    source: "DAEMON `ManifestValidate` (install, remote debug)",
    summary: "The manifest `author` is not lowercase `^[a-z0-9_-]{1,64}$`",
    doc: "The SDK accepts any `^[a-zA-Z0-9_-]{1,64}$`, but installing or debugging fails with `author must be \
alphanumeric and less than 64 characters: ^[a-z0-9_-]{1,64}$` (langgenius/dify #14729, dify-plugins PR #2471: \
`author: Azard` gave \"package decode failed\"). Use a lowercase id.",
    fix: None,
};

pub static PLUGIN_NAME: Rule = Rule {
    code: "DIFY202",
    name: "plugin-name-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B8",
    source: "SDK `PluginConfiguration`; DAEMON validator",
    summary: "The manifest `name` is not `^[a-z0-9_-]{1,128}$`",
    doc: "The plugin name is part of its unique id `author/name:version@checksum` and must be lowercase letters, \
digits, `_` and `-`, 1 to 128 characters. It does not have to equal the folder name.",
    fix: None,
};

pub static PROVIDER_NAME: Rule = Rule {
    code: "DIFY203",
    name: "provider-name-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B9a",
    source: "API `GenericProviderID` (`api/models/provider_ids.py`)",
    summary: "The provider `identity.name` is not lowercase `^[a-z0-9_-]+$`",
    doc: "Dify addresses a plugin provider as `<author>/<plugin>/<provider identity.name>` and requires each part \
to match `^[a-z0-9_-]+$`; otherwise the API fails with \"Invalid plugin id\". The daemon alone would allow \
uppercase.",
    fix: None,
};

pub static TOOL_NAME: Rule = Rule {
    code: "DIFY204",
    name: "tool-name-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B9b",
    source: "DAEMON `ToolDeclaration` validator",
    summary: "The tool `identity.name` is not `^[a-zA-Z0-9_-]+$`",
    doc: "Tool names route invocations and must be letters, digits, `_` and `-` only.",
    fix: None,
};

pub static DUPLICATE_TOOL: Rule = Rule {
    code: "DIFY205",
    name: "duplicate-tool",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X1a",
    source: "SDK registry (`tools_mapping`); API `get_tool`",
    summary: "Two tools of one provider share an `identity.name`",
    doc: "Tools are registered by `identity.name`; a later tool with the same name silently replaces the earlier \
one, which becomes unreachable. Give each tool a unique name.",
    fix: None,
};

pub static DUPLICATE_PARAMETER: Rule = Rule {
    code: "DIFY206",
    name: "duplicate-parameter",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X1b",
    source: "Nothing checks it; the later parameter overwrites the earlier",
    summary: "Two parameters of one tool share a `name`",
    doc: "Parameter values are passed in a dict keyed by name, so of two parameters with one name only the later \
survives. Rename one.",
    fix: None,
};

pub static NAME_STEM: Rule = Rule {
    code: "DIFY207",
    name: "name-stem-mismatch",
    // A convention (spec X2, WARN) that real providers break on purpose: a hint by default, so
    // it does not bury the warnings; `[severity] DIFY207 = "warning"` raises it.
    grade: Grade::Advice(Severity::Hint),
    layouts: Layouts::ALL,
    spec: "X2",
    source: "Convention only",
    summary: "A tool's `identity.name` differs from its file stem, or its Python file's stem differs from its YAML's",
    doc: "Nothing requires a tool's name to equal its file stem, but a mismatch is usually a copy-paste mistake \
(two YAML files pointing at one `.py`, or a renamed tool whose name was not updated). Keep `tools/<name>.yaml`, \
`tools/<name>.py` and `identity.name: <name>` in step. Reported as a hint: official plugins differ on purpose \
(e.g. a tool named `general_chunker` in `general.yaml`); set `[severity] DIFY207 = \"warning\"` to enforce it.",
    fix: None,
};

pub static INTREE_NAME: Rule = Rule {
    code: "DIFY208",
    name: "intree-name-mismatch",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "A2",
    source: "API `tool_manager.py`, `builtin_tool/provider.py` (tools, icon and cache use `identity.name`)",
    summary: "An in-tree provider's `identity.name` differs from its directory name",
    doc: "Dify lists an in-tree provider's tools from `<providers folder>/<identity.name>/tools/` and serves its icon and \
caches it by `identity.name`, while the module is found by directory name. A mismatch makes the tools fail to \
load or picks up another provider's. A maintainer confirmed: \"the name of provider must be consistent with the \
module name\" (langgenius/dify #2618).",
    fix: None,
};

pub static INTREE_TOOL_CLASH: Rule = Rule {
    code: "DIFY209",
    name: "intree-tool-name-clash",
    grade: Grade::Warn,
    layouts: Layouts::IN_TREE,
    spec: "A7",
    source: "API tool label cache (global across builtin providers)",
    summary: "An in-tree tool's `identity.name` is also used by another builtin provider",
    doc: "Builtin tool labels are cached by tool name across all providers, so two providers with a tool of the \
same name overwrite each other's labels. Prefix the tool name with the provider's.",
    fix: None,
};

/// Whether every character is allowed and the length is in range.
fn matches(s: &str, allow_upper: bool, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || b == b'_'
                || b == b'-'
                || (allow_upper && b.is_ascii_uppercase())
        })
}

fn fixed(s: &str) -> String {
    s.to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn stem(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .unwrap_or("")
}

/// An identifier rule: which characters, how long, and what breaks.
struct NamePattern {
    rule: &'static Rule,
    what: &'static str,
    allow_upper: bool,
    max: usize,
    why: &'static str,
}

const AUTHOR_PATTERN: NamePattern = NamePattern {
    rule: &AUTHOR,
    what: "`author`",
    allow_upper: false,
    max: 64,
    why: "installing fails with `author must be alphanumeric and less than 64 characters`",
};
const PLUGIN_PATTERN: NamePattern = NamePattern {
    rule: &PLUGIN_NAME,
    what: "`name`",
    allow_upper: false,
    max: 128,
    why: "the SDK and the daemon reject it",
};
const PROVIDER_PATTERN: NamePattern = NamePattern {
    rule: &PROVIDER_NAME,
    what: "provider name",
    allow_upper: false,
    max: usize::MAX,
    why: "the API fails with \"Invalid plugin id\"",
};
const TOOL_PATTERN: NamePattern = NamePattern {
    rule: &TOOL_NAME,
    what: "tool name",
    allow_upper: true,
    max: usize::MAX,
    why: "the daemon rejects the declaration",
};

fn check_pattern(cx: &mut Ctx, file: &Arc<SourceFile>, node: Option<&Node>, p: &NamePattern) {
    let Some(node) = node else { return };
    let Some(value) = node.as_str() else {
        if node.is_null() {
            cx.report(p.rule, file, node.span, format!("{} is null; {}", p.what, p.why));
        }
        return;
    };
    if matches(value, p.allow_upper, p.max) {
        return;
    }
    let suggestion = fixed(value);
    let usable = suggestion != value && matches(&suggestion, p.allow_upper, p.max);
    let hint = if usable {
        format!("; use `{suggestion}`")
    } else {
        String::new()
    };
    let chars = if p.allow_upper { "a-zA-Z0-9_-" } else { "a-z0-9_-" };
    let count = if p.max == usize::MAX {
        "+".to_string()
    } else {
        format!("{{1,{}}}", p.max)
    };
    cx.report(
        p.rule,
        file,
        node.span,
        format!(
            "{} `{value}` does not match `^[{chars}]{count}$`: {}{hint}",
            p.what, p.why
        ),
    )
    .replacement = usable.then_some(suggestion);
}

pub fn check(cx: &mut Ctx) {
    let project = cx.project;
    if let Some(m) = &project.manifest {
        let root = m.yaml_root();
        check_pattern(cx, m, root.and_then(|r| r.get("author")), &AUTHOR_PATTERN);
        check_pattern(cx, m, root.and_then(|r| r.get("name")), &PLUGIN_PATTERN);
    }
    for p in &project.providers {
        if let Some(y) = &p.yaml {
            let name = y.yaml_root().and_then(|r| r.path(&["identity", "name"]));
            if cx.unit().is_plugin() {
                check_pattern(cx, y, name, &PROVIDER_PATTERN);
            } else if let Some(n) = name.and_then(|n| n.as_str().map(|s| (s, n.span))) {
                let dir = cx.unit().dir_name().to_string();
                if n.0 != dir {
                    // The folder of the in-tree providers: `builtin_tool/providers/` (1.x), `provider/builtin/` (0.x).
                    let folder = match cx.unit().layout {
                        Layout::InTree(Generation::V0) => "builtin",
                        _ => "providers",
                    };
                    cx.report(&INTREE_NAME, y, n.1, format!("`identity.name` is `{}` but the directory is `{dir}`: Dify loads this provider's tools from `{folder}/{}/tools/`; set it to `{dir}`", n.0, n.0)).replacement = Some(dir.clone());
                }
            }
        }
        let mut seen: Vec<(String, Arc<SourceFile>, crate::syntax::Span)> = Vec::new();
        for t in &p.tools {
            let Some(y) = &t.yaml else { continue };
            let Some(root) = y.yaml_root() else { continue };
            let name_node = root.path(&["identity", "name"]);
            if cx.unit().is_plugin() {
                check_pattern(cx, y, name_node, &TOOL_PATTERN);
            }
            if let Some((name, span)) = name_node.and_then(|n| n.as_str().map(|s| (s.to_string(), n.span))) {
                if let Some((_, first, first_span)) = seen.iter().find(|(n, _, _)| *n == name) {
                    let (first, first_span) = (first.clone(), *first_span);
                    let d = cx.report(&DUPLICATE_TOOL, y, span, format!("another tool of this provider is also named `{name}`: the later one replaces it and it becomes unreachable; rename one"));
                    d.with_related(&first, first_span, "the other tool with this name");
                } else {
                    seen.push((name.clone(), y.clone(), span));
                }
                let file_stem = stem(&t.yaml_path);
                if name != file_stem {
                    cx.report(&NAME_STEM, y, span, format!("the tool is named `{name}` but its file is `{file_stem}.yaml`: usually a copy-paste slip; rename one to match")).replacement = Some(file_stem.to_string());
                }
                if !cx.unit().is_plugin() {
                    for other in (cx.sibling_tools)(&name) {
                        cx.report(&INTREE_TOOL_CLASH, y, span, format!("builtin provider `{other}` also has a tool named `{name}`: tool labels are cached by name across providers and overwrite each other; prefix it, e.g. `{}_{name}`", cx.unit().dir_name()));
                    }
                }
            }
            if let (Some(src), Some(py)) = (&t.source, &t.py_path)
                && t.py.is_some()
                && stem(py) != stem(&t.yaml_path)
            {
                cx.report(
                    &NAME_STEM,
                    y,
                    src.span,
                    format!(
                        "`{}.yaml` uses the Python file `{}`: usually a copy-paste slip; point it at `{}.py`",
                        stem(&t.yaml_path),
                        src.raw,
                        stem(&t.yaml_path)
                    ),
                );
            }
            check_duplicate_parameters(cx, y, root);
        }
    }
}

fn check_duplicate_parameters(cx: &mut Ctx, file: &Arc<SourceFile>, root: &Node) {
    let Some(params) = root.get("parameters").and_then(Node::as_seq) else {
        return;
    };
    let mut seen: std::collections::HashMap<&str, crate::syntax::Span> = std::collections::HashMap::new();
    for p in params {
        let Some(n) = p.get("name") else { continue };
        let Some(name) = n.as_str() else { continue };
        if let Some(&first) = seen.get(name) {
            let d = cx.report(
                &DUPLICATE_PARAMETER,
                file,
                n.span,
                format!("another parameter is also named `{name}`: this one overwrites it; rename one"),
            );
            d.with_related(file, first, "the other parameter with this name");
        } else {
            seen.insert(name, n.span);
        }
    }
}
