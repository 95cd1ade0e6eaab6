//! Python quality: the troubleshooting advice Dify users get (timeouts, no hard-coded secrets,
//! safe reads of optional inputs), as diagnostics.

use super::{Ctx, Fix, Grade, Layouts, Rule, Severity};
use crate::project::SourceFile;
use crate::project::python::{ReadKind, Timeout};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub static HTTP_TIMEOUT: Rule = Rule {
    code: "DIFY601",
    name: "http-timeout",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp (requests has no default timeout)",
    summary: "An outbound HTTP call without a timeout",
    doc: "`requests` waits forever when no `timeout=` is given, so a slow API hangs the tool until Dify gives up \
on the whole invocation. Pass `timeout=` (seconds, e.g. `timeout=30`) on every call; sessions have no \
session-wide timeout. `httpx` defaults to 5 s and is not flagged unless the timeout is disabled with \
`timeout=None`.",
    fix: Some(Fix {
        actions: crate::actions::fixes::add_timeout,
        placeholders: false,
    }),
};

pub static HARDCODED_SECRET: Rule = Rule {
    code: "DIFY602",
    name: "hardcoded-secret",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp",
    summary: "A string literal that looks like a hard-coded credential",
    doc: "API keys and tokens in the source end up in the `.difypkg` and in version control. Declare a \
`secret-input` credential under `credentials_for_provider` and read it with \
`self.runtime.credentials[\"…\"]`.",
    fix: None,
};

pub static OPTIONAL_SUBSCRIPT: Rule = Rule {
    code: "DIFY603",
    name: "optional-subscript",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp (Dify omits empty optional inputs)",
    summary: "An optional parameter or credential is read with `[...]`, which raises `KeyError` when it is empty",
    doc: "A parameter or credential that is not `required` and has no `default` is absent when the user leaves it \
empty, so `tool_parameters[\"x\"]` raises `KeyError`. Read it with `.get(\"x\")` and handle `None`. Required \
ones are enforced by Dify before `_invoke` runs and are fine to subscript, and so is a read the code guards \
(`if \"x\" in tool_parameters:`, `if tool_parameters.get(\"x\"):`, an early `return` when it is missing, or a \
`try` that catches `KeyError`).",
    fix: Some(Fix {
        actions: crate::actions::fixes::subscript_to_get,
        placeholders: false,
    }),
};

/// Whether a declaration (parameter or credential) may be absent at run time.
fn optional(decl: &Node) -> bool {
    let required = decl.get("required").and_then(Node::as_lax_bool).unwrap_or(false);
    let default = decl.get("default").is_some_and(|d| !d.is_null());
    !required && !default
}

fn check_module(cx: &mut Ctx, py: &Arc<SourceFile>) {
    let facts = &py.python().facts;
    for call in &facts.http_calls {
        let msg = match call.timeout {
            Timeout::Set => continue,
            Timeout::Missing => format!(
                "`{}` has no `timeout=`: requests waits forever on a slow server and the tool hangs; add `timeout=30`",
                call.callee
            ),
            Timeout::ExplicitNone => format!(
                "`{}` passes `timeout=None`, which waits forever on a slow server; pass seconds, e.g. `timeout=30`",
                call.callee
            ),
        };
        let span = crate::syntax::Span::new(call.span.start, call.args.start.max(call.span.start));
        cx.report(&HTTP_TIMEOUT, py, span, msg);
    }
    for span in &facts.secrets {
        cx.report(&HARDCODED_SECRET, py, *span, "this looks like a hard-coded credential: it ships in the package and in version control; declare a `secret-input` credential and read `self.runtime.credentials[...]`");
    }
}

pub fn check(cx: &mut Ctx) {
    let project = cx.project;
    for p in &project.providers {
        let root = p.yaml.as_ref().and_then(|y| y.yaml_root());
        let creds: Vec<(&str, &Node)> = root
            .and_then(|r| r.get("credentials_for_provider"))
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| e.key.text().map(|k| (k, &e.value)))
            .collect();
        let mut modules: Vec<(&Arc<SourceFile>, Option<&Arc<SourceFile>>)> = p.py.iter().map(|py| (py, None)).collect();
        modules.extend(
            p.tools
                .iter()
                .filter_map(|t| t.py.as_ref().map(|py| (py, t.yaml.as_ref()))),
        );
        for (py, tool_yaml) in modules {
            check_module(cx, py);
            let facts = &py.python().facts;
            for read in facts
                .credential_reads
                .iter()
                .filter(|r| r.kind == ReadKind::Subscript && !r.guarded)
            {
                if creds.iter().any(|(k, d)| *k == read.key && optional(d)) {
                    cx.report(&OPTIONAL_SUBSCRIPT, py, read.span, format!("credential `{}` is optional (not `required`, no `default`), so `[...]` raises `KeyError` when the user leaves it empty; use `.get(\"{}\")` and handle `None`", read.key, read.key));
                }
            }
            let Some(params) = tool_yaml
                .and_then(|y| y.yaml_root())
                .and_then(|r| r.get("parameters"))
                .and_then(Node::as_seq)
            else {
                continue;
            };
            for read in facts
                .param_reads
                .iter()
                .filter(|r| r.kind == ReadKind::Subscript && !r.guarded)
            {
                let decl = params
                    .iter()
                    .find(|p| p.get("name").and_then(Node::as_str) == Some(read.key.as_str()));
                if decl.is_some_and(optional) {
                    cx.report(&OPTIONAL_SUBSCRIPT, py, read.span, format!("parameter `{}` is optional (not `required`, no `default`), so `tool_parameters[\"{}\"]` raises `KeyError` when it is left empty; use `tool_parameters.get(\"{}\")`", read.key, read.key, read.key));
                }
            }
        }
    }
}
