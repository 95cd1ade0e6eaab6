//! DIFY703: a `package` dependency whose `path` is not a file under `_assets/` (U3).

use crate::project::SourceFile;
use crate::project::views::{DependencyDecl, Field};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::path::{Component, Path};
use std::sync::Arc;

pub(crate) static BUNDLE_PACKAGE_MISSING: Rule = Rule {
    code: "DIFY703",
    name: "bundle-package-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "U3",
    source: "DAEMON `internal/service/plugin_decoder.go` `UploadPluginBundle` (`failed to fetch package from bundle`, `asset not found`); `bundle_packager` `FetchAsset`",
    summary: "A `package` dependency whose `value.path` is not a file under `_assets/`",
    doc: "A `package` dependency embeds a plugin package in the bundle: `value.path` names a file under \
`_assets/`, relative to that folder (`dify bundle append package` copies the `.difypkg` there, named by its \
checksum). When the bundle is uploaded the daemon fetches each embedded package: a path that names no file \
under `_assets/` fails the upload with `failed to fetch package from bundle` (`asset not found`). The \
package itself is then decoded and checked like any plugin upload; dify-lsp does not open the package.

**Example**

```yaml
# manifest.yaml (_assets/ holds icon.svg and demo.difypkg)
type: bundle
dependencies:
  - type: package
    value:
      path: _assets/demo.difypkg
```

Use instead:

```yaml
# manifest.yaml
type: bundle
dependencies:
  - type: package
    value:
      path: demo.difypkg
```",
    fix: None,
};

const FAILS: &str = "the upload fails (`failed to fetch package from bundle`: `asset not found`)";

/// `dep` is a mapping with `type: package`.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, dep: DependencyDecl) {
    let value = dep.value_field().filter(|v| !v.is_null());
    if value.is_some_and(|v| v.as_map().is_none()) {
        return; // bundle-shape: it does not decode.
    }
    let path = dep.value().and_then(|v| v.path()).filter(|p| !p.is_null());
    let Some(path) = path else {
        let span = value.map_or(dep.span(), Field::key_span);
        let message =
            format!("this `package` dependency has no `value.path`: {FAILS}; name the package's file under `_assets/`");
        cx.report(&BUNDLE_PACKAGE_MISSING, m, span, message);
        return;
    };
    let Some(p) = path.text() else {
        return; // bundle-shape: not a single value.
    };
    let assets = cx.unit().root.join("_assets");
    let plain = !p.is_empty() && Path::new(p).components().all(|c| matches!(c, Component::Normal(_)));
    if plain && cx.files.is_file(&assets.join(p)) {
        return;
    }
    let inner = p
        .strip_prefix("_assets/")
        .filter(|r| !r.is_empty() && cx.files.is_file(&assets.join(r)));
    match inner {
        Some(r) => {
            let message =
                format!("`{p}` is read under `_assets/`, so the daemon looks for `_assets/{p}`: {FAILS}; write `{r}`");
            cx.report(&BUNDLE_PACKAGE_MISSING, m, path.span(), message).replacement = Some(r.to_string());
        }
        None => {
            let message = format!(
                "`_assets/{p}` is not a file: {FAILS}; add the package there (`dify bundle append package`) or correct the path"
            );
            cx.report(&BUNDLE_PACKAGE_MISSING, m, path.span(), message);
        }
    }
}
