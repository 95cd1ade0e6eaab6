//! The closed vocabularies of the Dify formats (spec §4): tags, locales, parameter and credential
//! types, forms and scopes, with the Dify versions that know each parameter type.

use crate::project::Layout;
use crate::project::discover::Generation;

pub(crate) const LOCALES: &[&str] = &["en_US", "zh_Hans", "pt_BR", "ja_JP"];

/// `ToolLabelEnum` (API ≥ 1.x and the SDK). 0.x lacks `rag`.
pub(crate) const TAGS: &[&str] = &[
    "search",
    "image",
    "videos",
    "weather",
    "finance",
    "design",
    "travel",
    "social",
    "news",
    "medical",
    "productivity",
    "education",
    "business",
    "entertainment",
    "utilities",
    "rag",
    "other",
];
/// DAEMON's `PluginTag` adds these, valid only in the manifest's `tags`.
pub(crate) const MANIFEST_ONLY_TAGS: &[&str] = &["agent", "trigger"];

pub(crate) const FORMS: &[&str] = &["schema", "form", "llm"];

pub(crate) const CREDENTIAL_TYPES: &[&str] = &[
    "secret-input",
    "text-input",
    "select",
    "boolean",
    "model-selector",
    "app-selector",
    "array[tools]",
];
pub(crate) const CREDENTIAL_TYPES_V0: &[&str] = &["secret-input", "text-input", "select", "boolean"];

pub(crate) const MODEL_SCOPES: &[&str] = &[
    "llm",
    "text-embedding",
    "rerank",
    "tts",
    "speech2text",
    "moderation",
    "vision",
    "document",
    "tool-call",
];
pub(crate) const APP_SCOPES: &[&str] = &["all", "chat", "workflow", "completion"];
pub(crate) const ANY_SCOPES: &[&str] = &[
    "string",
    "number",
    "object",
    "array[number]",
    "array[string]",
    "array[object]",
    "array[file]",
];
pub(crate) const TOOL_SELECTOR_SCOPES: &[&str] = &["all", "custom", "builtin", "workflow"];

/// Where a parameter type is accepted (spec §4.5, "Parameter `type` values by consumer").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ParamType {
    pub(crate) name: &'static str,
    pub(crate) v0: bool,
    pub(crate) api_1_3: bool,
    pub(crate) api_1_13: bool,
    pub(crate) sdk: bool,
}

const fn t(name: &'static str, v0: bool, api_1_3: bool, api_1_13: bool, sdk: bool) -> ParamType {
    ParamType {
        name,
        v0,
        api_1_3,
        api_1_13,
        sdk,
    }
}

pub(crate) const PARAM_TYPES: &[ParamType] = &[
    t("string", true, true, true, true),
    t("number", true, true, true, true),
    t("boolean", true, true, true, true),
    t("select", true, true, true, true),
    t("secret-input", true, true, true, true),
    t("file", true, true, true, true),
    t("files", true, true, true, true),
    t("model-selector", false, true, true, true),
    t("app-selector", false, true, true, true),
    t("system-files", false, true, true, false),
    t("systme-files", true, false, false, false),
    t("any", false, false, true, true),
    t("object", false, false, true, true),
    t("array", false, false, true, true),
    t("dynamic-select", false, false, true, true),
    t("checkbox", false, false, true, true),
    t("date", false, false, false, true),
    t("date-range", false, false, false, true),
];

pub(crate) fn param_type(name: &str) -> Option<&'static ParamType> {
    PARAM_TYPES.iter().find(|t| t.name == name)
}

/// The parameter types a layout's loader accepts. In-tree 1.x follows the target Dify version
/// (1.13.3 when none is set); plugins follow the SDK.
pub fn accepted_param_types(layout: Layout, target: Option<&Version>) -> Vec<&'static str> {
    PARAM_TYPES
        .iter()
        .filter(|t| param_type_accepted(t, layout, target))
        .map(|t| t.name)
        .collect()
}

pub(crate) fn param_type_accepted(t: &ParamType, layout: Layout, target: Option<&Version>) -> bool {
    match layout {
        Layout::Plugin => t.sdk,
        Layout::InTree(Generation::V0) => t.v0,
        Layout::InTree(Generation::V1) => match target {
            Some(v) if *v <= Version::parse("1.3.0").expect("valid") => t.api_1_3,
            _ => t.api_1_13,
        },
    }
}

