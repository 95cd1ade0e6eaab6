//! DIFY702: a bundle manifest value of a YAML type the daemon cannot decode (U2).

use crate::project::SourceFile;
use crate::project::views::{BundleManifestDecl, DependencyDecl, Field};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static BUNDLE_SHAPE: Rule = Rule {
    code: "DIFY702",
    name: "bundle-shape",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "U2",
    source: "DAEMON `pkg/entities/bundle_entities/bundle.go`, `dependency.go` (yaml.v3 decoding; `failed to decode bundle`)",
    summary: "A bundle manifest value of the wrong YAML type: `labels`/`description` not mappings, `dependencies` not a list, a dependency or its `value` not a mapping",
    doc: "The daemon decodes a bundle manifest into typed Go structures when the CLI packages it and when \
the bundle is uploaded. `labels` and `description` are mappings of locales, `dependencies` and `tags` lists, \
each dependency a mapping whose `value` (for `github`, `marketplace` and `package`) is a mapping too, and \
`name`, `icon`, `version`, `author`, `type` and the values' patterns and path are single values. A value of \
another YAML type cannot be decoded: the upload fails with `failed to decode bundle`. (A number where a \
string belongs decodes fine, and an empty value decodes to nothing: neither is reported here.)

**Example**

```yaml
# manifest.yaml
labels: Demo suite
type: bundle
dependencies:
  type: marketplace
  value: acme/demo:0.0.1
```

Use instead:

```yaml
# manifest.yaml
labels:
  en_US: Demo suite
type: bundle
dependencies:
  - type: marketplace
    value:
      marketplace_pattern: acme/demo:0.0.1
```",
    fix: None,
};

const FAILS: &str = "the upload fails (`failed to decode bundle`)";

/// `root` is the manifest's, a mapping.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: BundleManifestDecl) {
    for (field, what) in [(root.labels(), "`labels`"), (root.description(), "`description`")] {
        if let Some(f) = field
            && !f.is_null()
            && f.as_map().is_none()
        {
            let message = format!(
                "{what} is {}, not a mapping of locales: {FAILS}; write e.g. `en_US: …` under it",
                f.node().kind_name()
            );
            cx.report(&BUNDLE_SHAPE, m, at(f), message);
        }
    }
    for (field, what) in [(root.dependencies_field(), "`dependencies`"), (root.tags(), "`tags`")] {
        if let Some(f) = field
            && !f.is_null()
            && f.as_seq().is_none()
        {
            let message = format!(
                "{what} is {}, not a list: {FAILS}; write each item on its own `- ` line",
                f.node().kind_name()
            );
            cx.report(&BUNDLE_SHAPE, m, at(f), message);
        }
    }
    let singles = [
        (root.name(), "`name`"),
        (root.icon(), "`icon`"),
        (root.version(), "`version`"),
        (root.author(), "`author`"),
        (root.kind(), "`type`"),
    ];
    for (field, what) in singles {
        single(cx, m, field, what);
    }
    for dep in root.dependencies() {
        check_dependency(cx, m, dep);
    }
}

/// Where a wrong value is reported: a scalar where it is, a mapping or list (which may start on
/// the lines below) at its key.
fn at(f: Field) -> Span {
    if f.node().as_scalar().is_some() {
        f.span()
    } else {
        f.key_span()
    }
}

/// A value decoded into a Go string: a mapping or a list cannot be.
fn single(cx: &mut Ctx, m: &Arc<SourceFile>, field: Option<Field>, what: &str) {
    if let Some(f) = field
        && f.node().as_scalar().is_none()
    {
        let message = format!("{what} is {}, not a single value: {FAILS}", f.node().kind_name());
        cx.report(&BUNDLE_SHAPE, m, at(f), message);
    }
}

fn check_dependency(cx: &mut Ctx, m: &Arc<SourceFile>, dep: DependencyDecl) {
    let node: &Node = dep.node();
    if node.is_null() {
        return; // Decodes to an empty dependency of no type, which the upload skips.
    }
    if !dep.is_mapping() {
        let message = format!(
            "this dependency is {}, not a mapping with `type` and `value`: {FAILS}",
            node.kind_name()
        );
        cx.report(&BUNDLE_SHAPE, m, node.span, message);
        return;
    }
    single(cx, m, dep.kind(), "the dependency's `type`");
    // The daemon decodes `value` only for the three types it knows.
    let kind = dep.kind().and_then(Field::text);
    let key = match kind {
        Some("github") => "repo_pattern",
        Some("marketplace") => "marketplace_pattern",
        Some("package") => "path",
        _ => return,
    };
    let Some(value) = dep.value_field().filter(|v| !v.is_null()) else {
        return;
    };
    if value.as_map().is_none() {
        let hint = match value.text() {
            Some(t) => format!("; write `{key}: {t}` under `value`"),
            None => format!("; write `{key}: …` under `value`"),
        };
        let message = format!(
            "the `value` of a `{}` dependency is {}, not a mapping: {FAILS}{hint}",
            kind.unwrap_or(""),
            value.node().kind_name()
        );
        cx.report(&BUNDLE_SHAPE, m, at(value), message);
        return;
    }
    if let Some(v) = dep.value() {
        let field = match key {
            "repo_pattern" => v.repo_pattern(),
            "marketplace_pattern" => v.marketplace_pattern(),
            _ => v.path(),
        };
        single(cx, m, field, &format!("`{key}`"));
    }
}
