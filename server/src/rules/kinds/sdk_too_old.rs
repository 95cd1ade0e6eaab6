//! DIFY427: the plugin's `dify_plugin` requirement keeps it on an SDK that does not know a kind or
//! feature it declares (dify-plugin-kinds.md §2.2, M7b).

use crate::project::sdk_pin::sdk_pin;
use crate::project::vocab::Version;
use crate::rules::{Ctx, Grade, Layouts, Rule};

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
    let written = pin.file.slice(pin.span).to_string();
    let pin_file = pin.file.file_name().to_string();
    for r in crate::project::kinds::requirements(&project.kinds) {
        let Some(release) = r.feature.sdk() else { continue };
        if pin.allows(&Version::parse(release).expect("valid")) {
            continue;
        }
        let (what, file, span) = (r.feature.what(), &r.file, r.span);
        cx.report(
            &SDK_TOO_OLD,
            file,
            span,
            format!("{what} needs dify_plugin {release} or newer, but `{pin_file}` requires `{written}`, which keeps the plugin on an older SDK: it refuses the declaration at start and the plugin does not start; allow `dify_plugin>={release}`"),
        )
        .with_related(&pin.file, pin.span, "the SDK requirement");
    }
}
