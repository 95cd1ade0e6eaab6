//! Manifest values: versions, type, architectures, runner, resources, plugin kinds, length limits,
//! and the minimum Dify version the declarations need.

use super::{Ctx, Fix, FixData, Grade, Layouts, Rule, did_you_mean};
use crate::project::SourceFile;
use crate::project::vocab::{self, Version};
use crate::syntax::yaml::{Node, Resolved};
use std::sync::Arc;

pub static VERSION_FORMAT: Rule = Rule {
    code: "DIFY301",
    name: "version-format",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B10",
    source: "DAEMON `pkg/entities/manifest_entities/version.go`; SDK `PluginConfiguration`",
    summary: "`version` or `meta.version` is not a quoted `X.Y.Z[-suffix]`",
    doc: "The daemon requires `^\\d{1,4}(\\.\\d{1,4}){2}(-\\w{1,16})?$`; the SDK rejects a YAML float such as \
`0.1` (PEP 440 would accept `1.0` and `v1`, but the daemon does not). Write three parts, e.g. `0.0.1`.",
    fix: None,
};

pub static MANIFEST_TYPE: Rule = Rule {
    code: "DIFY302",
    name: "manifest-type",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B11",
    source: "SDK `PluginConfiguration`; DAEMON `eq=plugin`",
    summary: "The manifest `type` is not `plugin`",
    doc: "A plugin manifest has `type: plugin` (`bundle` is a different manifest kind).",
    fix: None,
};

pub static MANIFEST_VALUE: Rule = Rule {
    code: "DIFY303",
    name: "manifest-value",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B12",
    source: "SDK `PluginConfiguration`; DAEMON validator tags",
    summary: "A manifest value is invalid: arch, runner language or entrypoint, created_at, memory or storage size",
    doc: "`meta.arch` items are `amd64` or `arm64`; `meta.runner.language` is `python`; \
`meta.runner.entrypoint` is a module name (`main`, not `main.py`); `created_at` is an RFC 3339 time; \
`resource.memory` is a non-zero byte count; `resource.permission.storage.size` is 1024 to 1073741824 and must \
be present when `storage` is.",
    fix: None,
};

pub static MINIMUM_DIFY_VERSION: Rule = Rule {
    code: "DIFY304",
    name: "minimum-dify-version",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B13a",
    source: "SDK ≥ 0.2.0 (`Invalid version format: …`)",
    summary: "`meta.minimum_dify_version` is not a PEP 440 version string",
    doc: "The SDK parses `meta.minimum_dify_version` with `packaging.version`; anything else fails with \
`Invalid version format`. Quote it: `minimum_dify_version: \"1.10.0\"`.",
    fix: None,
};

pub static NEEDS_NEWER_DIFY: Rule = Rule {
    code: "DIFY305",
    name: "needs-newer-dify",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B13b",
    source: "Parameter-type matrix (spec §4.5); Marketplace recommends the field",
    summary: "A parameter type needs a newer Dify than `meta.minimum_dify_version` (or that field is missing)",
    doc: "The SDK accepts parameter types that older Dify servers reject: on those servers the whole provider \
list fails to parse. `any`, `object`, `array`, `dynamic-select` and `checkbox` are unknown to Dify 1.3.0 (they \
work in 1.13.3); `date` and `date-range` are in no released Dify yet. Set `meta.minimum_dify_version` to a \
release that knows the type, or use an older type.",
    fix: Some(Fix {
        actions: crate::actions::fixes::minimum_version,
        placeholders: false,
    }),
};

pub static MANIFEST_LENGTH: Rule = Rule {
    code: "DIFY306",
    name: "manifest-length",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B18",
    source: "DAEMON validator tags (packager)",
    summary: "A manifest value is longer than the daemon allows",
    doc: "`icon` and `icon_dark` are at most 128 characters, each `plugins.*` path at most 128, \
`meta.runner.version` at most 128 and `meta.runner.entrypoint` at most 256.",
    fix: None,
};

