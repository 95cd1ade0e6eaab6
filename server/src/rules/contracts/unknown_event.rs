//! DIFY521: `EventDispatch(events=[...])` names an event the trigger provider does not declare
//! (T15).

use crate::project::SourceFile;
use crate::project::kinds::Declaration;
use crate::project::python::string_value;
use crate::project::views::{Field, ItemDecl, KindProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::{Span, python};
use std::sync::Arc;
use tree_sitter::Node as TsNode;

pub(crate) static UNKNOWN_EVENT: Rule = Rule {
    code: "DIFY521",
    name: "unknown-dispatched-event",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "T15",
    source: "SDK trigger dispatch (``Event `<e>` not found in provider `<p>` ``)",
    summary: "`EventDispatch(events=[...])` names an event that no event YAML of the provider declares",
    doc: "`_dispatch_event` answers a webhook request with the names of the events to run. Dify looks each name up \
among the events the provider declares (`identity.name` of each file in `events:`); a name it does not find fails \
with ``Event `<e>` not found in provider `<p>` `` and that event never runs. Only names written as string \
literals in the list are checked.

**Example**

```python
# provider/github.py (events/star.yaml declares `identity.name: star_created`)
return EventDispatch(events=[\"star\"], response=Response(\"ok\"))
```

Use instead:

```python
# provider/github.py
return EventDispatch(events=[\"star_created\"], response=Response(\"ok\"))
```",
    fix: None,
};

/// `py` is the trigger provider module of the declaration `d`.
pub(super) fn check(cx: &mut Ctx, d: &Declaration, py: &Arc<SourceFile>) {
    if py.decode_error.is_some() || py.python().syntax_error.is_some() {
        return;
    }
    // Every event's name must be known, or "not declared" cannot be concluded.
    let mut names: Vec<&str> = Vec::new();
    for item in &d.items {
        let Some(name) = item
            .yaml
            .as_ref()
            .and_then(|y| ItemDecl::of(y))
            .and_then(ItemDecl::identity)
            .and_then(|i| i.name())
            .and_then(Field::str)
        else {
            return;
        };
        names.push(name);
    }
    let provider = d
        .yaml
        .as_ref()
        .and_then(|y| KindProviderDecl::of(y))
        .and_then(KindProviderDecl::identity)
        .and_then(|i| i.name())
        .and_then(Field::str)
        .unwrap_or("…");
    let mut dispatched: Vec<(String, Span)> = Vec::new();
    collect(py.python().tree.root_node(), &py.text, &mut dispatched);
    for (name, span) in dispatched {
        if names.contains(&name.as_str()) {
            continue;
        }
        let hint = crate::rules::did_you_mean(&name, &names);
        cx.report(
            &UNKNOWN_EVENT,
            py,
            span,
            format!(
                "no event of this provider is named `{name}`: dispatching it fails with ``Event `{name}` not found in provider `{provider}` ``, so it never runs{hint}; the provider declares {}",
                if names.is_empty() {
                    "no events".to_string()
                } else {
                    super::listing(&names)
                }
            ),
        );
    }
}

/// The string literals of `events=[…]` in every `EventDispatch(…)` call.
fn collect(root: TsNode, src: &str, out: &mut Vec<(String, Span)>) {
    super::walk(root, |node| {
        if node.kind() == "call"
            && let Some(f) = node.child_by_field_name("function")
            && python::text(f, src).rsplit('.').next() == Some("EventDispatch")
            && let Some(args) = node.child_by_field_name("arguments")
        {
            let mut cursor = args.walk();
            for arg in args.named_children(&mut cursor) {
                if arg.kind() != "keyword_argument" {
                    continue;
                }
                let (Some(k), Some(v)) = (arg.child_by_field_name("name"), arg.child_by_field_name("value")) else {
                    continue;
                };
                if python::text(k, src) != "events" || v.kind() != "list" {
                    continue;
                }
                let mut c = v.walk();
                for item in v.named_children(&mut c) {
                    if let Some(s) = string_value(item, src) {
                        out.push((s, Span::new(item.start_byte(), item.end_byte())));
                    }
                }
            }
        }
        true
    });
}
