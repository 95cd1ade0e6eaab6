//! DIFY303: an invalid manifest value (arch, runner language or entrypoint, created_at, memory,
//! storage size).

use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule, did_you_mean};
use crate::syntax::yaml::Resolved;
use std::sync::Arc;

pub(crate) static MANIFEST_VALUE: Rule = Rule {
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
be present when `storage` is.

**Example**

```yaml
# manifest.yaml
meta:
  arch:
    - x86
  runner:
    language: python
    entrypoint: main.py
```

Use instead:

```yaml
# manifest.yaml
meta:
  arch:
    - amd64
  runner:
    language: python
    entrypoint: main
```",
    fix: None,
};

/// `root` is the manifest's.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl) {
    for arch in root
        .meta()
        .and_then(|m| m.arch())
        .and_then(Field::as_seq)
        .unwrap_or(&[])
    {
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
            .replacement = crate::rules::suggest(v, &["amd64", "arm64"]).map(String::from);
        }
    }
    if let Some(lang) = root
        .meta()
        .and_then(|m| m.runner())
        .and_then(|r| r.language())
        .map(Field::node)
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
    if let Some(ep) = root
        .meta()
        .and_then(|m| m.runner())
        .and_then(|r| r.entrypoint())
        .map(Field::node)
        && let Some(module) = ep.as_str().and_then(|s| s.strip_suffix(".py"))
    {
        cx.report(&MANIFEST_VALUE, m, ep.span, format!("`meta.runner.entrypoint` is a module run as `python -m <entrypoint>`: write `{module}`, not `{module}.py`")).replacement = Some(module.to_string());
    }
    if let Some(created) = root.created_at().map(Field::node) {
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
    if let Some(mem) = root.resource().and_then(|r| r.memory()).map(Field::node)
        && mem.as_f64() == Some(0.0)
    {
        cx.report(
            &MANIFEST_VALUE,
            m,
            mem.span,
            "`resource.memory` is 0, but the daemon requires a non-zero byte count (e.g. 268435456)",
        );
    }
    let permission = root.resource().and_then(|r| r.permission());
    if let Some(storage) = permission.and_then(|p| p.storage()).filter(|s| s.is_mapping()) {
        match storage.size().map(Field::node) {
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
                let span = permission
                    .and_then(|p| p.storage_field())
                    .map_or(storage.span(), Field::key_span);
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
