//! DIFY305: a parameter type needs a newer Dify than `meta.minimum_dify_version` (or that field is
//! missing).

use crate::edits::text::{after_block, entry_indent};
use crate::edits::{Action, edit};
use crate::project::views::{Field, ManifestDecl, ToolDecl};
use crate::project::vocab::{self, Version};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, FixData, Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static NEEDS_NEWER_DIFY: Rule = Rule {
    code: "DIFY305",
    name: "needs-newer-dify",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B13b, K3",
    source: "Parameter-type matrix (spec §4.5); kinds by Dify release (dify-plugin-kinds.md §2.2); web `install-plugin` steps",
    summary: "A parameter type or plugin kind needs a newer Dify than `meta.minimum_dify_version` (or that field is missing)",
    doc: "The SDK accepts parameter types that older Dify servers reject: on those servers the whole provider \
list fails to parse. `any`, `object`, `array`, `dynamic-select` and `checkbox` are unknown to Dify 1.3.0 (they \
work in 1.13.3); `date` and `date-range` are in no released Dify yet. Set `meta.minimum_dify_version` to a \
release that knows the type, or use an older type.

Kinds and features arrived later than plugins themselves: datasources need Dify 1.9.0, triggers 1.10.0, agent \
strategy parameters of type `any` 1.7.0 and the agent feature `history-messages` 1.2.0. The install page warns \
users of older servers only when `meta.minimum_dify_version` says so; without it they install a plugin their \
Dify cannot run.

**Example**

```yaml
# tools/echo.yaml
parameters:
  - name: flags
    type: checkbox

# manifest.yaml
meta:
  minimum_dify_version: \"1.3.0\"
```

Use instead:

```yaml
# manifest.yaml
meta:
  minimum_dify_version: \"1.13.3\"
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `declared` is the release `meta.minimum_dify_version` declares, once checked (minimum-dify-version).
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl, declared: Option<Version>) {
    let node = root.meta().and_then(|m| m.minimum_dify_version()).map(Field::node);
    let min_span = node
        .map(|n| n.span)
        .or_else(|| root.meta_field().map(Field::key_span))
        .unwrap_or(m.anchor());
    for p in &cx.project.providers {
        for t in &p.tools {
            let Some(y) = &t.yaml else { continue };
            for param in ToolDecl::of(y).into_iter().flat_map(ToolDecl::parameters) {
                let Some(ty) = param.kind().map(Field::node) else {
                    continue;
                };
                let Some(info) = ty.as_str().and_then(vocab::param_type) else {
                    continue;
                };
                let Some((known_bad, known_good)) = vocab::param_type_needs(info) else {
                    continue;
                };
                let too_old = match &declared {
                    None => true,
                    Some(v) => *v <= Version::parse(known_bad).expect("valid"),
                };
                if !too_old {
                    continue;
                }
                let needs = match known_good {
                    Some(good) => format!("Dify {known_bad} rejects it and {good} accepts it"),
                    None => format!("no released Dify accepts it yet (not even {known_bad})"),
                };
                let have = match &declared {
                    Some(_) => format!(
                        "`meta.minimum_dify_version` is {}",
                        node.and_then(Node::text).unwrap_or("")
                    ),
                    None => "the manifest sets no `meta.minimum_dify_version`".to_string(),
                };
                let advice = match known_good {
                    Some(good) => format!("set `minimum_dify_version` to a release that knows it (e.g. \"{good}\")"),
                    None => "use an older type, or expect the provider list to fail on current Dify".into(),
                };
                let d = cx.report(
                    &NEEDS_NEWER_DIFY,
                    y,
                    ty.span,
                    format!(
                        "parameter type `{}` needs a newer Dify: {needs}, and {have}; {advice}",
                        info.name
                    ),
                );
                d.with_related(m, min_span, "the minimum Dify version");
                if let Some(good) = known_good {
                    d.with_fix(FixData::MinimumDifyVersion { to: good.to_string() });
                }
            }
        }
    }
}

/// What the other kinds need (dify-plugin-kinds.md §2.2, K3): each declaration of a kind, and the
/// agent strategy features and parameter types, against the declared release.
pub(super) fn check_kinds(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl, declared: Option<Version>) {
    use crate::project::kinds::{Feature, Requirement};
    let node = root.meta().and_then(|m| m.minimum_dify_version()).map(Field::node);
    let min_span = node
        .map(|n| n.span)
        .or_else(|| root.meta_field().map(Field::key_span))
        .unwrap_or(m.anchor());
    let have = match &declared {
        Some(_) => format!(
            "`meta.minimum_dify_version` is {}",
            node.and_then(Node::text).unwrap_or("")
        ),
        None => "the manifest sets no `meta.minimum_dify_version`".to_string(),
    };
    let requirements = crate::project::kinds::requirements(&cx.project.kinds);
    for r in &requirements {
        let Some(release) = r.feature.dify() else { continue };
        let required = Version::parse(release).expect("valid");
        if declared.as_ref().is_some_and(|v| *v >= required) {
            continue;
        }
        cx.report(
            &NEEDS_NEWER_DIFY,
            &r.file,
            r.span,
            format!("{} needs Dify {release} or newer, and {have}: the install page does not warn users of older servers, where the plugin cannot work; set it to \"{release}\"", r.feature.what()),
        )
        .with_related(m, min_span, "the minimum Dify version")
        .with_fix(FixData::MinimumDifyVersion { to: release.to_string() });
    }
    // Dify 1.10.1 does not know `polling`; the first release that does is not confirmed
    // (dify-plugin-kinds.md §11; the official volcengine plugin declares 1.15.0). One diagnostic
    // for the plugin, the other models related.
    let known_bad = Version::parse("1.10.1").expect("valid");
    if declared.as_ref().is_some_and(|v| *v > known_bad) {
        return;
    }
    let polling: Vec<&Requirement> = requirements.iter().filter(|r| r.feature == Feature::Polling).collect();
    let Some(first) = polling.first() else { return };
    let times = match polling.len() {
        1 => String::new(),
        n => format!(" ({n} models use it)"),
    };
    let d = cx.report(
        &NEEDS_NEWER_DIFY,
        &first.file,
        first.span,
        format!("the model feature `polling` is unknown to Dify 1.10.1 and earlier, and {have}: those servers cannot list this model{times}; set it to a release that knows `polling` (not confirmed yet: the official volcengine plugin declares \"1.15.0\")"),
    );
    d.with_related(m, min_span, "the minimum Dify version");
    for r in &polling[1..] {
        d.with_related(&r.file, r.span, "another model with `polling`");
    }
}

/// Raises (or sets) `meta.minimum_dify_version` to the release the check names.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(m) = &project.manifest else { return Vec::new() };
    let Some(meta) = ManifestDecl::of(m)
        .and_then(ManifestDecl::meta)
        .filter(|n| n.is_mapping())
    else {
        return Vec::new();
    };
    let Some(FixData::MinimumDifyVersion { to: version }) = &d.fix else {
        return Vec::new();
    };
    let change = match meta.minimum_dify_version() {
        Some(f) => edit(m, f.span(), format!("\"{version}\"")),
        None => {
            let indent = entry_indent(m, meta.node()).unwrap_or_else(|| "  ".into());
            let (at, nl) = after_block(m, meta.node());
            edit(
                m,
                Span::new(at, at),
                format!(
                    "{}{indent}minimum_dify_version: \"{version}\"\n",
                    if nl { "\n" } else { "" }
                ),
            )
        }
    };
    vec![Action::fix(
        format!("Set `meta.minimum_dify_version` to \"{version}\""),
        d.rule.code,
        vec![change],
    )]
}
