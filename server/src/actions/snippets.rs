//! Snippet actions for Python tool files, generated for the file's context: its layout and Dify
//! generation, the credentials and parameters its YAML declares, and its indentation; and for
//! endpoint modules (an `_invoke` answering JSON with error handling, an outbound call with a
//! timeout). Each inserts at most once (a marker comment or the inserted definition tells that it
//! is there).

use super::imports;
use crate::edits::text::{identifier, indent_at, next_line_start, py_str};
use crate::edits::{Action, Change, Kind};
use crate::project::kinds::Role;
use crate::project::python::Method;
use crate::project::views::{Field, ProviderDecl, ToolDecl};
use crate::project::{Files, Generation, Layout, Project, SourceFile};
use crate::syntax::Span;
use std::sync::Arc;

const CREDENTIAL_MARK: &str = "# Credential check (dify-lsp)";
const VALIDATION_MARK: &str = "# Parameter validation (dify-lsp)";
const SESSION_CLASS: &str = "class _RetryingSession(";

struct Context<'a> {
    file: &'a Arc<SourceFile>,
    project: &'a Project,
    files: &'a dyn Files,
    invoke: Method,
    /// Where statements go at the top of `_invoke` (after a docstring), and their indentation.
    top: usize,
    indent: String,
    /// `yield` (generators) or `return` the failure message.
    generator: bool,
}

impl Context<'_> {
    /// Lines that report `message` (a Python expression) as the tool's output and stop.
    fn fail(&self, extra_indent: &str, message: &str) -> String {
        let i = format!("{}{extra_indent}", self.indent);
        if self.generator {
            format!("{i}    yield self.create_text_message({message})\n{i}    return\n")
        } else {
            format!("{i}    return self.create_text_message({message})\n")
        }
    }

    fn edit(&self, span: Span, text: String) -> Change {
        Change::Edit {
            path: self.file.path.clone(),
            span,
            text,
        }
    }
}

fn context<'a>(file: &'a Arc<SourceFile>, project: &'a Project, files: &'a dyn Files) -> Option<Context<'a>> {
    let facts = &file.python().facts;
    let invoke = facts
        .classes
        .iter()
        .flat_map(|c| &c.methods)
        .find(|m| m.name == "_invoke")?
        .clone();
    let body = invoke.body;
    let first = file
        .python()
        .tree
        .root_node()
        .descendant_for_byte_range(body.start, body.start)?;
    // The first statement of the body, skipping a docstring.
    let block = std::iter::successors(Some(first), |n| n.parent()).find(|n| n.kind() == "block")?;
    let mut cursor = block.walk();
    let stmts: Vec<_> = block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let first_stmt = stmts.first()?;
    let is_doc =
        first_stmt.kind() == "expression_statement" && first_stmt.named_child(0).is_some_and(|c| c.kind() == "string");
    let anchor = if is_doc {
        stmts.get(1).unwrap_or(first_stmt)
    } else {
        first_stmt
    };
    let indent = indent_at(file, anchor.start_byte());
    let top = if is_doc && stmts.len() == 1 {
        next_line_start(file, first_stmt.end_byte())
    } else {
        file.lines.line_start(file.lines.line_of(anchor.start_byte()))
    };
    let generator = match project.unit.layout {
        Layout::Plugin => true,
        Layout::InTree(Generation::V1) => invoke.is_generator || invoke.returns.is_empty(),
        Layout::InTree(Generation::V0) => false,
    };
    Some(Context {
        file,
        project,
        files,
        invoke,
        top,
        indent,
        generator,
    })
}

