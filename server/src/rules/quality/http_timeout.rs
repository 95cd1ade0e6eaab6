//! DIFY601: an outbound HTTP call without a timeout.

use crate::edits::text::indent_at;
use crate::edits::{Action, edit};
use crate::project::python::{Argument, HttpCall};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule, Severity};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static HTTP_TIMEOUT: Rule = Rule {
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
`timeout=None`. Tools and providers are checked, and the modules of the other kinds (endpoints, agent \
strategies, models, datasources, triggers and events), where a hanging call stalls the request, the run or the \
model call the same way.

**Example**

```python
# tools/notify.py
        requests.post(url, json=payload)
```

Use instead:

```python
# tools/notify.py
        requests.post(url, json=payload, timeout=30)
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timeout {
    Set,
    /// No `timeout=`: requests waits forever.
    Missing,
    /// `timeout=None` disables it explicitly.
    ExplicitNone,
}

/// The timeout an HTTP call sets; `text` is its module's.
fn timeout(call: &HttpCall, text: &str) -> Timeout {
    let mut timeout = Timeout::Missing;
    let mut positional = 0;
    for arg in &call.arguments {
        match arg {
            Argument::Keyword { name, value } if name == "timeout" => {
                let none = &text[value.start..value.end] == "None";
                timeout = if none { Timeout::ExplicitNone } else { Timeout::Set };
            }
            Argument::Keyword { .. } => {}
            // `**kwargs` may carry a timeout: do not guess.
            Argument::KeywordSplat => timeout = Timeout::Set,
            Argument::Positional => positional += 1,
        }
    }
    // `urlopen(url, data, timeout)`.
    if call.callee.ends_with("urlopen") && positional >= 3 {
        timeout = Timeout::Set;
    }
    timeout
}

/// `what` names what hangs: `the tool`, `the endpoint`, `the model call`, ….
pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>, what: &str) {
    let facts = &py.python().facts;
    for call in &facts.http_calls {
        let msg = match timeout(call, &py.text) {
            Timeout::Set => continue,
            Timeout::Missing => format!(
                "`{}` has no `timeout=`: requests waits forever on a slow server and {what} hangs; add `timeout=30`",
                call.callee
            ),
            Timeout::ExplicitNone => format!(
                "`{}` passes `timeout=None`, which waits forever on a slow server; pass seconds, e.g. `timeout=30`",
                call.callee
            ),
        };
        let span = Span::new(call.span.start, call.args.start.max(call.span.start));
        cx.report(&HTTP_TIMEOUT, py, span, msg);
    }
}

/// Adds `timeout=30`, or turns `timeout=None` into `timeout=30`.
fn fix(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(call) = d
        .file
        .python()
        .facts
        .http_calls
        .iter()
        .find(|c| c.span.start == d.span.start)
    else {
        return Vec::new();
    };
    let text = &d.file.text;
    let args = call.args;
    let inner = &text[args.start + 1..args.end - 1];
    let change = if timeout(call, text) == Timeout::ExplicitNone {
        let Some(pos) = inner.find("timeout") else {
            return Vec::new();
        };
        let rest = &inner[pos..];
        let Some(none) = rest.find("None") else {
            return Vec::new();
        };
        let at = args.start + 1 + pos + none;
        edit(&d.file, Span::new(at, at + 4), "30")
    } else if inner.trim().is_empty() {
        edit(&d.file, Span::new(args.start + 1, args.end - 1), "timeout=30")
    } else if inner.contains('\n') {
        // One argument per line: add a line in the same style before the closing parenthesis.
        let close_line_start = text[..args.end - 1].rfind('\n').map_or(args.start, |i| i + 1);
        // The end of the last argument from the syntax tree: the text's last non-blank character
        // may end a comment (`url  # the API`), and a comma written there is commented out.
        let last_arg_end = last_argument_end(&d.file, args).unwrap_or(inner.trim_end().len() + args.start + 1);
        let arg_indent = indent_at(&d.file, last_arg_end.saturating_sub(1));
        let comma = if text[last_arg_end..args.end - 1].trim_start().starts_with(',') {
            ""
        } else {
            ","
        };
        if text[close_line_start..args.end - 1].trim().is_empty() {
            let at = close_line_start;
            return vec![
                Action::fix(
                    "Add `timeout=30`",
                    d.rule.code,
                    vec![
                        edit(&d.file, Span::new(last_arg_end, last_arg_end), comma.to_string()),
                        edit(&d.file, Span::new(at, at), format!("{arg_indent}timeout=30,\n")),
                    ],
                )
                .preferred(),
            ];
        }
        edit(
            &d.file,
            Span::new(last_arg_end, last_arg_end),
            format!("{comma} timeout=30"),
        )
    } else {
        let trimmed = inner.trim_end();
        let at = args.start + 1 + trimmed.len();
        let sep = if trimmed.ends_with(',') { " " } else { ", " };
        edit(&d.file, Span::new(at, at), format!("{sep}timeout=30"))
    };
    vec![Action::fix("Add `timeout=30`", d.rule.code, vec![change]).preferred()]
}

/// Where the last argument (not a comment) of the argument list at `args` ends.
fn last_argument_end(file: &SourceFile, args: Span) -> Option<usize> {
    let root = file.python().tree.root_node();
    let list = std::iter::successors(root.descendant_for_byte_range(args.start, args.end), |n| n.parent())
        .find(|n| n.kind() == "argument_list" && n.start_byte() == args.start)?;
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .last()
        .map(|n| n.end_byte())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::python::PyModule;

    #[test]
    fn timeouts_from_the_arguments() {
        let src = r#"
import requests as rq
from requests import post
from urllib.request import urlopen

rq.get("https://x", timeout=5)
post("https://x")
s = rq.Session()
s.put("https://x", timeout=None)
rq.get("https://x", **options)
rq.get("https://x", **options, timeout=None)
urlopen("https://x", None, 10)
"#;
        let m = PyModule::parse(src);
        let timeouts: Vec<Timeout> = m.facts.http_calls.iter().map(|c| timeout(c, src)).collect();
        assert_eq!(
            timeouts,
            [
                Timeout::Set,
                Timeout::Missing,
                Timeout::ExplicitNone,
                Timeout::Set,
                Timeout::ExplicitNone,
                Timeout::Set
            ]
        );
    }
}
