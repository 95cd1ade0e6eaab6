//! Manifest values: versions, type, architectures, runner, resources, plugin kinds, length limits,
//! and the minimum Dify version the declarations need.

pub(crate) mod manifest_length;
pub(crate) mod manifest_type;
pub(crate) mod manifest_value;
pub(crate) mod minimum_dify_version;
pub(crate) mod needs_newer_dify;
pub(crate) mod plugin_kinds;
pub(crate) mod version_format;

use super::Ctx;
use crate::project::views::ManifestDecl;

pub(crate) fn check(cx: &mut Ctx) {
    let Some(m) = cx.project.manifest.clone() else {
        return;
    };
    let Some(root) = m.yaml_root().filter(|r| r.as_map().is_some()) else {
        return;
    };
    let root = ManifestDecl::new(root);
    version_format::check(cx, &m, root);
    manifest_type::check(cx, &m, root);
    manifest_value::check(cx, &m, root);
    manifest_length::check(cx, &m, root);
    plugin_kinds::check(cx, &m, root);
    if let Ok(declared) = minimum_dify_version::check(cx, &m, root) {
        needs_newer_dify::check(cx, &m, root, declared.clone());
        needs_newer_dify::check_kinds(cx, &m, root, declared);
    }
}

/// `0.1` → `0.1.0`, `v1` → `1.0.0`.
pub(crate) fn pad_version(s: &str) -> String {
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
