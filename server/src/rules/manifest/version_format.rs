//! DIFY301: `version` or `meta.version` is not a quoted `X.Y.Z[-suffix]`.

use super::pad_version;
use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::{Node, Resolved};
use std::sync::Arc;

pub(crate) static VERSION_FORMAT: Rule = Rule {
    code: "DIFY301",
    name: "version-format",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B10",
    source: "DAEMON `pkg/entities/manifest_entities/version.go`; SDK `PluginConfiguration`",
    summary: "`version` or `meta.version` is not a quoted `X.Y.Z[-suffix]`",
    doc: "The daemon requires `^\\d{1,4}(\\.\\d{1,4}){2}(-\\w{1,16})?$`; the SDK rejects a YAML float such as \
`0.1` (PEP 440 would accept `1.0` and `v1`, but the daemon does not). Write three parts, e.g. `0.0.1`.

**Example**

```yaml
# manifest.yaml
version: 0.1
meta:
  version: \"1.0\"
```

Use instead:

```yaml
# manifest.yaml
version: 0.1.0
meta:
  version: 1.0.0
```",
    fix: None,
};

/// `root` is the manifest's.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl) {
    check_version(cx, m, root.version().map(Field::node), "`version`");
    let meta_version = root.meta().and_then(|m| m.version()).map(Field::node);
    check_version(cx, m, meta_version, "`meta.version`");
}

pub(crate) fn daemon_version_ok(s: &str) -> bool {
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
