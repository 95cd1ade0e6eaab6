//! DIFY109: a YAML path in `plugins.tools` or a provider's `tools` names no file.

use super::path_fix;
use crate::project::Reference;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static LISTED_FILE_MISSING: Rule = Rule {
    code: "DIFY109",
    name: "listed-file-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B2, E1, E2, G1, G2, M1, D1, D2, T1, T2",
    source: "SDK `load_yaml_file`; DAEMON `Manifest()` (`failed to read tool file: <p>`)",
    summary: "A YAML path the manifest's `plugins` or a declaration's list (tools, endpoints, strategies, datasources, events) names does not exist",
    doc: "Paths are relative to the plugin root. The SDK's loader returns `{}` for a missing file, so the error \
it prints is the misleading `Error loading tool configuration: 'identity'`; the daemon says `failed to read \
tool file: <p>`. The same holds for every kind: endpoint groups and the endpoints they list, agent strategy \
providers and strategies, model providers, datasource providers and datasources, trigger providers and events \
(`failed to read endpoint|agent strategy|model|datasource|trigger|event file: <p>`). Fix the path or create the \
file.

**Example**

```yaml
# provider/demo.yaml (the tool is tools/echo.yaml)
tools:
  - tools/ecko.yaml
```

Use instead:

```yaml
# provider/demo.yaml
tools:
  - tools/echo.yaml
```",
    fix: None,
};

/// `r` is the manifest's reference to the declaration of another kind (E1, G1, M1, D1, T1).
pub(super) fn check_declaration(cx: &mut Ctx, kind: crate::project::kinds::Kind, r: &Reference) {
    let what = format!(
        "the daemon fails to package and install the plugin with `failed to read {} file: {}`",
        kind.daemon_word(),
        r.raw
    );
    report_missing(cx, r, &what);
}

/// `r` is a declaration's reference to an endpoint, strategy, datasource or event YAML (E2, G2,
/// D2, T2).
pub(super) fn check_item(cx: &mut Ctx, kind: crate::project::kinds::Kind, r: &Reference) {
    let (_, what) = kind.items().unwrap_or(("", "declaration"));
    let word = if what == "strategy" { "agent strategy" } else { what };
    report_missing(
        cx,
        r,
        &format!(
            "the plugin does not start, and the daemon fails with `failed to read {word} file: {}`",
            r.raw
        ),
    );
}

/// `r` is the manifest's reference to a provider YAML.
pub(super) fn check_provider(cx: &mut Ctx, r: &Reference) {
    report_missing(
        cx,
        r,
        "the daemon fails with `failed to read tool file` and the SDK with `Error loading tool configuration: 'identity'`",
    );
}

/// `r` is a provider's reference to a tool YAML.
pub(super) fn check_tool(cx: &mut Ctx, r: &Reference) {
    report_missing(
        cx,
        r,
        "the SDK fails with `Error loading tool configuration: 'identity'`",
    );
}

fn report_missing(cx: &mut Ctx, r: &Reference, what: &str) {
    if r.target.exists || r.target.unknown {
        return;
    }
    let (hint, fix) = path_fix(cx, r, None);
    cx.report(
        &LISTED_FILE_MISSING,
        &r.file,
        r.span,
        format!("`{}` does not exist{hint}: {what}", r.raw),
    )
    .replacement = fix;
}
