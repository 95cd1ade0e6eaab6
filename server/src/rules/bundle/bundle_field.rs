//! DIFY704: a bundle manifest field that is missing or malformed, which nothing validates (U4).

use super::identifier_ok;
use crate::project::SourceFile;
use crate::project::views::BundleManifestDecl;
use crate::rules::manifest::pad_version;
use crate::rules::manifest::version_format::daemon_version_ok;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static BUNDLE_FIELD: Rule = Rule {
    code: "DIFY704",
    name: "bundle-field",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "U4",
    source: "DAEMON `pkg/entities/bundle_entities/bundle.go` (struct tags, never run); `cmd/commandline/bundle/profile.go` (`bundle init`)",
    summary: "A bundle manifest without `name`, `labels`, `description`, `icon`, `version`, `author` or `dependencies`, with a `name`, `author` or `version` of the wrong form, or with `label` for `labels`",
    doc: "The daemon's `Bundle` structure marks `name`, `labels`, `description`, `icon`, `version` \
(`X.Y.Z[-suffix]`), `author` and `dependencies` as required, but no code path validates a bundle manifest: \
the CLI packages and the daemon uploads a bundle without them. `dify bundle init` only accepts a `name` \
matching `^[a-z0-9_-]{1,128}$` and an `author` matching `^[a-z0-9_-]{1,64}$`. `label` (singular, as in a \
plugin manifest) is not a bundle field: the daemon drops it when it decodes the manifest, and `dify bundle \
package` leaves it out of the packaged file. How the Marketplace and the Dify UI show a bundle with these \
fields missing is unconfirmed; fill them in as `bundle init` writes them.

**Example**

```yaml
# manifest.yaml
name: Demo Suite
label:
  en_US: Demo suite
type: bundle
dependencies: []
```

Use instead:

```yaml
# manifest.yaml
name: demo-suite
labels:
  en_US: Demo suite
description:
  en_US: Installs the demo plugins together.
icon: icon.svg
version: 0.0.1
author: acme
type: bundle
dependencies: []
```",
    fix: None,
};

/// `root` is the manifest's, a mapping.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: BundleManifestDecl) {
    let label = root.label();
    let required = [
        ("name", root.name()),
        ("labels", root.labels()),
        ("description", root.description()),
        ("icon", root.icon()),
        ("version", root.version()),
        ("author", root.author()),
        ("dependencies", root.dependencies_field()),
    ];
    let missing: Vec<&str> = required
        .iter()
        .filter(|(key, f)| {
            f.is_none_or(|f| f.is_null() || f.text() == Some("")) && !(*key == "labels" && label.is_some())
        })
        .map(|(key, _)| *key)
        .collect();
    if !missing.is_empty() {
        let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        let it = if missing.len() == 1 { "it" } else { "them" };
        let message = format!(
            "the bundle manifest lacks {}: the daemon declares {it} required but never validates a bundle manifest, so packaging and upload accept the bundle; how the Marketplace and the UI show it is unconfirmed; add {it}",
            list(&keys)
        );
        cx.report(&BUNDLE_FIELD, m, m.anchor(), message);
    }
    if let Some(l) = label {
        let message = if root.labels().is_some() {
            "`label` is not a bundle field (bundles use `labels`): the daemon drops it when it decodes the manifest, also from the packaged file; remove it".to_string()
        } else {
            "`label` is not a bundle field: the daemon drops it when it decodes the manifest, also from the packaged file, so the bundle has no `labels`; write `labels`".to_string()
        };
        let d = cx.report(&BUNDLE_FIELD, m, l.key_span(), message);
        if root.labels().is_none() {
            d.replacement = Some("labels".into());
        }
    }
    for (field, what, max) in [(root.name(), "name", 128), (root.author(), "author", 64)] {
        if let Some(f) = field.filter(|f| !f.is_null())
            && let Some(v) = f.text()
            && !v.is_empty()
            && !identifier_ok(v, max)
        {
            let fixed = v.to_ascii_lowercase().replace([' ', '.'], "_");
            let message = format!(
                "`{what}` `{v}` does not match `^[a-z0-9_-]{{1,{max}}}$`: `dify bundle init` would refuse it; packaging and upload do not check it, and how the Marketplace treats it is unconfirmed"
            );
            let d = cx.report(&BUNDLE_FIELD, m, f.span(), message);
            if identifier_ok(&fixed, max) {
                d.replacement = Some(fixed);
            }
        }
    }
    if let Some(f) = root.version().filter(|f| !f.is_null())
        && let Some(v) = f.text()
        && !v.is_empty()
        && !daemon_version_ok(v)
    {
        let padded = pad_version(v);
        let message = format!(
            "`version` `{v}` is not `X.Y.Z[-suffix]`: the daemon declares that form but never validates a bundle manifest, so packaging and upload accept it; how the Marketplace and the UI order versions is unconfirmed; write e.g. `{padded}`"
        );
        let d = cx.report(&BUNDLE_FIELD, m, f.span(), message);
        if daemon_version_ok(&padded) {
            d.replacement = Some(padded);
        }
    }
}

/// `` `a`, `b` and `c` ``.
fn list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
