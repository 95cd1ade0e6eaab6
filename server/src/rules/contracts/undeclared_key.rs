//! DIFY525: an endpoint reads a setting its group does not declare or a path variable its path
//! does not have; an agent strategy reads a parameter its YAML does not declare (E13, G13).

use super::kind_role;
use crate::project::SourceFile;
use crate::project::kinds::{Declaration, Item, Kind};
use crate::project::python::{Method, string_value};
use crate::project::views::{EndpointDecl, EndpointGroupDecl, Field, ItemDecl};
use crate::rules::python::classes::{Classes, Found};
use crate::rules::{Ctx, Grade, Layouts, Rule, did_you_mean};
use crate::syntax::yaml::Node;
use crate::syntax::{Span, python};
use std::sync::Arc;
use tree_sitter::Node as TsNode;

pub(crate) static UNDECLARED_KEY: Rule = Rule {
    code: "DIFY525",
    name: "undeclared-kind-key",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "E13, G13",
    source: "Cross-check of the endpoint group / path and the agent strategy YAML with the Python",
    summary: "An endpoint reads a setting or path variable, or an agent strategy a parameter, that its YAML does not declare",
    doc: "Dify hands an endpoint's `_invoke` the values of the settings its group declares (`settings`) and the \
variables of its path (`values`, from `<name>` or `<converter:name>`), and an agent strategy's `_invoke` the \
parameters its YAML declares (`parameters`). A key that is not declared is never there: `settings[\"x\"]` raises \
`KeyError` on every call, and `settings.get(\"x\")` is always `None`. Usually a typo, or a setting that was \
renamed in the YAML only. Only reads with a literal key in `_invoke` itself are checked.

**Example**

```yaml
# group/demo.yaml
settings:
  - name: api_key
    type: secret-input
    required: true
    label:
      en_US: API key
```

```python
# endpoints/hello.py
key = settings[\"apikey\"]
```

Use instead:

```python
# endpoints/hello.py
key = settings[\"api_key\"]
```",
    fix: None,
};

/// The names a declaration list (`settings`, `parameters`) declares; `None` when one is unreadable.
fn names(list: Option<&Node>) -> Option<Vec<String>> {
    let Some(list) = list else { return Some(Vec::new()) };
    if list.is_null() {
        return Some(Vec::new());
    }
    list.as_seq()?
        .iter()
        .map(|i| crate::project::views::item_name(i).map(str::to_string))
        .collect()
}

/// The variables of a werkzeug rule: `<name>`, `<conv:name>`, `<conv(args):name>`.
fn path_variables(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { break };
        let inner = &rest[start + 1..start + end];
        let name = inner.rsplit(':').next().unwrap_or(inner).trim();
        out.push(name.to_string());
        rest = &rest[start + end + 1..];
    }
    out
}

/// `found` is the endpoint class of `item`, an endpoint of the group `d`.
pub(super) fn check_endpoint(cx: &mut Ctx, d: &Declaration, item: &Item, found: &Found) {
    if d.kind != Kind::Endpoints {
        return;
    }
    let Some(settings) = names(
        d.yaml
            .as_ref()
            .and_then(|y| EndpointGroupDecl::of(y))
            .and_then(EndpointGroupDecl::settings)
            .map(Field::node),
    ) else {
        return;
    };
    // Every endpoint served by this module: several YAMLs may share it.
    let path = |i: &Item| {
        i.yaml
            .as_ref()
            .and_then(|y| EndpointDecl::of(y))
            .and_then(EndpointDecl::path)
            .and_then(Field::str)
            .map(path_variables)
    };
    let Some(this) = item.module.as_ref().map(|m| &m.source.target.path) else {
        return;
    };
    let shares = |i: &Item| i.module.as_ref().is_some_and(|m| &m.source.target.path == this);
    // A module several endpoints share is checked once, with the first.
    if d.items.iter().position(&shares) != d.items.iter().position(|i| std::ptr::eq(i, item)) {
        return;
    }
    let mut variables: Option<Vec<String>> = Some(Vec::new());
    for other in d.items.iter().filter(|i| shares(i)) {
        match (path(other), variables.as_mut()) {
            (Some(v), Some(all)) => all.extend(v),
            _ => variables = None,
        }
    }
    let Some((file, invoke)) = Classes::new(cx, kind_role("")).method(&found.file, &found.class, "_invoke", 0) else {
        return;
    };
    let args = invoke.args();
    let group = rel(cx, d.yaml.as_ref());
    if let Some(p) = args.get(2) {
        let declared: Vec<&str> = settings.iter().map(String::as_str).collect();
        let what = format!("the endpoint group `{group}` declares no setting");
        report(
            cx,
            &file,
            &invoke,
            &p.name,
            &declared,
            &what,
            "fails the request",
            "declare it under `settings` or fix the name",
        );
    }
    if let (Some(p), Some(vars)) = (args.get(1), &variables) {
        let declared: Vec<&str> = vars.iter().map(String::as_str).collect();
        report(
            cx,
            &file,
            &invoke,
            &p.name,
            &declared,
            "the endpoint's path has no variable",
            "fails the request",
            "add `<name>` to `path` or fix the name",
        );
    }
}