pub static PLUGIN_KINDS: Rule = Rule {
    code: "DIFY307",
    name: "plugin-kinds",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B14",
    source: "DAEMON `ManifestValidate` (install)",
    summary: "`plugins` declares no kind, or a combination the daemon refuses",
    doc: "`plugins` needs at least one of `tools`, `models`, `endpoints`, `agent_strategies`, `datasources`, \
`triggers`. `models` excludes every other kind; `agent_strategies`, `datasources` and `triggers` each exclude \
tools, models, endpoints and each other. Tools with endpoints is allowed.",
    fix: None,
};

fn daemon_version_ok(s: &str) -> bool {
    let (release, suffix) = match s.split_once('-') {
        Some((r, sfx)) => (r, Some(sfx)),
        None => (s, None),
    };
    let parts: Vec<&str> = release.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        && suffix
            .is_none_or(|x| (1..=16).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

fn check_version(cx: &mut Ctx, file: &Arc<SourceFile>, node: Option<&Node>, what: &str) {
    let Some(node) = node else { return };
    let text = node.text().unwrap_or("");
    match node.as_scalar().map(|s| s.resolved) {
        Some(Resolved::Str) if daemon_version_ok(text) => {}
        Some(Resolved::Float(_) | Resolved::Int(_)) => {
            cx.report(&VERSION_FORMAT, file, node.span, format!("{what} `{text}` is a YAML number, not a string: the SDK rejects it; write a quoted `X.Y.Z`, e.g. `\"{}\"`", pad_version(text))).replacement = Some(format!("\"{}\"", pad_version(text)));
        }
        Some(_) => {
            cx.report(&VERSION_FORMAT, file, node.span, format!("{what} `{text}` is not `X.Y.Z[-suffix]` (at most 4 digits per part): the daemon rejects it; use e.g. `{}`", pad_version(text))).replacement = Some(pad_version(text)).filter(|p| daemon_version_ok(p));
        }
        None => {}
    }
}

/// `0.1` → `0.1.0`, `v1` → `1.0.0`.
fn pad_version(s: &str) -> String {
    let digits: Vec<&str> = s
        .trim_start_matches(['v', 'V'])
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(3)
        .collect();
    let mut parts: Vec<String> = digits.iter().map(|d| d.to_string()).collect();
    while parts.len() < 3 {
        parts.push("0".into());
    }
    parts.join(".")
}

pub fn check(cx: &mut Ctx) {
    let Some(m) = cx.project.manifest.clone() else {
        return;
    };
    let Some(root) = m.yaml_root().filter(|r| r.as_map().is_some()) else {
        return;
    };
    check_version(cx, &m, root.get("version"), "`version`");
    check_version(cx, &m, root.path(&["meta", "version"]), "`meta.version`");
    if let Some(t) = root.get("type").filter(|t| t.as_str() != Some("plugin")) {
        let v = t.text().unwrap_or("");
        cx.report(
            &MANIFEST_TYPE,
            &m,
            t.span,
            format!("`type` is `{v}`, but a plugin manifest has `type: plugin`"),
        );
    }
    check_values(cx, &m, root);
    check_lengths(cx, &m, root);
    check_kinds(cx, &m, root);
    check_minimum_version(cx, &m, root);
}

fn check_values(cx: &mut Ctx, m: &Arc<SourceFile>, root: &Node) {
    for arch in root.path(&["meta", "arch"]).and_then(Node::as_seq).unwrap_or(&[]) {
        let v = arch.text().unwrap_or("");
        if !matches!(v, "amd64" | "arm64") {
            cx.report(
                &MANIFEST_VALUE,
                m,
                arch.span,
                format!(
                    "`meta.arch` item `{v}` is not `amd64` or `arm64`{}",
                    did_you_mean(v, &["amd64", "arm64"])
                ),
            )
            .replacement = super::suggest(v, &["amd64", "arm64"]).map(String::from);
        }
    }
    if let Some(lang) = root
        .path(&["meta", "runner", "language"])
        .filter(|l| l.text() != Some("python"))
    {
        cx.report(
            &MANIFEST_VALUE,
            m,
            lang.span,
            format!(
                "`meta.runner.language` is `{}`, but only `python` is supported",
                lang.text().unwrap_or("")
            ),
        );
    }
    if let Some(ep) = root.path(&["meta", "runner", "entrypoint"])
        && let Some(module) = ep.as_str().and_then(|s| s.strip_suffix(".py"))
    {
        cx.report(&MANIFEST_VALUE, m, ep.span, format!("`meta.runner.entrypoint` is a module run as `python -m <entrypoint>`: write `{module}`, not `{module}.py`")).replacement = Some(module.to_string());
    }
    if let Some(created) = root.get("created_at") {
        let ok = match created.as_scalar().map(|s| s.resolved) {
            Some(Resolved::Timestamp | Resolved::Int(_) | Resolved::Float(_)) => true,
            Some(Resolved::Str) => {
                crate::syntax::yaml::resolve(created.text().unwrap_or(""), crate::syntax::yaml::Style::Plain, None)
                    == Resolved::Timestamp
            }
            _ => false,
        };
        if !ok {
            cx.report(
                &MANIFEST_VALUE,
                m,
                created.span,
                format!(
                    "`created_at` `{}` is not a date-time: write RFC 3339, e.g. `2025-01-01T00:00:00Z`",
                    created.text().unwrap_or(created.kind_name())
                ),
            );
        }
    }
    if let Some(mem) = root.path(&["resource", "memory"])
        && mem.as_f64() == Some(0.0)
    {
        cx.report(
            &MANIFEST_VALUE,
            m,
            mem.span,
            "`resource.memory` is 0, but the daemon requires a non-zero byte count (e.g. 268435456)",
        );
    }
    if let Some(storage) = root
        .path(&["resource", "permission", "storage"])
        .filter(|s| s.as_map().is_some())
    {
        match storage.get("size") {
            Some(size) => {
                if let Some(v) = size.as_f64()
                    && !(1024.0..=1073741824.0).contains(&v)
                {
                    cx.report(
                        &MANIFEST_VALUE,
                        m,
                        size.span,
                        format!("`storage.size` {v} is outside 1024 to 1073741824 bytes (1 KiB to 1 GiB)"),
                    );
                }
            }
            None => {
                let span = SourceFile::key_or(root.path(&["resource", "permission"]), "storage", storage.span);
                cx.report(
                    &MANIFEST_VALUE,
                    m,
                    span,
                    "`storage` has no `size`: the daemon requires it (1024 to 1073741824 bytes)",
                );
            }
        }
    }
}

fn check_lengths(cx: &mut Ctx, m: &Arc<SourceFile>, root: &Node) {
    let mut limits: Vec<(&Node, &str, usize)> = Vec::new();
    for key in ["icon", "icon_dark"] {
        limits.extend(root.get(key).map(|n| (n, key, 128)));
    }
    limits.extend(
        root.path(&["meta", "runner", "version"])
            .map(|n| (n, "meta.runner.version", 128)),
    );
    limits.extend(
        root.path(&["meta", "runner", "entrypoint"])
            .map(|n| (n, "meta.runner.entrypoint", 256)),
    );
    for e in root.get("plugins").and_then(Node::as_map).unwrap_or(&[]) {
        for item in e.value.as_seq().unwrap_or(&[]) {
            limits.push((item, "a `plugins` path", 128));
        }
    }
    for (node, what, max) in limits {
        if let Some(s) = node.as_str() {
            let len = s.chars().count();
            if len > max {
                cx.report(
                    &MANIFEST_LENGTH,
                    m,
                    node.span,
                    format!("{what} is {len} characters; the daemon allows at most {max}"),
                );
            }
        }
    }
}

const KINDS: &[&str] = &[
    "tools",
    "models",
    "endpoints",
    "agent_strategies",
    "datasources",
    "triggers",
];

fn check_kinds(cx: &mut Ctx, m: &Arc<SourceFile>, root: &Node) {
    let plugins = root.get("plugins");
    let present: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| {
            plugins
                .and_then(|p| p.get(k))
                .and_then(Node::as_seq)
                .is_some_and(|s| !s.is_empty())
        })
        .collect();
    let span = root.entry("plugins").map_or(m.anchor(), |e| e.key.span);
    if present.is_empty() {
        cx.report(&PLUGIN_KINDS, m, span, "`plugins` declares nothing: add `tools:` with the provider YAML path, e.g. `plugins: {tools: [provider/<name>.yaml]}`");
        return;
    }
    let exclusive = ["models", "agent_strategies", "datasources", "triggers"];
    if let Some(x) = present.iter().find(|k| exclusive.contains(k))
        && let Some(other) = present.iter().find(|k| *k != x)
    {
        cx.report(&PLUGIN_KINDS, m, span, format!("`plugins` declares both `{x}` and `{other}`: `{x}` cannot be combined with other kinds; split them into separate plugins"));
    }
}

fn check_minimum_version(cx: &mut Ctx, m: &Arc<SourceFile>, root: &Node) {
    let node = root.path(&["meta", "minimum_dify_version"]);
    let mut declared = None;
    if let Some(n) = node.filter(|n| !n.is_null()) {
        match n.as_str() {
            Some(s) if vocab::is_pep440(s) => declared = Version::parse(s),
            Some(s) => {
                cx.report(&MINIMUM_DIFY_VERSION, m, n.span, format!("`minimum_dify_version` `{s}` is not a PEP 440 version: the SDK fails with `Invalid version format`; write e.g. `\"1.10.0\"`")).replacement = None;
                return;
            }
            None => {
                let t = n.text().unwrap_or("");
                cx.report(
                    &MINIMUM_DIFY_VERSION,
                    m,
                    n.span,
                    format!(
                        "`minimum_dify_version` is {}, not a string: quote it, e.g. `\"{}\"`",
                        n.kind_name(),
                        pad_version(t)
                    ),
                )
                .replacement = Some(format!("\"{t}\""));
                return;
            }
        }
    }
    let min_span = node
        .map(|n| n.span)
        .or_else(|| root.entry("meta").map(|e| e.key.span))
        .unwrap_or(m.anchor());
    for p in &cx.project.providers {
        for t in &p.tools {
            let Some(y) = &t.yaml else { continue };
            for param in y
                .yaml_root()
                .and_then(|r| r.get("parameters"))
                .and_then(Node::as_seq)
                .unwrap_or(&[])
            {
                let Some(ty) = param.get("type") else {
                    continue;
                };
                let Some(info) = ty.as_str().and_then(vocab::param_type) else {
                    continue;
                };
                let Some((known_bad, known_good)) = vocab::param_type_needs(info) else {
                    continue;
                };
                let too_old = match &declared {
                    None => true,
                    Some(v) => *v <= Version::parse(known_bad).expect("valid"),
                };
                if !too_old {
                    continue;
                }
                let needs = match known_good {
                    Some(good) => format!("Dify {known_bad} rejects it and {good} accepts it"),
                    None => format!("no released Dify accepts it yet (not even {known_bad})"),
                };
                let have = match &declared {
                    Some(_) => format!(
                        "`meta.minimum_dify_version` is {}",
                        node.and_then(Node::text).unwrap_or("")
                    ),
                    None => "the manifest sets no `meta.minimum_dify_version`".to_string(),
                };
                let advice = match known_good {
                    Some(good) => format!("set `minimum_dify_version` to a release that knows it (e.g. \"{good}\")"),
                    None => "use an older type, or expect the provider list to fail on current Dify".into(),
                };
                let d = cx.report(
                    &NEEDS_NEWER_DIFY,
                    y,
                    ty.span,
                    format!(
                        "parameter type `{}` needs a newer Dify: {needs}, and {have}; {advice}",
                        info.name
                    ),
                );
                d.with_related(m, min_span, "the minimum Dify version");
                if let Some(good) = known_good {
                    d.with_fix(FixData::MinimumDifyVersion { to: good.to_string() });
                }
            }
        }
    }
}
