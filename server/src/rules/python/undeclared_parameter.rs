//! DIFY512: the Python reads a tool parameter the YAML does not declare.

use crate::edits::text::{after_block, capitalize, is_block, item_indent, next_line_start, yaml_scalar};
use crate::edits::{Action, edit};
use crate::project::views::{Field, ToolDecl};
use crate::project::{Files, Project, SourceFile, ToolFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule, did_you_mean};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static UNDECLARED_PARAMETER: Rule = Rule {
    code: "DIFY512",
    name: "undeclared-parameter",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X11",
    source: "Cross-check of the tool YAML and Python",
    summary: "The Python reads a tool parameter the YAML does not declare",
    doc: "`tool_parameters` holds only declared parameters, so reading another key raises `KeyError` (or `.get` \
returns `None` forever). Usually a typo or a parameter that was renamed in the YAML. Declare it, or fix the \
key.

**Example**

```python
# tools/echo.py (tools/echo.yaml declares `text`)
        yield self.create_text_message(tool_parameters[\"txt\"])
```

Use instead:

```python
# tools/echo.py
        yield self.create_text_message(tool_parameters[\"text\"])
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: true,
    }),
};

/// `py` is the module of tool `t`; `tools` are all the provider's tools.
pub(super) fn check(cx: &mut Ctx, t: &ToolFile, py: &Arc<SourceFile>, tools: &[ToolFile]) {
    // A module shared by several tool YAMLs serves each of them: a key one of them
    // declares is a read for that tool, not a typo.
    let shared: Vec<String> = tools
        .iter()
        .filter(|o| o.py.as_ref().is_some_and(|o| o.path == py.path))
        .filter_map(|o| o.yaml.as_ref().and_then(|y| ToolDecl::of(y)))
        .flat_map(ToolDecl::parameters)
        .filter_map(|p| p.name().and_then(Field::str).map(str::to_string))
        .collect();
    let Some(yaml) = &t.yaml else { return };
    let Some(root) = yaml.yaml_root() else { return };
    let tool = ToolDecl::new(root);
    let names: Vec<&str> = tool
        .parameters()
        .filter_map(|p| p.name().and_then(Field::str))
        .collect();
    let declared: std::collections::HashSet<&str> = names.iter().copied().collect();
    let facts = &py.python().facts;
    let dynamic_schema = facts.classes.iter().any(|c| {
        c.method("_get_runtime_parameters").is_some()
            || c.method("get_runtime_parameters").is_some()
            || c.method("_fetch_parameter_options").is_some()
    });
    let params_span = tool.parameters_field().map_or(yaml.anchor(), Field::key_span);
    if !dynamic_schema {
        for read in &facts.param_reads {
            if !declared.contains(read.key.as_str()) && !shared.contains(&read.key) {
                let d = cx.report(&UNDECLARED_PARAMETER, py, read.span, format!("parameter `{}` is not declared in `{}`{}: `tool_parameters` holds only declared parameters; declare it or fix the key", read.key, yaml.file_name(), did_you_mean(&read.key, &names)));
                d.with_related(yaml, params_span, "the declared parameters");
            }
        }
    }
}

/// Declares the parameter in the tool YAML.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(tool) = project
        .providers
        .iter()
        .flat_map(|p| &p.tools)
        .find(|t| t.py.as_ref().is_some_and(|py| py.path == d.file.path))
    else {
        return Vec::new();
    };
    let Some(yaml) = &tool.yaml else { return Vec::new() };
    let Some(root) = yaml.yaml_root() else {
        return Vec::new();
    };
    let name = d.file.slice(d.span).trim_matches(['"', '\'']).to_string();
    let plugin = project.unit.is_plugin();
    // Read with `[...]`, the code expects a value: declare it required.
    let required = d.span.start > 0 && d.file.text.as_bytes()[d.span.start - 1] == b'[';
    let block = |indent: &str| {
        let mut s = format!(
            "{indent}- name: {}\n{indent}  type: string\n{indent}  required: {required}\n{indent}  label:\n{indent}    en_US: {}\n",
            yaml_scalar(&name),
            yaml_scalar(&capitalize(&name.replace('_', " ")))
        );
        if plugin {
            s.push_str(&format!(
                "{indent}  human_description:\n{indent}    en_US: {}\n",
                yaml_scalar(&capitalize(&name.replace('_', " ")))
            ));
        }
        s.push_str(&format!(
            "{indent}  llm_description: {}\n{indent}  form: llm\n",
            yaml_scalar(&format!("The {} to use", name.replace('_', " ")))
        ));
        s
    };
    let tool = ToolDecl::new(root);
    let change = match tool.parameters_field().map(Field::node) {
        Some(seq) if seq.as_seq().is_some_and(|s| !s.is_empty()) && is_block(yaml, seq) => {
            let Some(indent) = item_indent(yaml, seq) else {
                return Vec::new();
            };
            let (at, nl) = after_block(yaml, seq);
            edit(
                yaml,
                Span::new(at, at),
                format!("{}{}", if nl { "\n" } else { "" }, block(&indent)),
            )
        }
        Some(p) if p.as_seq().is_some_and(|s| s.is_empty()) || p.is_null() => {
            let Some(e) = tool.parameters_field() else {
                return Vec::new();
            };
            let line_end = next_line_start(yaml, e.key_span().start);
            edit(
                yaml,
                Span::new(e.key_span().start, line_end),
                format!("parameters:\n{}", block("  ")),
            )
        }
        Some(_) => return Vec::new(),
        None => {
            // Before `extra:` when there is one, else at the end.
            let at = tool
                .extra_field()
                .map(|e| yaml.lines.line_start(yaml.lines.line_of(e.key_span().start)))
                .unwrap_or(yaml.text.len());
            let nl = if at == yaml.text.len() && !yaml.text.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            edit(yaml, Span::new(at, at), format!("{nl}parameters:\n{}", block("  ")))
        }
    };
    vec![Action::fix(
        format!("Declare parameter `{name}` in `{}`", yaml.file_name()),
        d.rule.code,
        vec![change],
    )]
}