pub(crate) fn credential_types(layout: Layout) -> &'static [&'static str] {
    match layout {
        Layout::InTree(Generation::V0) => CREDENTIAL_TYPES_V0,
        _ => CREDENTIAL_TYPES,
    }
}

pub(crate) fn tags(layout: Layout) -> Vec<&'static str> {
    TAGS.iter()
        .copied()
        .filter(|t| !(layout == Layout::InTree(Generation::V0) && *t == "rag"))
        .collect()
}

/// The Dify release a plugin must target to use a parameter type, when a released Dify is known
/// to reject it: `Some((known_bad, known_good))`, where `known_good` is `None` if no released Dify
/// accepts it yet.
pub(crate) fn param_type_needs(t: &ParamType) -> Option<(&'static str, Option<&'static str>)> {
    if !t.sdk {
        return None;
    }
    match (t.api_1_3, t.api_1_13) {
        (true, _) => None,
        (false, true) => Some(("1.3.0", Some("1.13.3"))),
        (false, false) => Some(("1.13.3", None)),
    }
}

/// A numeric release version (`1.13.3`), compared part by part; pre-release suffixes are ignored.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub(crate) Vec<u64>);

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim().trim_start_matches(['v', 'V']);
        let release: &str = s.split(|c: char| !(c.is_ascii_digit() || c == '.')).next()?;
        let parts: Option<Vec<u64>> = release
            .split('.')
            .filter(|p| !p.is_empty())
            .map(|p| p.parse().ok())
            .collect();
        let mut parts = parts?;
        if parts.is_empty() {
            return None;
        }
        while parts.len() > 1 && parts.last() == Some(&0) {
            parts.pop();
        }
        Some(Version(parts))
    }
}

/// PEP 440 (`packaging.version.Version`), which the SDK applies to `minimum_dify_version`.
pub(crate) fn is_pep440(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    let s = s.strip_prefix('v').unwrap_or(&s);
    let mut rest = s;
    // Epoch.
    if let Some((epoch, after)) = rest.split_once('!') {
        if epoch.is_empty() || !epoch.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        rest = after;
    }
    // Local version.
    if let Some((main, local)) = rest.split_once('+') {
        if local.is_empty()
            || !local
                .split(['.', '-', '_'])
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return false;
        }
        rest = main;
    }
    let mut release_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    while release_len > 0 && rest.as_bytes()[release_len - 1] == b'.' && release_len < rest.len() {
        release_len -= 1;
    }
    let (release, mut tail) = rest.split_at(release_len);
    if release.is_empty() || release.starts_with('.') || release.ends_with('.') || release.contains("..") {
        return false;
    }
    for labels in [
        &["alpha", "beta", "preview", "rc", "pre", "a", "b", "c"][..],
        &["post", "rev", "r"][..],
        &["dev"][..],
    ] {
        let t = tail.trim_start_matches(['.', '-', '_']);
        if let Some(label) = labels.iter().find(|l| t.starts_with(**l)) {
            let after = t[label.len()..].trim_start_matches(['.', '-', '_']);
            let n = after.bytes().take_while(u8::is_ascii_digit).count();
            tail = &after[n..];
        }
    }
    tail.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep440_accepts_what_packaging_accepts() {
        for ok in [
            "1.0.0",
            "1.0",
            "v1",
            "1.2.3rc1",
            "1.2.3.post1",
            "1.2.3.dev0",
            "1!2.0",
            "1.0+local.1",
            "0.3.0-beta",
        ] {
            assert!(is_pep440(ok), "{ok}");
        }
        for bad in ["", "abc", "1..2", "1.2.x", "latest", ".1"] {
            assert!(!is_pep440(bad), "{bad}");
        }
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(Version::parse("1.13.3").unwrap() > Version::parse("1.3.0").unwrap());
        assert_eq!(Version::parse("1.3"), Version::parse("1.3.0"));
        assert!(Version::parse("1.3.0").unwrap() <= Version::parse("1.3.0").unwrap());
    }
}
