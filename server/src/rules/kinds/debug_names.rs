//! DIFY429: what remote debugging refuses in agent strategy and trigger declarations, although
//! the SDK accepts it: an `identity.name` that is not `^[a-zA-Z0-9_-]+$` (G7, T17), and an
//! empty option `value` of a trigger parameter (T17).

use crate::project::kinds::{Declaration, Kind};
use crate::project::views::{ConstructorDecl, Field, ItemDecl, KindProviderDecl, ParamDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static DEBUG_NAMES: Rule = Rule {
    code: "DIFY429",
    name: "debug-identity-name",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "G7, T17",
    source: "DAEMON `agent_declaration.go`, `trigger_declaration.go` (identity name `^[a-zA-Z0-9_-]+$`, option `value` required)",
    summary: "An agent strategy or trigger provider, strategy or event whose `identity.name` is not `^[a-zA-Z0-9_-]+$`, or a trigger option with an empty `value`",
    doc: "When a plugin connects for remote debugging, the daemon validates its agent strategy and trigger \
declarations: the `identity.name` of a provider, a strategy or an event must match `^[a-zA-Z0-9_-]+$` (no \
spaces, dots or other characters), and every `options` item of a trigger parameter needs a non-empty `value`. The \
SDK accepts both, so the packaged plugin may start, but remote debugging — the normal development loop — rejects \
the plugin. Datasource names are not checked by the daemon.

**Example**

```yaml
# events/created.yaml
identity:
  name: item.created
```

Use instead:

```yaml
# events/created.yaml
identity:
  name: item_created
```",
    fix: None,
};

/// `^[a-zA-Z0-9_-]+$`, the daemon's name pattern.
pub(super) fn is_debug_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether the daemon checks this kind's names when debugging.
pub(super) fn checks_names(kind: Kind) -> bool {
    matches!(kind, Kind::AgentStrategies | Kind::Triggers)
}

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    if !checks_names(d.kind) {
        return;
    }
    let (_, what) = d.kind.items().expect("a kind with items");
    let (provider_what, what) = match d.kind {
        Kind::AgentStrategies => ("agent strategy provider", "agent strategy"),
        _ => ("trigger provider", what),
    };
    if let Some(y) = &d.yaml
        && let Some(provider) = KindProviderDecl::of(y)
    {
        if let Some(n) = provider.identity().and_then(|i| i.name()) {
            name(cx, y, n, provider_what);
        }
        if d.kind == Kind::Triggers {
            let params = provider
                .subscription_constructor()
                .into_iter()
                .flat_map(ConstructorDecl::parameters);
            options(cx, y, params, "subscription constructor parameter");
        }
    }
    for y in d.items.iter().filter_map(|i| i.yaml.as_ref()) {
        let Some(item) = ItemDecl::of(y) else { continue };
        if let Some(n) = item.identity().and_then(|i| i.name()) {
            name(cx, y, n, what);
        }
        if d.kind == Kind::Triggers {
            options(cx, y, item.parameters(), "event parameter");
        }
    }
}

fn name(cx: &mut Ctx, y: &std::sync::Arc<crate::project::SourceFile>, n: Field, what: &str) {
    if let Some(name) = n.str()
        && !is_debug_name(name)
    {
        cx.report(
            &DEBUG_NAMES,
            y,
            n.span(),
            format!("the {what} name `{name}` is not `^[a-zA-Z0-9_-]+$`: remote debugging rejects the plugin (the packaged plugin may start); use letters, digits, `_` and `-` only"),
        );
    }
}

fn options<'a>(
    cx: &mut Ctx,
    y: &std::sync::Arc<crate::project::SourceFile>,
    params: impl Iterator<Item = ParamDecl<'a>>,
    what: &str,
) {
    for p in params {
        let pname = p.name().and_then(Field::str).unwrap_or("…");
        for o in p.option_items() {
            let Some(v) = o.value() else { continue }; // A missing `value`: the schema's matter.
            if v.is_null() || v.str() == Some("") {
                cx.report(
                    &DEBUG_NAMES,
                    y,
                    v.key_span(),
                    format!("an option of the {what} `{pname}` has an empty `value`: remote debugging rejects the plugin (the daemon requires a value); give it one"),
                );
            }
        }
    }
}