/// The snippet actions for a Python tool file or endpoint module.
pub(crate) fn snippets(file: &Arc<SourceFile>, project: &Project, files: &dyn Files) -> Vec<Action> {
    if is_endpoint_module(file, project) {
        return endpoint_snippets(file, project, files);
    }
    let Some(tool) = project
        .providers
        .iter()
        .flat_map(|p| &p.tools)
        .find(|t| t.py.as_ref().is_some_and(|py| py.path == file.path))
    else {
        return Vec::new();
    };
    if file.python().syntax_error.is_some() {
        return Vec::new();
    }
    let Some(cx) = context(file, project, files) else {
        return Vec::new();
    };
    let provider_yaml = project
        .providers
        .iter()
        .find(|p| p.tools.iter().any(|t| t.yaml_path == tool.yaml_path))
        .and_then(|p| p.yaml.clone());
    let mut out = Vec::new();
    if let Some(a) = credential_check(&cx, provider_yaml.as_ref().and_then(|y| ProviderDecl::of(y))) {
        out.push(a);
    }
    if let Some(a) = parameter_validation(&cx, tool.yaml.as_ref().and_then(|y| ToolDecl::of(y))) {
        out.push(a);
    }
    if let Some(a) = retrying_session(&cx) {
        out.push(a);
    }
    if let Some(a) = error_handling(&cx) {
        out.push(a);
    }
    out
}

fn credential_check(cx: &Context, provider: Option<ProviderDecl>) -> Option<Action> {
    if cx.file.text.contains(CREDENTIAL_MARK) {
        return None;
    }
    let provider = provider?;
    provider.credentials_for_provider()?.as_map()?;
    let names: Vec<String> = provider
        .credentials()
        .filter_map(|(e, _)| e.key.as_str().map(String::from))
        .collect();
    if names.is_empty() {
        return None;
    }
    let list = names.iter().map(|n| py_str(n)).collect::<Vec<_>>().join(", ");
    let tuple = if names.len() == 1 {
        format!("({list},)")
    } else {
        format!("({list})")
    };
    let i = &cx.indent;
    let text = format!(
        "{i}{CREDENTIAL_MARK}\n{i}for key in {tuple}:\n{i}    if not self.runtime.credentials.get(key):\n{}",
        cx.fail(
            "    ",
            "f\"The credential `{key}` is not set: add it in the provider's authorization settings.\""
        )
    );
    Some(Action {
        title: "Insert a credential check".into(),
        kind: Kind::Insert,
        preferred: false,
        changes: vec![cx.edit(Span::new(cx.top, cx.top), text)],
        fixes: None,
    })
}

