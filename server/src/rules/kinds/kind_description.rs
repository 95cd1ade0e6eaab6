//! DIFY421: an agent strategy, datasource or event without a `description`, or with one in the
//! tool's `{human, llm}` shape (G4, D5a, T7).

use crate::edits::text::{indent_at, yaml_scalar};
use crate::edits::{Action, edit};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static KIND_DESCRIPTION: Rule = Rule {
    code: "DIFY421",
    name: "kind-description",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "G4, D5a, T7",
    source: "SDK `validate_strategies`, `DatasourceEntity`, `validate_events` (`I18nObject`)",
    summary: "An agent strategy, datasource or event has no `description`, or one in the tool shape `{human, llm}`",
    doc: "Unlike a tool's, the `description` of an agent strategy, a datasource and a trigger event is an I18n \
object (`en_US`, …). The tool shape `{human: …, llm: …}` — which the `dify plugin init` datasource template \
writes — fails when the plugin starts (`description.en_US Field required`), and a missing `description` fails \
with `Error loading … configuration: 'description'`.

**Example**

```yaml
# strategies/react.yaml
description:
  human:
    en_US: Reasons and acts.
  llm: Reasons and acts.
```

Use instead:

```yaml
# strategies/react.yaml
description:
  en_US: Reasons and acts.
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `what` names the declaration (`agent strategy`, `datasource`, `event`).
pub(super) fn check(cx: &mut Ctx, file: &Arc<SourceFile>, root: &Node, what: &str) {
    let Some(entry) = crate::project::views::ItemDecl::new(root).description() else {
        cx.report(
            &KIND_DESCRIPTION,
            file,
            file.anchor(),
            format!("this {what} has no `description`: the plugin does not start (`Error loading {what} configuration: 'description'`); add `description: {{en_US: …}}`"),
        );
        return;
    };
    let Some(map) = entry.as_map() else { return }; // Another type: the wrong-type rules' matter.
    let has = |k: &str| map.iter().any(|e| e.key.as_str() == Some(k));
    if !has("en_US") && (has("human") || has("llm")) {
        cx.report(
            &KIND_DESCRIPTION,
            file,
            entry.key_span(),
            format!("the {what}'s `description` has the tool shape `{{human, llm}}`, but here it is an I18n object: the plugin does not start (`description.en_US Field required`); write `description: {{en_US: …}}` with the text of `human`"),
        );
    }
}

/// `description: {human: {en_US: …, …}, llm: …}` → `description: {en_US: …, …}`: the locales of
/// `human`, `llm` dropped. Offered when `human` holds an `en_US` text.
fn fix(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(root) = d.file.yaml_root() else {
        return Vec::new();
    };
    let Some(entry) = crate::project::views::ItemDecl::new(root).description() else {
        return Vec::new();
    };
    if entry.key_span() != d.span {
        return Vec::new();
    }
    let Some(human) = entry
        .as_map()
        .and_then(|m| m.iter().find(|e| e.key.as_str() == Some("human")))
        .and_then(|e| e.value.as_map())
    else {
        return Vec::new();
    };
    let locales: Vec<(&str, &str)> = human
        .iter()
        .filter_map(|e| Some((e.key.as_str()?, e.value.as_str()?)))
        .collect();
    if !locales.iter().any(|(k, _)| *k == "en_US") {
        return Vec::new();
    }
    let indent = format!("{}  ", indent_at(&d.file, d.span.start));
    let mut text = String::from("description:");
    for (locale, value) in &locales {
        text.push_str(&format!("\n{indent}{locale}: {}", yaml_scalar(value)));
    }
    let end = entry.span().end;
    let end = d.file.text[..end].trim_end().len().max(d.span.end);
    vec![Action::fix(
        "Write `description` as an I18n object (the text of `human`)",
        d.rule.code,
        vec![edit(&d.file, Span::new(d.span.start, end), text)],
    )]
}
