//! DIFY111: `extra.python.source` is missing, or names no file.

use super::path_fix;
use crate::edits::text::{rel, stem, yaml_scalar};
use crate::edits::{Action, Change, edit, templates};
use crate::project::kinds::Role;
use crate::project::views::{ExtraDecl, Field, KindProviderDecl};
use crate::project::{Files, Project, Reference, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, FixData, Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static PYTHON_SOURCE_MISSING: Rule = Rule {
    code: "DIFY111",
    name: "python-source-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B3a, E5, E8, G4, G8, M2, M13, D3, D5a, T3, T7",
    source: "SDK `ToolProviderConfiguration`, `ToolConfiguration`, `PluginRegistration`",
    summary: "`extra.python.source` (models: `provider_source`, `model_sources`) is missing, or names a file that does not exist",
    doc: "Plugin provider and tool YAML name their Python file in `extra.python.source` (relative to the plugin \
root). Without it the SDK fails (`extra Field required`, or for tools `... ToolConfigurationExtra python Field \
required`); a path that does not exist fails when the class is imported. The other kinds name their modules \
the same way: each endpoint, agent strategy, datasource and event in its own YAML, datasource and trigger providers \
in theirs, model providers in `extra.python.provider_source` and `model_sources` (an agent strategy provider's own \
`extra` is never loaded, so it is not checked).

**Example**

```yaml
# tools/echo.yaml (the code is tools/echo.py)
extra:
  python:
    source: tools/ecko.py
```

Use instead:

```yaml
# tools/echo.yaml
extra:
  python:
    source: tools/echo.py
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `kind` is `provider` or `tool`, what `yaml` declares.
pub(super) fn check(cx: &mut Ctx, yaml: &Arc<SourceFile>, source: Option<&Reference>, kind: &str) {
    let Some(root) = yaml.yaml_root().filter(|r| r.as_map().is_some()) else {
        return;
    };
    match source {
        Some(r) if !r.target.exists && !r.target.unknown => {
            let (hint, fix) = path_fix(cx, r, Some(".py"));
            cx.report(
                &PYTHON_SOURCE_MISSING,
                yaml,
                r.span,
                format!(
                    "`{}` does not exist{hint}: the SDK imports the {kind} class from this file",
                    r.raw
                ),
            )
            .replacement = fix;
        }
        Some(_) => {}
        None => {
            let node = ExtraDecl::of_root(root).and_then(ExtraDecl::python_source);
            if node.is_some_and(|n| !n.is_null()) {
                return; // Present but not a string: the wrong-type rule reports it.
            }
            let span = missing_key_span(yaml, root);
            let msg = if kind == "tool" {
                "`extra.python.source` is missing: the SDK fails with `Error loading tool configuration: 1 validation error for ToolConfigurationExtra python Field required`; set it to the tool's file, e.g. `tools/<name>.py`"
            } else {
                "`extra.python.source` is missing: the SDK fails with `extra Field required`; set it to the provider's file, e.g. `provider/<name>.py`"
            };
            cx.report(&PYTHON_SOURCE_MISSING, yaml, span, msg);
        }
    }
}

/// A module another kind's declaration names (an endpoint's, a model provider's, …): reported
/// where it is named when the file is not there.
pub(super) fn check_module(cx: &mut Ctx, yaml: &Arc<SourceFile>, m: &crate::project::kinds::Module) {
    let r = &m.source;
    if r.target.exists || r.target.unknown {
        return;
    }
    let (hint, fix) = path_fix(cx, r, Some(".py"));
    let d = cx.report(
        &PYTHON_SOURCE_MISSING,
        yaml,
        r.span,
        format!(
            "`{}` does not exist{hint}: the SDK imports the class from this file when the plugin starts, and fails",
            r.raw
        ),
    );
    d.replacement = fix;
    if m.role.base().is_some() && r.raw.ends_with(".py") {
        let constructor = m.role == Role::Trigger
            && yaml
                .yaml_root()
                .and_then(|root| KindProviderDecl::new(root).subscription_constructor_field())
                .is_some_and(|f| !f.node().is_null());
        d.with_fix(FixData::CreateKindModule {
            path: r.target.path.clone(),
            role: m.role,
            constructor,
        });
    }
}

/// A required `extra.python.<key>` that another kind's declaration lacks (E5, G4, M2, D3, D5a,
/// T3, T7). `what` names the declaration; `example` the usual path.
pub(super) fn check_key(cx: &mut Ctx, yaml: &Arc<SourceFile>, key: &str, what: &str, example: &str) {
    let Some(root) = yaml.yaml_root() else { return };
    let node = ExtraDecl::of_root(root)
        .and_then(ExtraDecl::python)
        .and_then(|p| p.module(key))
        .map(Field::node);
    if node.is_some_and(|n| !n.is_null()) {
        return; // Present (a missing file is `check_module`'s; a wrong type another rule's).
    }
    let span = missing_key_span(yaml, root);
    cx.report(
        &PYTHON_SOURCE_MISSING,
        yaml,
        span,
        format!("`extra.python.{key}` is missing: the SDK cannot load this {what} (`extra … Field required`) and the plugin does not start; set it to its module, e.g. `{example}`"),
    );
}

/// Where a missing `extra.python.<key>` is reported: on `python:`, else on `extra:`, else at the
/// file's first key.
fn missing_key_span(yaml: &SourceFile, root: &Node) -> Span {
    let extra = ExtraDecl::field_of_root(root);
    let python = extra.and_then(|e| ExtraDecl::new(e.node()).python_field());
    match (extra, python) {
        (Some(_), Some(p)) => p.key_span(),
        (Some(e), None) => e.key_span(),
        (None, _) => yaml.anchor(),
    }
}

/// Points `extra.python.source` at the file beside the YAML, or creates the file it names.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    if let Some(FixData::CreateKindModule {
        path,
        role,
        constructor,
    }) = &d.fix
    {
        let target = path.clone();
        let Some(body) = templates::kind_module(*role, &stem(&target), *constructor) else {
            return Vec::new();
        };
        return vec![Action::fix(
            format!("Create `{}`", rel(project, &target)),
            d.rule.code,
            vec![Change::Create {
                path: target,
                text: body,
            }],
        )];
    }
    // Templates exist for tool providers and tools only; another kind's path fix is the
    // diagnostic's replacement.
    if project
        .kinds
        .iter()
        .any(|k| k.source_files().any(|f| f.path == d.file.path))
    {
        return Vec::new();
    }
    let layout = project.unit.layout;
    let is_provider = project.providers.iter().any(|p| p.yaml_path == d.file.path);
    let node = d
        .file
        .yaml_root()
        .and_then(ExtraDecl::of_root)
        .and_then(ExtraDecl::python_source);
    let target = match node.and_then(Node::as_str) {
        Some(raw) => project.unit.root.join(crate::project::paths::normalize(raw)),
        None => {
            // The key is missing: point it at the file beside the YAML with the same stem.
            let py = d.file.path.with_extension("py");
            let source = rel(project, &py);
            if d.file.yaml_root().and_then(ExtraDecl::field_of_root).is_some() {
                return Vec::new();
            }
            let (at, nl) = (d.file.text.len(), !d.file.text.ends_with('\n'));
            let text = format!(
                "{}extra:\n  python:\n    source: {}\n",
                if nl { "\n" } else { "" },
                yaml_scalar(&source)
            );
            let mut actions = vec![Action::fix(
                format!("Add `extra.python.source: {source}`"),
                d.rule.code,
                vec![edit(&d.file, Span::new(at, at), text)],
            )];
            if !py.exists() {
                let body = if is_provider {
                    templates::provider(layout, &stem(&py))
                } else {
                    templates::tool(layout, &stem(&py), &templates::declared_parameters(d.file.yaml_root()))
                };
                actions[0].changes.push(Change::Create { path: py, text: body });
            }
            return actions;
        }
    };
    let body = if is_provider {
        templates::provider(layout, &stem(&target))
    } else {
        templates::tool(
            layout,
            &stem(&target),
            &templates::declared_parameters(d.file.yaml_root()),
        )
    };
    vec![Action::fix(
        format!("Create `{}`", rel(project, &target)),
        d.rule.code,
        vec![Change::Create {
            path: target,
            text: body,
        }],
    )]
}
