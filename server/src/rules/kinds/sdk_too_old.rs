//! DIFY427: the plugin's `dify_plugin` requirement keeps it on an SDK that does not know a kind or
//! feature it declares (dify-plugin-kinds.md §2.2, M7b).

use crate::project::SourceFile;
use crate::project::kinds::Kind;
use crate::project::sdk_pin::sdk_pin;
use crate::project::views::{Field, ItemDecl, ModelDecl};
use crate::project::vocab::Version;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static SDK_TOO_OLD: Rule = Rule {
    code: "DIFY427",
    name: "sdk-too-old",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "M7b, §2.2",
    source: "SDK releases: datasources 0.5.0, triggers 0.6.0, model feature `polling` 0.9.0, agent parameter type `any` 0.2.2; the daemon installs the newest release the requirement allows",
    summary: "The `dify_plugin` requirement caps the SDK below the release that knows a kind or feature the plugin declares",
    doc: "The daemon installs the newest `dify_plugin` the plugin's requirement allows, so a low lower bound is \
harmless, but an upper bound (`==0.7.4`, `<0.9`, `~=0.7.0`, Poetry's `^0.7`) keeps the plugin on that release. \
Datasources need SDK 0.5.0, triggers 0.6.0, the model feature `polling` 0.9.0 and agent parameters of type `any` \
0.2.2: an older SDK refuses the declaration at start (for `polling`: `Input should be 'tool-call', …`) and the \
plugin does not start.

**Example**

```yaml
# models/llm/video-1.yaml (requirements.txt: dify_plugin==0.7.4)
features:
  - polling
```

Use instead:

```text
# requirements.txt
dify_plugin>=0.9.0,<0.11
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx) {
    let project = cx.project;
    if project.kinds.is_empty() {
        return;
    }
    let Some(pin) = sdk_pin(cx.files, &project.unit.root) else {
        return;
    };
    if pin.upper.is_none() {
        return;
    }
    let mut needs: Vec<(&'static str, String, Arc<SourceFile>, Span)> = Vec::new();
    for d in &project.kinds {
        match d.kind {
            Kind::Datasources => needs.push((
                "0.5.0",
                "a datasource plugin".into(),
                d.listed.file.clone(),
                d.listed.span,
            )),
            Kind::Triggers => needs.push(("0.6.0", "a trigger plugin".into(), d.listed.file.clone(), d.listed.span)),
            Kind::Models => {
                for m in &d.models {
                    let Some(model) = ModelDecl::of(&m.yaml) else { continue };
                    for f in model.features().and_then(Field::as_seq).unwrap_or(&[]) {
                        if f.as_str() == Some("polling") {
                            needs.push(("0.9.0", "the model feature `polling`".into(), m.yaml.clone(), f.span));
                        }
                    }
                }
            }
            Kind::AgentStrategies => {
                for item in &d.items {
                    let Some(y) = &item.yaml else { continue };
                    for p in ItemDecl::of(y).into_iter().flat_map(ItemDecl::parameters) {
                        if let Some(t) = p.kind().filter(|t| t.str() == Some("any")) {
                            needs.push(("0.2.2", "an agent parameter of type `any`".into(), y.clone(), t.span()));
                        }
                    }
                }
            }
            Kind::Endpoints => {}
        }
    }
    let written = pin.file.slice(pin.span).to_string();
    let pin_file = pin.file.file_name().to_string();
    for (release, what, file, span) in needs {
        if pin.allows(&Version::parse(release).expect("valid")) {
            continue;
        }
        cx.report(
            &SDK_TOO_OLD,
            &file,
            span,
            format!("{what} needs dify_plugin {release} or newer, but `{pin_file}` requires `{written}`, which keeps the plugin on an older SDK: it refuses the declaration at start and the plugin does not start; allow `dify_plugin>={release}`"),
        )
        .with_related(&pin.file, pin.span, "the SDK requirement");
    }
}