fn parameter_validation(cx: &Context, tool: Option<ToolDecl>) -> Option<Action> {
    if cx.file.text.contains(VALIDATION_MARK) {
        return None;
    }
    let tool = tool?;
    tool.parameters_field()?.as_seq()?;
    let params = tool.parameters();
    let arg = cx
        .invoke
        .args()
        .iter()
        .find(|p| p.name == "tool_parameters")
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "tool_parameters".into());
    let i = &cx.indent;
    let mut body = format!("{i}{VALIDATION_MARK}\n");
    let mut any = false;
    // Every generated string is a plain literal (no f-string): before Python 3.12 an f-string
    // cannot hold the quotes a quoted option list needs, and in-tree Dify and 3.11 runners fail
    // to import the file.
    for p in params {
        let Some(name) = p.name().and_then(Field::str) else {
            continue;
        };
        let key = py_str(name);
        let ty = p.kind().and_then(Field::str).unwrap_or("string");
        let required = p.required().and_then(Field::as_lax_bool).unwrap_or(false);
        if required {
            any = true;
            body.push_str(&format!(
                "{i}if {arg}.get({key}) in (None, \"\"):\n{}",
                cx.fail("", &py_str(&format!("`{name}` is required.")))
            ));
        }
        match ty {
            "number" => {
                any = true;
                // Bounds need finite numbers: Rust writes infinity as `inf`, an undefined name.
                let bound = |f: Option<Field>| f.and_then(|f| f.node().as_f64()).filter(|v| v.is_finite());
                let (min, max) = (bound(p.min()), bound(p.max()));
                let var = local_name(cx, &arg, name);
                let cond = match (min, max) {
                    (Some(a), Some(b)) => Some((format!("not {a} <= {var} <= {b}"), format!("between {a} and {b}"))),
                    (Some(a), None) => Some((format!("{var} < {a}"), format!("at least {a}"))),
                    (None, Some(b)) => Some((format!("{var} > {b}"), format!("at most {b}"))),
                    (None, None) => None,
                };
                // Without bounds the value is only converted: a variable nothing reads is F841.
                let convert = if cond.is_some() {
                    format!("{var} = float({arg}[{key}])")
                } else {
                    format!("float({arg}[{key}])")
                };
                body.push_str(&format!(
                    "{i}if {arg}.get({key}) not in (None, \"\"):\n{i}    try:\n{i}        {convert}\n{i}    except (TypeError, ValueError):\n{}",
                    cx.fail("    ", &py_str(&format!("`{name}` must be a number.")))
                ));
                if let Some((cond, words)) = cond {
                    body.push_str(&format!(
                        "{i}    if {cond}:\n{}",
                        cx.fail("    ", &py_str(&format!("`{name}` must be {words}.")))
                    ));
                }
            }
            "select" => {
                let values: Vec<&str> = p
                    .option_items()
                    .filter_map(|o| o.value().and_then(Field::text))
                    .collect();
                if !values.is_empty() {
                    any = true;
                    let allowed: Vec<String> = values.iter().map(|v| py_str(v)).collect();
                    body.push_str(&format!(
                        "{i}if {arg}.get({key}) not in (None, \"\", {}):\n{}",
                        allowed.join(", "),
                        cx.fail("", &py_str(&format!("`{name}` must be one of: {}.", values.join(", "))))
                    ));
                }
            }
            _ => {}
        }
    }
    if !any {
        return None;
    }
    Some(Action {
        title: "Insert parameter validation".into(),
        kind: Kind::Insert,
        preferred: false,
        changes: vec![cx.edit(Span::new(cx.top, cx.top), body)],
        fixes: None,
    })
}

/// The local a numeric parameter is converted into: its name as an identifier, unless that would
/// rebind `self` or an argument of `_invoke` (a parameter named `tool_parameters`).
fn local_name(cx: &Context, arg: &str, name: &str) -> String {
    let mut var = identifier(name);
    while var == "self" || var == arg || cx.invoke.args().iter().any(|a| a.name == var) {
        var.push_str("_value");
    }
    var
}

