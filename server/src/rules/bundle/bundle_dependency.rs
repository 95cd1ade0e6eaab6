//! DIFY705: a dependency of an unknown `type` or with a pattern the CLI refuses (U5, U6, U7).

use super::pattern_ok;
use crate::project::SourceFile;
use crate::project::views::{DependencyDecl, Field};
use crate::rules::{Ctx, Grade, Layouts, Rule, did_you_mean, one_of, suggest};
use std::sync::Arc;

pub(crate) static BUNDLE_DEPENDENCY: Rule = Rule {
    code: "DIFY705",
    name: "bundle-dependency",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "U5, U6, U7",
    source: "DAEMON `pkg/entities/bundle_entities/dependency.go`; `internal/service/plugin_decoder.go` `UploadPluginBundle`; CLI `bundle append github|marketplace`",
    summary: "A bundle dependency whose `type` is not `github`, `marketplace` or `package`, or whose `repo_pattern`/`marketplace_pattern` does not match the daemon's pattern",
    doc: "Each dependency of a bundle is `github` (`value.repo_pattern: org/repo:<version>/<asset>`), \
`marketplace` (`value.marketplace_pattern: org/plugin:<version>`) or `package`. `org` matches \
`[a-z0-9_-]{1,64}`, the repository or plugin `[a-z0-9_-]{1,128}`, and `<version>` is `[~^]X.Y.Z[-suffix]`, \
`X.x.x` or a range `A.B.C-D.E.F`. A dependency of another `type` is skipped silently at upload: that plugin \
is not installed with the bundle. `dify bundle append` refuses a malformed pattern (`invalid github repo \
pattern`, `invalid marketplace pattern`), but the upload splits a pattern written by hand at `:` and `/` \
without checking it, so the bundle uploads and the install of that plugin fails later.

**Example**

```yaml
# manifest.yaml
type: bundle
dependencies:
  - type: market
    value:
      marketplace_pattern: acme/demo@0.0.1
  - type: github
    value:
      repo_pattern: acme/demo-tools:v0.0.1/demo-tools.difypkg
```

Use instead:

```yaml
# manifest.yaml
type: bundle
dependencies:
  - type: marketplace
    value:
      marketplace_pattern: acme/demo:0.0.1
  - type: github
    value:
      repo_pattern: acme/demo-tools:0.0.1/demo-tools.difypkg
```",
    fix: None,
};

const TYPES: [&str; 3] = ["github", "marketplace", "package"];

/// `dep` is a mapping whose `type` is not `package`.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, dep: DependencyDecl) {
    let kind = dep.kind().filter(|k| !k.is_null());
    let Some(t) = kind.map(|k| k.text()) else {
        let message = format!(
            "this dependency has no `type`: the upload skips it silently, so the plugin is not installed with the bundle; write {}",
            one_of(&TYPES)
        );
        // At the dependency's first key: the item may span several lines.
        let span = dep
            .node()
            .as_map()
            .and_then(|e| e.first())
            .map_or(dep.span(), |e| e.key.span);
        cx.report(&BUNDLE_DEPENDENCY, m, span, message);
        return;
    };
    let Some(t) = t else {
        return; // bundle-shape: not a single value.
    };
    let kind = kind.expect("a type");
    let (key, github, example) = match t {
        "github" => ("repo_pattern", true, "acme/demo:0.0.1/demo.difypkg"),
        "marketplace" => ("marketplace_pattern", false, "acme/demo:0.0.1"),
        _ => {
            let message = format!(
                "the dependency type `{t}` is not {}: the upload skips it silently, so the plugin is not installed with the bundle{}",
                one_of(&TYPES),
                did_you_mean(t, &TYPES)
            );
            let d = cx.report(&BUNDLE_DEPENDENCY, m, kind.span(), message);
            d.replacement = suggest(t, &TYPES).map(str::to_string);
            return;
        }
    };
    let value = dep.value_field().filter(|v| !v.is_null());
    if value.is_some_and(|v| v.as_map().is_none()) {
        return; // bundle-shape: it does not decode.
    }
    let field = dep
        .value()
        .and_then(|v| {
            if github {
                v.repo_pattern()
            } else {
                v.marketplace_pattern()
            }
        })
        .filter(|f| !f.is_null());
    let shape = if github {
        "org/repo:<version>/<asset>"
    } else {
        "org/plugin:<version>"
    };
    let Some(field) = field else {
        let span = value.map_or(kind.span(), Field::key_span);
        let message = format!(
            "this `{t}` dependency has no `value.{key}`: the upload accepts it, and installing the plugin fails; write `{key}: {example}` (`{shape}`)"
        );
        cx.report(&BUNDLE_DEPENDENCY, m, span, message);
        return;
    };
    let Some(p) = field.text() else {
        return; // bundle-shape.
    };
    if !pattern_ok(p, github) {
        let refusal = if github {
            "invalid github repo pattern"
        } else {
            "invalid marketplace pattern"
        };
        let message = format!(
            "`{p}` is not `{shape}` (lower-case names; a version `X.Y.Z`, `^X.Y.Z`, `~X.Y.Z`, `X.x.x` or `A.B.C-D.E.F`): `dify bundle append` refuses it (`{refusal}`), and the upload splits it unchecked, so installing the plugin fails; e.g. `{example}`"
        );
        cx.report(&BUNDLE_DEPENDENCY, m, field.span(), message);
    }
}
