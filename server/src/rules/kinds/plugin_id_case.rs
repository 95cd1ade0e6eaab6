//! DIFY430: a model provider's `provider`, or a kind provider's `identity.name`, that is not
//! lower-case `^[a-z0-9_-]+$`: the API's plugin id `<author>/<plugin>/<name>` is refused (K6).

use super::debug_names::{checks_names, is_debug_name};
use crate::project::kinds::{Declaration, Kind};
use crate::project::views::{Field, KindProviderDecl, ManifestDecl, ModelProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static PLUGIN_ID_CASE: Rule = Rule {
    code: "DIFY430",
    name: "provider-id-case",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "K6",
    source: "API `api/models/provider_ids.py` (`GenericProviderID`: `^[a-z0-9_-]+/[a-z0-9_-]+/[a-z0-9_-]+$`)",
    summary: "A model provider's `provider` or an agent strategy, datasource or trigger provider's `identity.name` that is not lower-case `^[a-z0-9_-]+$`",
    doc: "Dify's API names a provider by the id `<author>/<plugin>/<name>`, and refuses an id whose parts are not \
`^[a-z0-9_-]+$` (`Invalid plugin id`). The SDK and the daemon accept an upper-case provider name, so the plugin \
installs, but the API fails where it parses the id: when the provider is called, its credentials are saved or a \
subscription is created (which step fails for which kind is not confirmed). Official plugins all use lower-case \
names.

**Example**

```yaml
# provider/acme.yaml (a model provider)
provider: AcmeAI
```

Use instead:

```yaml
# provider/acme.yaml
provider: acmeai
```",
    fix: None,
};

/// `^[a-z0-9_-]+$`, the API's id part.
fn is_id_part(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    let Some(y) = &d.yaml else { return };
    let Some(root) = y.yaml_root() else { return };
    let field = match d.kind {
        Kind::Endpoints => return,
        Kind::Models => ModelProviderDecl::new(root).provider(),
        _ => KindProviderDecl::new(root).identity().and_then(|i| i.name()),
    };
    let Some(n) = field else { return };
    let Some(name) = n.str() else { return };
    if is_id_part(name) || (checks_names(d.kind) && !is_debug_name(name)) {
        return; // Fine, or DIFY429's error already.
    }
    let id = plugin_id(cx, name);
    let key = if d.kind == Kind::Models {
        "`provider`"
    } else {
        "`identity.name`"
    };
    cx.report(
        &PLUGIN_ID_CASE,
        y,
        n.span(),
        format!("the provider's {key} `{name}` is not lower-case `^[a-z0-9_-]+$`: Dify's API refuses its id `{id}` (`Invalid plugin id`) when it calls the provider or saves its credentials; write `{}`", suggestion(name)),
    );
}

/// `<author>/<plugin>/<name>` as the manifest gives it.
fn plugin_id(cx: &Ctx, name: &str) -> String {
    let manifest = cx.project.manifest.as_ref().and_then(|m| ManifestDecl::of(m));
    let part = |f: Option<Field>| f.and_then(Field::str).unwrap_or("…").to_string();
    let author = part(manifest.and_then(ManifestDecl::author));
    let plugin = part(manifest.and_then(ManifestDecl::name));
    format!("{author}/{plugin}/{name}")
}

fn suggestion(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' | '_' | '-' => c,
            _ => '_',
        })
        .collect()
}