/// `found` is the strategy class of `item`, an agent strategy of the provider `d`.
pub(super) fn check_strategy(cx: &mut Ctx, d: &Declaration, item: &Item, found: &Found) {
    let Some(this) = item.module.as_ref().map(|m| &m.source.target.path) else {
        return;
    };
    let shares = |i: &Item| i.module.as_ref().is_some_and(|m| &m.source.target.path == this);
    // A module several strategies share is checked once, against all their parameters.
    if d.items.iter().position(&shares) != d.items.iter().position(|i| std::ptr::eq(i, item)) {
        return;
    }
    let mut declared: Vec<String> = Vec::new();
    for other in d.items.iter().filter(|i| shares(i)) {
        let Some(root) = other.yaml.as_ref().and_then(|y| y.yaml_root()) else {
            return;
        };
        let Some(names) = names(ItemDecl::new(root).parameters_field().map(Field::node)) else {
            return;
        };
        declared.extend(names);
    }
    let Some((file, invoke)) = Classes::new(cx, kind_role("")).method(&found.file, &found.class, "_invoke", 0) else {
        return;
    };
    if let Some(p) = invoke.args().first() {
        let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
        report(
            cx,
            &file,
            &invoke,
            &p.name,
            &declared,
            "the strategy declares no parameter",
            "fails the run",
            "declare it under `parameters` or fix the name",
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    cx: &mut Ctx,
    file: &Arc<SourceFile>,
    invoke: &Method,
    mapping: &str,
    declared: &[&str],
    what: &str,
    when: &str,
    fix: &str,
) {
    if file.decode_error.is_some() || file.python().syntax_error.is_some() {
        return;
    }
    let root = file.python().tree.root_node();
    let Some(body) = root.descendant_for_byte_range(invoke.body.start, invoke.body.end) else {
        return;
    };
    let mut reads = Vec::new();
    collect(body, &file.text, mapping, &mut reads);
    let mut seen: Vec<String> = Vec::new();
    for (key, span, subscript) in reads {
        if declared.contains(&key.as_str()) || seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        let effect = if subscript {
            format!("`{mapping}[\"{key}\"]` raises `KeyError` and {when}")
        } else {
            format!("`{mapping}.get(\"{key}\")` is always `None`")
        };
        let hint = did_you_mean(&key, declared);
        cx.report(
            &UNDECLARED_KEY,
            file,
            span,
            format!("{what} `{key}`: {effect}{hint}; {fix}"),
        );
    }
}

/// `mapping["key"]` and `mapping.get("key", …)` reads: the key, its literal's span, and whether it
/// is a subscript.
fn collect(root: TsNode, src: &str, mapping: &str, out: &mut Vec<(String, Span, bool)>) {
    super::walk(root, |node| {
        match node.kind() {
            "subscript" => {
                if let (Some(v), Some(s)) = (node.child_by_field_name("value"), node.child_by_field_name("subscript"))
                    && python::text(v, src) == mapping
                    && let Some(key) = string_value(s, src)
                {
                    out.push((key, Span::new(s.start_byte(), s.end_byte()), true));
                }
            }
            "call" => {
                if let (Some(f), Some(args)) = (
                    node.child_by_field_name("function"),
                    node.child_by_field_name("arguments"),
                ) && f.kind() == "attribute"
                    && f.child_by_field_name("attribute")
                        .is_some_and(|a| python::text(a, src) == "get")
                    && f.child_by_field_name("object")
                        .is_some_and(|o| python::text(o, src) == mapping)
                    && let Some(first) = args.named_child(0)
                    && let Some(key) = string_value(first, src)
                {
                    out.push((key, Span::new(first.start_byte(), first.end_byte()), false));
                }
            }
            // A nested function has its own names.
            "function_definition" | "lambda" | "class_definition" => return false,
            _ => {}
        }
        true
    });
}

fn rel(cx: &Ctx, file: Option<&Arc<SourceFile>>) -> String {
    file.map(|f| {
        f.path
            .strip_prefix(&cx.unit().root)
            .unwrap_or(&f.path)
            .display()
            .to_string()
    })
    .unwrap_or_default()
}
