//! Hover on YAML keys (what the field means, its type, whether it is required, allowed values)
//! and values (a parameter type's Dify versions, a form's meaning), and on parameter and
//! credential names read in Python.

use super::context::{FileKind, Seg, field_at, file_kind, root_object};
use crate::project::schema::{Req, Ty};
use crate::project::views::{Field, ProviderDecl, ToolDecl};
use crate::project::vocab;
use crate::project::{Project, SourceFile};
use crate::rules::Diagnostic;
use crate::syntax::Span;
use crate::syntax::yaml::{Node, Value};

/// Markdown for `offset`: what the thing there means (see [`hover`]), then the documentation of
/// each diagnostic of `diags` (the file's, from the unit's latest analysis) that covers it; and
/// the span it is about. `None` when there is nothing to say.
pub fn hover_at(project: &Project, file: &SourceFile, offset: usize, diags: &[Diagnostic]) -> Option<(String, Span)> {
    let here: Vec<&Diagnostic> = diags.iter().filter(|d| d.span.contains(offset)).collect();
    let mut parts: Vec<String> = here
        .iter()
        .map(|d| {
            format!(
                "**{}** `{}` — {}\n\n{}\n\n*Enforced by:* {}",
                d.rule.code, d.rule.name, d.rule.summary, d.rule.doc, d.rule.source
            )
        })
        .collect();
    let mut span = here.first().map(|d| d.span);
    if let Some((text, s)) = hover(project, file, offset) {
        parts.insert(0, text);
        span = Some(s);
    }
    if parts.is_empty() {
        return None;
    }
    Some((parts.join("\n\n---\n\n"), span?))
}

/// Markdown for the thing at `offset`, and the span it is about.
pub fn hover(project: &Project, file: &SourceFile, offset: usize) -> Option<(String, Span)> {
    match file_kind(project, &file.path) {
        FileKind::Python => python(project, file, offset),
        FileKind::Other => None,
        kind => yaml(project, file, kind, offset),
    }
}

/// The keys and items from the root to the entry whose key or scalar value holds `offset`.
fn locate(node: &Node, offset: usize, path: &mut Vec<Seg>) -> Option<(String, bool, Span)> {
    match &node.value {
        Value::Map(entries) => {
            for e in entries {
                let key = e.key.text().unwrap_or("").to_string();
                if e.key.span.contains(offset) && offset < e.key.span.end.max(e.key.span.start + 1) {
                    return Some((key, false, e.key.span));
                }
                if e.value.as_scalar().is_some() && e.value.span.contains(offset) && !e.value.span.is_empty() {
                    return Some((key, true, e.value.span));
                }
                if e.value.span.start <= offset && offset <= e.value.span.end {
                    path.push(Seg::Key(key));
                    if let Some(hit) = locate(&e.value, offset, path) {
                        return Some(hit);
                    }
                    path.pop();
                }
            }
            None
        }
        Value::Seq(items) => {
            for i in items {
                if i.span.start <= offset && offset <= i.span.end {
                    path.push(Seg::Item);
                    if let Some(hit) = locate(i, offset, path) {
                        return Some(hit);
                    }
                    path.pop();
                }
            }
            None
        }
        Value::Scalar(_) => None,
    }
}

fn ty_words(ty: &Ty) -> &'static str {
    match ty {
        Ty::Str | Ty::Version => "string",
        Ty::Bool => "boolean",
        Ty::Int => "integer",
        Ty::Num => "number",
        Ty::Scalar => "scalar",
        Ty::Any => "any",
        Ty::I18n => "localized text (`en_US`, `zh_Hans`, `pt_BR`, `ja_JP`)",
        Ty::Obj(_) => "mapping",
        Ty::List(_) => "list",
        Ty::NamedMap(_) => "mapping of name → field",
        Ty::Enum(_) => "string",
        Ty::Decimal => "number (or a string holding one)",
    }
}

