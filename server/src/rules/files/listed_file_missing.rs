//! DIFY109: a YAML path in `plugins.tools` or a provider's `tools` names no file.

use super::path_fix;
use crate::edits::text::{rel, stem, yaml_scalar};
use crate::edits::{Action, Change, templates};
use crate::project::kinds::{DatasourceType, Role};
use crate::project::views::ManifestDecl;
use crate::project::{Files, Project, Reference};
use crate::rules::{Ctx, Diagnostic, Fix, FixData, Grade, Layouts, Rule};

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
    fix: Some(Fix {
        actions: fix,
        placeholders: true,
    }),
};

/// `r` is the manifest's reference to the declaration of another kind (E1, G1, M1, D1, T1).
pub(super) fn check_declaration(cx: &mut Ctx, kind: crate::project::kinds::Kind, r: &Reference) {
    let what = format!(
        "the daemon fails to package and install the plugin with `failed to read {} file: {}`",
        kind.daemon_word(),
        r.raw
    );
    let _ = report_missing(cx, r, &what);
}

/// `r` is a declaration's reference to an endpoint, strategy, datasource or event YAML (E2, G2,
/// D2, T2).
pub(super) fn check_item(cx: &mut Ctx, kind: crate::project::kinds::Kind, role: Option<Role>, r: &Reference) {
    let (_, what) = kind.items().unwrap_or(("", "declaration"));
    let word = if what == "strategy" { "agent strategy" } else { what };
    let reported = report_missing(
        cx,
        r,
        &format!(
            "the plugin does not start, and the daemon fails with `failed to read {word} file: {}`",
            r.raw
        ),
    );
    // A template exists when the module's base is known and the path is a YAML file's.
    if let Some(role) = role.filter(|r| r.base().is_some())
        && reported
        && (r.raw.ends_with(".yaml") || r.raw.ends_with(".yml"))
    {
        cx.last().with_fix(FixData::CreateKindItem {
            path: r.target.path.clone(),
            role,
        });
    }
}

/// `r` is the manifest's reference to a provider YAML.
pub(super) fn check_provider(cx: &mut Ctx, r: &Reference) {
    let _ = report_missing(
        cx,
        r,
        "the daemon fails with `failed to read tool file` and the SDK with `Error loading tool configuration: 'identity'`",
    );
}

/// `r` is a provider's reference to a tool YAML.
pub(super) fn check_tool(cx: &mut Ctx, r: &Reference) {
    let _ = report_missing(
        cx,
        r,
        "the SDK fails with `Error loading tool configuration: 'identity'`",
    );
}

/// Whether it reported.
fn report_missing(cx: &mut Ctx, r: &Reference, what: &str) -> bool {
    if r.target.exists || r.target.unknown {
        return false;
    }
    let (hint, fix) = path_fix(cx, r, None);
    cx.report(
        &LISTED_FILE_MISSING,
        &r.file,
        r.span,
        format!("`{}` does not exist{hint}: {what}", r.raw),
    )
    .replacement = fix;
    true
}

/// Creates a missing endpoint, strategy, datasource or event YAML of its kind, naming a module
/// beside it, and that module from its template when it does not exist either.
fn fix(d: &Diagnostic, project: &Project, files: &dyn Files) -> Vec<Action> {
    let Some(FixData::CreateKindItem { path, role }) = &d.fix else {
        return Vec::new();
    };
    let name = stem(path);
    let py = path.with_file_name(format!("{name}.py"));
    let source = rel(project, &py);
    let author = project
        .manifest
        .as_deref()
        .and_then(ManifestDecl::of)
        .and_then(ManifestDecl::author)
        .and_then(crate::project::views::Field::str)
        .unwrap_or("")
        .to_string();
    let Some(yaml) = item_yaml(*role, &name, &author, &source) else {
        return Vec::new();
    };
    let mut changes = vec![Change::Create {
        path: path.clone(),
        text: yaml,
    }];
    if !files.is_file(&py)
        && let Some(body) = templates::kind_module(*role, &name, false)
    {
        changes.push(Change::Create { path: py, text: body });
    }
    vec![Action::fix(
        format!("Create `{}`", rel(project, path)),
        d.rule.code,
        changes,
    )]
}

/// A minimal valid YAML for an item of `role` (dify-plugin-kinds.md §4, §5, §7, §8).
fn item_yaml(role: Role, name: &str, author: &str, source: &str) -> Option<String> {
    let label = crate::edits::text::capitalize(&name.replace(['_', '-'], " "));
    let extra = format!("extra:\n  python:\n    source: {}\n", yaml_scalar(source));
    if role == Role::Endpoint {
        return Some(format!(
            "path: {}\nmethod: GET\n{extra}",
            yaml_scalar(&format!("/{name}"))
        ));
    }
    let what = match role {
        Role::AgentStrategy => "agent strategy",
        Role::Datasource(Some(
            DatasourceType::WebsiteCrawl | DatasourceType::OnlineDocument | DatasourceType::OnlineDrive,
        )) => "datasource",
        Role::Event => "event",
        _ => return None,
    };
    Some(format!(
        "identity:\n  name: {}\n  author: {}\n  label:\n    en_US: {}\ndescription:\n  en_US: {}\n{extra}",
        yaml_scalar(name),
        yaml_scalar(if author.is_empty() { "author" } else { author }),
        yaml_scalar(&label),
        yaml_scalar(&format!("The {label} {what}.")),
    ))
}
