//! Identifiers: author, plugin, provider and tool names, their uniqueness, and how they must match
//! folder and file names.

pub(crate) mod author_pattern;
pub(crate) mod duplicate_parameter;
pub(crate) mod duplicate_tool;
pub(crate) mod intree_name_mismatch;
pub(crate) mod intree_tool_name_clash;
pub(crate) mod name_stem_mismatch;
pub(crate) mod plugin_name_pattern;
pub(crate) mod provider_name_pattern;
pub(crate) mod tool_name_pattern;

use super::{Ctx, Rule};
use crate::project::SourceFile;
use crate::project::views::{Field, IdentityDecl, ProviderDecl, ToolDecl};
use crate::syntax::yaml::Node;
use std::path::Path;
use std::sync::Arc;

/// The value of a provider's or tool's `identity.name`.
fn identity_name<'a>(identity: Option<IdentityDecl<'a>>) -> Option<&'a Node> {
    identity.and_then(|i| i.name()).map(Field::node)
}

pub(crate) fn check(cx: &mut Ctx) {
    let project = cx.project;
    if let Some(m) = &project.manifest {
        let root = m.yaml_root();
        author_pattern::check(cx, m, root);
        plugin_name_pattern::check(cx, m, root);
    }
    for p in &project.providers {
        if let Some(y) = &p.yaml {
            let name = identity_name(ProviderDecl::of(y).and_then(ProviderDecl::identity));
            provider_name_pattern::check(cx, y, name);
            intree_name_mismatch::check(cx, y, name);
        }
        duplicate_tool::check(cx, &p.tools);
        for t in &p.tools {
            let Some(y) = &t.yaml else { continue };
            let Some(root) = y.yaml_root() else { continue };
            let name = identity_name(ToolDecl::new(root).identity());
            tool_name_pattern::check(cx, y, name);
            name_stem_mismatch::check(cx, t, y, name);
            intree_tool_name_clash::check(cx, y, name);
            duplicate_parameter::check(cx, y, root);
        }
    }
}

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

pub(super) fn stem(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .unwrap_or("")
}

/// An identifier rule: which characters, how long, and what breaks.
pub(super) struct NamePattern {
    pub(crate) rule: &'static Rule,
    pub(crate) what: &'static str,
    pub(crate) allow_upper: bool,
    pub(crate) max: usize,
    pub(crate) why: &'static str,
}

pub(super) fn check_pattern(cx: &mut Ctx, file: &Arc<SourceFile>, node: Option<&Node>, p: &NamePattern) {
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