fn yaml(project: &Project, file: &SourceFile, kind: FileKind, offset: usize) -> Option<(String, Span)> {
    let root_obj = root_object(kind, project.unit.layout)?;
    let root = file.yaml_root()?;
    let mut path = Vec::new();
    let (key, on_value, span) = locate(root, offset, &mut path)?;
    // Named maps (`credentials_for_provider.<name>`) put the name in the path as a key.
    let field = field_at(root_obj, &path, &key)?;
    if on_value {
        let value = file.slice(span).trim_matches(['"', '\'']);
        let in_param = path.iter().any(|s| *s == Seg::Key("parameters".into()));
        let text = match key.as_str() {
            "type" if in_param => {
                let t = vocab::param_type(value)?;
                let yes = |b: bool| if b { "✓" } else { "–" };
                format!(
                    "**`{value}`** parameter type\n\n| Dify 0.x | 1.3.0 | 1.13.3 | plugin SDK |\n|---|---|---|---|\n| {} | {} | {} | {} |",
                    yes(t.v0),
                    yes(t.api_1_3),
                    yes(t.api_1_13),
                    yes(t.sdk)
                )
            }
            "form" => match value {
                "llm" => "**`form: llm`** — the model fills the value in; in workflows it becomes a node input. Give it an `llm_description`.".into(),
                "form" => "**`form: form`** — the user sets the value before the run (in agents, a fixed setting).".into(),
                "schema" => "**`form: schema`** — set when the tool is added (API tools).".into(),
                _ => return None,
            },
            _ => return None,
        };
        return Some((text, span));
    }
    let required = match field.req {
        Req::Yes | Req::Dedicated => "required",
        Req::Plugin if project.unit.is_plugin() => "required (plugins)",
        Req::Plugin => "optional in-tree, required in plugins",
        Req::No => "optional",
    };
    let mut text = format!("**`{key}`** — {} ({required})\n\n{}", ty_words(&field.ty), field.doc);
    let allowed: Option<Vec<&str>> = match (field.ty, key.as_str()) {
        (Ty::Enum(c) | Ty::List(&Ty::Enum(c)), _) => Some(c.values.to_vec()),
        (_, "type") if path.iter().any(|s| *s == Seg::Key("parameters".into())) => {
            Some(vocab::accepted_param_types(project.unit.layout, None))
        }
        (_, "type")
            if path
                .iter()
                .any(|s| matches!(s, Seg::Key(k) if k == "credentials_for_provider")) =>
        {
            Some(vocab::credential_types(project.unit.layout).to_vec())
        }
        (_, "form") => Some(vocab::FORMS.to_vec()),
        (_, "tags") => Some(vocab::tags(project.unit.layout)),
        _ => None,
    };
    if let Some(values) = allowed {
        text.push_str(&format!("\n\nAllowed: {}", crate::rules::one_of(&values)));
    }
    Some((text, span))
}

fn python(project: &Project, file: &SourceFile, offset: usize) -> Option<(String, Span)> {
    let facts = &file.python().facts;
    if let Some(read) = facts.param_reads.iter().find(|r| r.span.contains(offset)) {
        let tool = project
            .providers
            .iter()
            .flat_map(|p| &p.tools)
            .find(|t| t.py.as_ref().is_some_and(|p| p.path == file.path))?;
        let decl = ToolDecl::of(tool.yaml.as_ref()?)?;
        decl.parameters_field()?.as_seq()?;
        let p = decl
            .parameters()
            .find(|p| p.name().and_then(Field::str) == Some(read.key.as_str()))?;
        let get = |f: Option<Field>| f.and_then(Field::text).unwrap_or("–").to_string();
        let human = p.description().and_then(Field::text).unwrap_or("");
        return Some((
            format!(
                "**parameter `{}`** — `{}`, form `{}`, required {}\n\n{human}",
                read.key,
                get(p.kind()),
                get(p.form()),
                get(p.required())
            ),
            read.span,
        ));
    }
    if let Some(read) = facts.credential_reads.iter().find(|r| r.span.contains(offset)) {
        // The first provider that declares credentials.
        let provider = project
            .providers
            .iter()
            .find_map(|p| ProviderDecl::of(p.yaml.as_ref()?).filter(|d| d.credentials_for_provider().is_some()))?;
        let (_, c) = provider.credential_named(&read.key)?;
        let get = |f: Option<Field>| f.and_then(Field::text).unwrap_or("–").to_string();
        return Some((
            format!(
                "**credential `{}`** — `{}`, required {}",
                read.key,
                get(c.kind()),
                get(c.required())
            ),
            read.span,
        ));
    }
    None
}
