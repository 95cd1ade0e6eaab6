//! DIFY421: an agent strategy, datasource or event without a `description`, or with one in the
//! tool's `{human, llm}` shape (G4, D5a, T7).

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
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
    fix: None,
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