const SESSION_HELPER: &str = "class _RetryingSession(requests.Session):
    \"\"\"Retries 429 and 5xx responses with exponential backoff; every request gets a timeout.\"\"\"

    def __init__(self, timeout: float = 30, retries: int = 3, backoff: float = 0.5) -> None:
        super().__init__()
        self.timeout = timeout
        retry = Retry(total=retries, backoff_factor=backoff, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=None)
        adapter = HTTPAdapter(max_retries=retry)
        self.mount(\"https://\", adapter)
        self.mount(\"http://\", adapter)

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault(\"timeout\", self.timeout)
        return super().request(method, url, *args, **kwargs)


_HTTP = _RetryingSession()
";

fn retrying_session(cx: &Context) -> Option<Action> {
    let text = &cx.file.text;
    if text.contains(SESSION_CLASS) {
        return None;
    }
    let facts = &cx.file.python().facts;
    let root = cx.file.python().tree.root_node();
    let mut cursor = root.walk();
    let top: Vec<_> = root.named_children(&mut cursor).collect();
    let first_def = top.iter().find(|n| {
        matches!(
            n.kind(),
            "class_definition" | "function_definition" | "decorated_definition"
        )
    })?;
    let mut wanted = Vec::new();
    for (line, present) in [
        (
            "import requests",
            facts
                .imports
                .iter()
                .any(|i| i.name.is_none() && i.module == "requests" && i.local == "requests"),
        ),
        (
            "from requests.adapters import HTTPAdapter",
            facts.imports.iter().any(|i| i.local == "HTTPAdapter"),
        ),
        (
            "from urllib3.util.retry import Retry",
            facts.imports.iter().any(|i| i.local == "Retry"),
        ),
    ] {
        if !present {
            wanted.push(line);
        }
    }
    let def_at = cx.file.lines.line_start(cx.file.lines.line_of(first_def.start_byte()));
    let plan = imports::plan(cx.file, cx.project, cx.files, &wanted);
    if plan.inserts.iter().any(|(at, _)| *at > def_at) {
        return None;
    }
    let mut changes: Vec<Change> = plan
        .inserts
        .into_iter()
        .map(|(at, text)| cx.edit(Span::new(at, at), text))
        .collect();
    changes.push(cx.edit(Span::new(def_at, def_at), format!("{SESSION_HELPER}\n\n")));
    // Route the module's plain `requests.<method>(...)` calls through the session.
    for call in &facts.http_calls {
        if let Some(method) = call.callee.strip_prefix("requests.") {
            if call.span.start < def_at {
                continue;
            }
            let end = call.span.start + call.callee.len();
            if text.get(call.span.start..end) == Some(call.callee.as_str()) {
                changes.push(cx.edit(Span::new(call.span.start, end), format!("_HTTP.{method}")));
            }
        }
    }
    Some(Action {
        title: "Insert a retrying HTTP session (retries 429/5xx with backoff, 30 s timeout) and use it".into(),
        kind: Kind::Insert,
        preferred: false,
        changes,
        fixes: None,
    })
}

fn error_handling(cx: &Context) -> Option<Action> {
    let file = cx.file;
    let body = cx.invoke.body;
    let start = file.lines.line_start(file.lines.line_of(body.start));
    let end = next_line_start(file, body.end.saturating_sub(1).max(body.start));
    let block = &file.text[start..end];
    let first = block.trim_start();
    let continues = |l: &str| {
        ["except", "finally", "else"]
            .iter()
            .any(|k| l.trim_start().starts_with(k))
    };
    let outside = |l: &&str| !l.trim().is_empty() && indent_at_str(l) <= cx.indent.len() && !continues(l);
    if first.starts_with("try:") && !block.lines().skip(1).any(|l| outside(&l)) {
        return None; // Already one try statement.
    }
    let mut wrapped = format!("{}try:\n", cx.indent);
    for line in block.split_inclusive('\n') {
        if line.trim().is_empty() {
            wrapped.push_str(line);
        } else {
            wrapped.push_str("    ");
            wrapped.push_str(line);
        }
    }
    if !wrapped.ends_with('\n') {
        wrapped.push('\n');
    }
    // The failure is logged with its traceback, then told to the user. (Catching `Exception`
    // without logging it is ruff's BLE001, on by default.)
    let (logger, mut changes) = module_logger(cx.file, cx.project, cx.files, &[], cx.invoke.body.start)?;
    wrapped.push_str(&format!("{}except Exception as e:\n", cx.indent));
    wrapped.push_str(&format!("{}    {logger}.exception(\"The tool failed\")\n", cx.indent));
    let msg = "f\"The tool failed: {e}\"";
    if cx.generator {
        wrapped.push_str(&format!("{}    yield self.create_text_message({msg})\n", cx.indent));
    } else {
        wrapped.push_str(&format!("{}    return self.create_text_message({msg})\n", cx.indent));
    }
    Some(Action {
        title: "Wrap the body of `_invoke` in error handling".into(),
        kind: Kind::Rewrite,
        preferred: false,
        changes: {
            changes.push(cx.edit(Span::new(start, end), wrapped));
            changes
        },
        fixes: None,
    })
}

/// The module's logger: `logger` if the module binds one at top level, else one to add (with
/// `import logging` if needed) after the import block. `extra` are more import lines the caller
/// needs (not already present), planned with it so that isort's order holds; every insert goes
/// before `limit`. Returns the logger's name and the edits.
fn module_logger(
    file: &Arc<SourceFile>,
    project: &Project,
    files: &dyn Files,
    extra: &[&str],
    limit: usize,
) -> Option<(String, Vec<Change>)> {
    let edit = |at: usize, text: String| Change::Edit {
        path: file.path.clone(),
        span: Span::new(at, at),
        text,
    };
    let root = file.python().tree.root_node();
    let mut cursor = root.walk();
    let binds_logger = root.named_children(&mut cursor).any(|n| {
        n.kind() == "expression_statement"
            && n.named_child(0).is_some_and(|a| {
                a.kind() == "assignment"
                    && a.child_by_field_name("left")
                        .is_some_and(|l| l.kind() == "identifier" && &file.text[l.byte_range()] == "logger")
            })
    });
    if binds_logger {
        let plan = imports::plan(file, project, files, extra);
        if plan.inserts.iter().any(|(at, _)| *at > limit) {
            return None;
        }
        let changes = plan.inserts.into_iter().map(|(at, text)| edit(at, text)).collect();
        return Some(("logger".into(), changes));
    }
    let facts = &file.python().facts;
    let has_logging = facts
        .imports
        .iter()
        .any(|i| i.name.is_none() && i.module == "logging" && i.local == "logging");
    let mut wanted: Vec<&str> = extra.to_vec();
    if !has_logging {
        wanted.push("import logging");
    }
    let plan = imports::plan(file, project, files, &wanted);
    let setup = "\nlogger = logging.getLogger(__name__)\n";
    let mut inserts = plan.inserts;
    match plan.after_block {
        // After the block: joined to an import inserted there, so the two keep their order.
        Some(end) => match inserts.iter_mut().find(|(at, _)| *at == end) {
            Some((_, text)) => text.push_str(setup),
            None => inserts.push((end, setup.to_string())),
        },
        None => {
            // No import before: the new imports go first (one insert, at the module's start); the
            // logger right after them.
            let (_, text) = inserts.first_mut()?;
            *text = format!("{}\n{setup}\n\n", text.trim_end_matches('\n'));
        }
    }
    // Everything goes above the class.
    if inserts.iter().any(|(at, _)| *at > limit) {
        return None;
    }
    let changes = inserts.into_iter().map(|(at, text)| edit(at, text)).collect();
    Some(("logger".into(), changes))
}

fn indent_at_str(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

// --- Endpoint modules -------------------------------------------------------------------------

const API_CALL_MARK: &str = "# Outbound call with a timeout (dify-lsp)";
const ENDPOINT_FAILED: &str = "logger.exception(\"The endpoint failed\")";
/// The `_invoke` body the endpoint template writes: a placeholder the JSON snippet replaces.
const TEMPLATE_RETURN: &str =
    "return Response(json.dumps({\"ok\": True}), status=200, content_type=\"application/json\")";

/// Whether the file is the module of an endpoint declaration (`extra.python.source`).
fn is_endpoint_module(file: &SourceFile, project: &Project) -> bool {
    project.kinds.iter().any(|d| {
        d.modules
            .iter()
            .chain(d.items.iter().filter_map(|i| i.module.as_ref()))
            .any(|m| m.role == Role::Endpoint && m.py.as_ref().is_some_and(|py| py.path == file.path))
    })
}

fn endpoint_snippets(file: &Arc<SourceFile>, project: &Project, files: &dyn Files) -> Vec<Action> {
    if file.python().syntax_error.is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    match context(file, project, files) {
        // `def _invoke(...): pass` on one line has no body lines to edit.
        Some(cx) if file.lines.line_of(cx.invoke.body.start) == file.lines.line_of(cx.invoke.def_span.start) => {}
        Some(cx) => {
            out.extend(json_answer(&cx));
            out.extend(api_call(&cx));
        }
        None => out.extend(json_invoke_method(file, project, files)),
    }
    out
}

/// `Response(json.dumps(<value>), status=<status>, content_type="application/json")`.
fn json_response(value: &str, status: u16) -> String {
    format!("Response(json.dumps({value}), status={status}, content_type=\"application/json\")")
}

/// The import lines of `lines` the module lacks (by the name each binds), or `None` when one
/// would be a second `from m import` of a module already imported from (isort would merge them).
fn missing_imports(file: &SourceFile, lines: &[&'static str]) -> Option<Vec<&'static str>> {
    let imports = &file.python().facts.imports;
    let mut out = Vec::new();
    for line in lines {
        let (module, name) = match line.strip_prefix("from ") {
            Some(rest) => {
                let (m, n) = rest.split_once(" import ")?;
                (m, Some(n))
            }
            None => (line.strip_prefix("import ")?, None),
        };
        let local = name.unwrap_or(module);
        if imports.iter().any(|i| i.local == local) {
            continue;
        }
        if name.is_some() && imports.iter().any(|i| i.module == module && i.name.is_some()) {
            return None;
        }
        out.push(*line);
    }
    Some(out)
}

/// Statement lines (no indentation) of an `_invoke` that reads the JSON body, does the work in
/// `try:` and answers JSON: 200 with the result, 500 (logged with its traceback) on failure.
fn json_body(request: &str) -> Vec<String> {
    vec![
        format!("payload = {request}.get_json(silent=True) or {{}}"),
        "try:".into(),
        "    # Do the work here: `values` holds the path's variables, `settings` the endpoint group's.".into(),
        "    result = {\"received\": payload}".into(),
        "except Exception:".into(),
        format!("    {ENDPOINT_FAILED}"),
        format!(
            "    return {}",
            json_response("{\"error\": \"The endpoint failed.\"}", 500)
        ),
        format!("return {}", json_response("result", 200)),
    ]
}

fn indent_lines(lines: &[String], indent: &str) -> String {
    lines.iter().map(|l| format!("{indent}{l}\n")).collect()
}

/// Where the colon ending `_invoke`'s `def` line is.
fn def_colon(cx: &Context) -> Option<usize> {
    let name = cx
        .file
        .python()
        .tree
        .root_node()
        .descendant_for_byte_range(cx.invoke.name_span.start, cx.invoke.name_span.end)?;
    let def = name.parent().filter(|n| n.kind() == "function_definition")?;
    let mut cursor = def.walk();
    let colon = def.children(&mut cursor).find(|c| c.kind() == ":")?;
    Some(colon.start_byte())
}

/// The end of `_invoke`'s docstring, if it has one.
fn docstring_end(cx: &Context) -> Option<usize> {
    let first = cx
        .file
        .python()
        .tree
        .root_node()
        .descendant_for_byte_range(cx.invoke.body.start, cx.invoke.body.start)?;
    let block = std::iter::successors(Some(first), |n| n.parent()).find(|n| n.kind() == "block")?;
    let mut cursor = block.walk();
    let stmt = block.named_children(&mut cursor).find(|n| n.kind() != "comment")?;
    (stmt.kind() == "expression_statement" && stmt.named_child(0).is_some_and(|c| c.kind() == "string"))
        .then(|| stmt.end_byte())
}

/// The top-level statements of `_invoke`'s body after a docstring (comments left out).
fn body_statements<'t>(cx: &Context<'t>) -> Vec<tree_sitter::Node<'t>> {
    let file = cx.file;
    let Some(first) = file
        .python()
        .tree
        .root_node()
        .descendant_for_byte_range(cx.invoke.body.start, cx.invoke.body.start)
    else {
        return Vec::new();
    };
    let Some(block) = std::iter::successors(Some(first), |n| n.parent()).find(|n| n.kind() == "block") else {
        return Vec::new();
    };
    let mut cursor = block.walk();
    let mut stmts: Vec<_> = block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    if stmts
        .first()
        .is_some_and(|s| s.kind() == "expression_statement" && s.named_child(0).is_some_and(|c| c.kind() == "string"))
    {
        stmts.remove(0);
    }
    stmts
}

/// "Endpoint: answer with JSON and handle errors" in a module whose class has `_invoke`: a
/// placeholder body (`pass`, `...`, `raise NotImplementedError`, the template's answer) is
/// replaced; a real one is wrapped in `try:` with the logged 500 answer.
fn json_answer(cx: &Context) -> Option<Action> {
    let file = cx.file;
    let stmts = body_statements(cx);
    if stmts.iter().any(|s| s.kind() == "try_statement") {
        return None; // The body handles errors already.
    }
    let placeholder = stmts.iter().all(|s| {
        let text = file.text[s.byte_range()].trim();
        match s.kind() {
            "pass_statement" => true,
            "expression_statement" => text == "...",
            "raise_statement" => text.contains("NotImplementedError"),
            "return_statement" => text == TEMPLATE_RETURN,
            _ => false,
        }
    });
    let body = cx.invoke.body;
    let end = next_line_start(file, body.end.saturating_sub(1).max(body.start));
    let i = &cx.indent;
    let (start, text) = if placeholder {
        let request = cx.invoke.args().first().map_or("r", |p| p.name.as_str());
        (cx.top, indent_lines(&json_body(request), i))
    } else {
        // From the first line after a docstring, comments included: they move into the `try:`.
        let start = match docstring_end(cx) {
            Some(end) => next_line_start(file, end),
            None => next_line_start(file, def_colon(cx).unwrap_or(cx.top)),
        }
        .min(cx.top);
        let mut wrapped = format!("{i}try:\n");
        for line in file.text[start..end].split_inclusive('\n') {
            if !line.trim().is_empty() {
                wrapped.push_str("    ");
            }
            wrapped.push_str(line);
        }
        if !wrapped.ends_with('\n') {
            wrapped.push('\n');
        }
        wrapped.push_str(&format!("{i}except Exception:\n{i}    {ENDPOINT_FAILED}\n"));
        wrapped.push_str(&format!(
            "{i}    return {}\n",
            json_response("{\"error\": \"The endpoint failed.\"}", 500)
        ));
        (start, wrapped)
    };
    let mut wanted = vec!["import json", "from werkzeug import Response"];
    if !placeholder {
        wanted.pop();
    }
    let extra = missing_imports(file, &wanted)?;
    let (_, mut changes) = module_logger(file, cx.project, cx.files, &extra, cx.invoke.body.start)?;
    changes.push(cx.edit(Span::new(start, end.max(start)), text));
    Some(Action {
        title: "Endpoint: answer with JSON and handle errors".into(),
        kind: Kind::Rewrite,
        preferred: false,
        changes,
        fixes: None,
    })
}

/// "Endpoint: answer with JSON and handle errors" in a module whose `Endpoint` subclass has no
/// `_invoke`: the whole method, with the signature the SDK calls.
fn json_invoke_method(file: &Arc<SourceFile>, project: &Project, files: &dyn Files) -> Option<Action> {
    let class = file
        .python()
        .facts
        .classes
        .iter()
        .find(|c| c.bases.iter().any(|(b, _)| b.rsplit('.').next() == Some("Endpoint")))?;
    let node = file
        .python()
        .tree
        .root_node()
        .descendant_for_byte_range(class.name_span.start, class.name_span.end)?;
    let class_node = std::iter::successors(Some(node), |n| n.parent()).find(|n| n.kind() == "class_definition")?;
    let block = class_node.child_by_field_name("body")?;
    let mut cursor = block.walk();
    let stmts: Vec<_> = block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let first = stmts.first()?;
    if file.lines.line_of(first.start_byte()) == file.lines.line_of(class_node.start_byte()) {
        return None; // `class A(Endpoint): pass` on one line.
    }
    let ci = indent_at(file, first.start_byte());
    let mut method = format!(
        "{ci}def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:\n{}",
        indent_lines(&json_body("r"), &format!("{ci}    "))
    );
    // A lone `pass` or `...` gives way to the method; otherwise it goes after the last statement.
    let only_placeholder =
        stmts.len() == 1 && (first.kind() == "pass_statement" || file.text[first.byte_range()].trim() == "...");
    let span = if only_placeholder {
        let start = file.lines.line_start(file.lines.line_of(first.start_byte()));
        Span::new(start, next_line_start(file, first.end_byte()))
    } else {
        let at = next_line_start(file, block.end_byte().saturating_sub(1).max(block.start_byte()));
        method.insert(0, '\n');
        if !file.text[..at].ends_with('\n') {
            method.insert(0, '\n');
        }
        Span::new(at, at)
    };
    let extra = missing_imports(
        file,
        &[
            "import json",
            "from collections.abc import Mapping",
            "from werkzeug import Request",
            "from werkzeug import Response",
        ],
    )?;
    // Both names from one statement, as isort writes them.
    let joined: Vec<&str> =
        if extra.contains(&"from werkzeug import Request") && extra.contains(&"from werkzeug import Response") {
            extra
                .iter()
                .filter(|l| !l.starts_with("from werkzeug"))
                .copied()
                .chain(["from werkzeug import Request, Response"])
                .collect()
        } else {
            extra
        };
    let (_, mut changes) = module_logger(file, project, files, &joined, class.span.start)?;
    changes.push(Change::Edit {
        path: file.path.clone(),
        span,
        text: method,
    });
    Some(Action {
        title: "Endpoint: answer with JSON and handle errors".into(),
        kind: Kind::Insert,
        preferred: false,
        changes,
        fixes: None,
    })
}

/// "Endpoint: call an API with a timeout": a `requests.post` with `timeout=` and
/// `raise_for_status()`, at the top of the `try:` that handles errors when there is one, else at
/// the top of `_invoke`.
fn api_call(cx: &Context) -> Option<Action> {
    let file = cx.file;
    if file.text.contains(API_CALL_MARK) {
        return None;
    }
    let stmts = body_statements(cx);
    let (at, indent) = match stmts.iter().find(|s| s.kind() == "try_statement") {
        Some(t) => {
            let inner = t.child_by_field_name("body")?.named_child(0)?;
            (
                file.lines.line_start(file.lines.line_of(inner.start_byte())),
                indent_at(file, inner.start_byte()),
            )
        }
        None => (cx.top, cx.indent.clone()),
    };
    let request = cx.invoke.args().first().map_or("r", |p| p.name.as_str());
    // The JSON snippet's `payload` when it is read before the `try:`, else the request's body.
    let payload = stmts
        .iter()
        .take_while(|s| s.kind() != "try_statement")
        .any(|s| file.text[s.byte_range()].starts_with("payload = "));
    let body = if payload {
        "payload".to_string()
    } else {
        format!("{request}.get_json(silent=True)")
    };
    let text = format!(
        "{indent}{API_CALL_MARK}\n{indent}response = requests.post(\"https://api.example.com/v1/run\", json={body}, timeout=30)\n{indent}response.raise_for_status()\n"
    );
    let wanted = missing_imports(file, &["import requests"])?;
    let plan = imports::plan(file, cx.project, cx.files, &wanted);
    if plan.inserts.iter().any(|(i, _)| *i > cx.invoke.body.start) {
        return None;
    }
    let mut changes: Vec<Change> = plan
        .inserts
        .into_iter()
        .map(|(i, t)| cx.edit(Span::new(i, i), t))
        .collect();
    changes.push(cx.edit(Span::new(at, at), text));
    Some(Action {
        title: "Endpoint: call an API with a timeout".into(),
        kind: Kind::Insert,
        preferred: false,
        changes,
        fixes: None,
    })
}
