//! Completion: YAML keys and values by their place in the schema, snippets for new parameters and
//! credentials, file paths, and declared parameter and credential names inside Python.

use super::context::{FileKind, Place, Seg, YamlContext, file_kind, place, root_object, yaml_context};
use crate::project::schema::Ty;
use crate::project::views::{Field, ProviderDecl, ToolDecl};
use crate::project::vocab::{self, Version};
use crate::project::{Files, Project, SourceFile};
use crate::syntax::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Key,
    Value,
    File,
    Snippet,
    Name,
}

#[derive(Clone, Debug)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    pub detail: Option<String>,
    pub doc: Option<String>,
    pub insert: String,
    /// The text the item replaces (the word being typed).
    pub replace: Span,
}

/// Completions at `offset` of `file`.
pub fn complete(
    project: &Project,
    files: &dyn Files,
    file: &SourceFile,
    offset: usize,
    target: Option<&Version>,
) -> Vec<CompletionItem> {
    match file_kind(project, &file.path) {
        FileKind::Python => python(project, file, offset),
        FileKind::Other => Vec::new(),
        kind => yaml(project, files, file, kind, offset, target),
    }
}

fn item(
    label: &str,
    kind: ItemKind,
    detail: Option<String>,
    doc: Option<&str>,
    insert: String,
    replace: Span,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind,
        detail,
        doc: doc.map(String::from),
        insert,
        replace,
    }
}

fn yaml(
    project: &Project,
    files: &dyn Files,
    file: &SourceFile,
    kind: FileKind,
    offset: usize,
    target: Option<&Version>,
) -> Vec<CompletionItem> {
    let Some(root) = root_object(kind, project.unit.layout) else {
        return Vec::new();
    };
    let cx = yaml_context(&file.text, offset);
    let replace = Span::new(offset - cx.prefix.len().min(offset), offset);
    let matches = |label: &str| label.to_lowercase().starts_with(&cx.prefix.to_lowercase());
    let mut out = Vec::new();
    match &cx.value_of {
        None if cx.in_item && is_list_of_values(root, &cx) => match choice_at(root, &cx, None) {
            Some(c) => choices(c, replace, &mut out),
            None => values(project, files, &cx, None, target, replace, &mut out),
        },
        None => {
            let indent = " ".repeat(column(file, offset).saturating_sub(cx.prefix.len()));
            match place(root, &cx.path) {
                Place::Object(obj) => {
                    for f in obj.fields.iter().filter(|f| !cx.siblings.iter().any(|s| s == f.key)) {
                        let block = matches!(f.ty, Ty::Obj(_) | Ty::NamedMap(_) | Ty::I18n | Ty::List(_));
                        let insert = if block {
                            format!("{}:\n{indent}  ", f.key)
                        } else {
                            format!("{}: ", f.key)
                        };
                        let required = match f.req {
                            crate::project::schema::Req::No => "optional",
                            crate::project::schema::Req::Plugin if !project.unit.is_plugin() => "optional",
                            _ => "required",
                        };
                        out.push(item(
                            f.key,
                            ItemKind::Key,
                            Some(format!("{} ({required})", obj.name)),
                            Some(f.doc),
                            insert,
                            replace,
                        ));
                    }
                    if kind == FileKind::Tool
                        && cx.path.last() == Some(&Seg::Item)
                        && matches!(cx.path.iter().rev().nth(1), Some(Seg::Key(k)) if k == "parameters")
                        && cx.siblings.is_empty()
                    {
                        out.push(parameter_snippet(project, &indent, replace, false));
                    }
                }
                Place::I18n => {
                    for l in vocab::LOCALES.iter().filter(|l| !cx.siblings.iter().any(|s| s == *l)) {
                        out.push(item(
                            l,
                            ItemKind::Key,
                            Some("locale".into()),
                            None,
                            format!("{l}: "),
                            replace,
                        ));
                    }
                }
                Place::Unknown => {}
            }
            // `credentials_for_provider:` children are credential names: offer a whole credential.
            if cx.path.last() == Some(&Seg::Key("credentials_for_provider".into())) {
                out.push(credential_snippet(&indent, replace));
            }
            if kind == FileKind::Tool && cx.path.last() == Some(&Seg::Key("parameters".into())) {
                out.push(parameter_snippet(project, &indent, replace, true));
            }
        }
        Some(key) => match choice_at(root, &cx, Some(key)) {
            Some(c) => choices(c, replace, &mut out),
            None => values(project, files, &cx, Some(key), target, replace, &mut out),
        },
    }
    out.retain(|i| i.kind == ItemKind::Snippet || matches(&i.label));
    out
}

fn column(file: &SourceFile, offset: usize) -> usize {
    offset - file.lines.line_start(file.lines.line_of(offset))
}

/// Whether the list at the cursor holds scalars (paths, tags, architectures).
fn is_list_of_values(root: &'static crate::project::schema::Object, cx: &YamlContext) -> bool {
    let Some(Seg::Key(key)) = cx.path.iter().rev().nth(1) else {
        return false;
    };
    match place(root, &cx.path[..cx.path.len() - 2]) {
        Place::Object(o) => o
            .field(key)
            .is_some_and(|f| matches!(f.ty, Ty::List(Ty::Str | Ty::Enum(_)))),
        _ => false,
    }
}

/// The closed set a value at the cursor comes from, when the schema has one: the value of `key`,
/// or (with no key) an item of the list the cursor is in.
fn choice_at(
    root: &'static crate::project::schema::Object,
    cx: &YamlContext,
    key: Option<&str>,
) -> Option<&'static crate::project::schema::Choice> {
    let field = match key {
        Some(k) => crate::ide::context::field_at(root, &cx.path, k)?,
        None => {
            let Some(Seg::Key(list)) = cx.path.iter().rev().nth(1) else {
                return None;
            };
            crate::ide::context::field_at(root, &cx.path[..cx.path.len() - 2], list)?
        }
    };
    match field.ty {
        Ty::Enum(c) | Ty::List(&Ty::Enum(c)) => Some(c),
        _ => None,
    }
}

fn choices(c: &'static crate::project::schema::Choice, replace: Span, out: &mut Vec<CompletionItem>) {
    let detail = c.what.trim_start_matches("an ").trim_start_matches("a ");
    for v in c.values {
        out.push(item(
            v,
            ItemKind::Value,
            Some(detail.to_string()),
            None,
            v.to_string(),
            replace,
        ));
    }
}

fn values(
    project: &Project,
    files: &dyn Files,
    cx: &YamlContext,
    key: Option<&str>,
    target: Option<&Version>,
    replace: Span,
    out: &mut Vec<CompletionItem>,
) {
    let layout = project.unit.layout;
    // For a list item, the key is the list's.
    let list_key = match cx.path.iter().rev().nth(1) {
        Some(Seg::Key(k)) if key.is_none() => Some(k.as_str()),
        _ => None,
    };
    let parent = cx
        .path
        .iter()
        .rev()
        .find_map(|s| if let Seg::Key(k) = s { Some(k.as_str()) } else { None })
        .unwrap_or_default();
    let in_param = cx.path.iter().any(|s| *s == Seg::Key("parameters".into()));
    let in_credential = cx.path.iter().any(|s| matches!(s, Seg::Key(k) if k == "credentials_for_provider" || k == "client_schema" || k == "credentials_schema"));
    let push_all = |out: &mut Vec<CompletionItem>, vals: &[&str], detail: &str| {
        for v in vals {
            out.push(item(
                v,
                ItemKind::Value,
                Some(detail.to_string()),
                None,
                v.to_string(),
                replace,
            ));
        }
    };
    match (key, list_key) {
        (Some("type"), _) if in_param => {
            for t in vocab::accepted_param_types(layout, target) {
                let info = vocab::param_type(t);
                let note = match info.and_then(vocab::param_type_needs) {
                    Some((bad, Some(good))) => format!("needs a Dify newer than {bad} (works in {good})"),
                    Some((bad, None)) => format!("not in any released Dify (newer than {bad})"),
                    None => "every Dify".into(),
                };
                out.push(item(
                    t,
                    ItemKind::Value,
                    Some("parameter type".into()),
                    Some(&note),
                    t.to_string(),
                    replace,
                ));
            }
        }
        (Some("type"), _) if in_credential => push_all(out, vocab::credential_types(layout), "credential type"),
        (Some("type"), _) if parent == "auto_generate" => push_all(out, &["prompt_instruction"], "auto_generate type"),
        (Some("type"), _) if file_root_is_manifest(cx) => push_all(out, &["plugin"], "manifest type"),
        (Some("form"), _) => {
            for (f, doc) in [
                ("llm", "the model fills it in"),
                ("form", "the user sets it before the run"),
                ("schema", "set when the tool is added"),
            ] {
                out.push(item(
                    f,
                    ItemKind::Value,
                    Some("form".into()),
                    Some(doc),
                    f.to_string(),
                    replace,
                ));
            }
        }
        (Some("language"), _) => push_all(out, &["python"], "runner language"),
        (Some("scope"), _) => push_all(
            out,
            vocab::MODEL_SCOPES
                .iter()
                .chain(vocab::APP_SCOPES)
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
            "scope",
        ),
        (
            Some(
                "required"
                | "multiple"
                | "enabled"
                | "verified"
                | "has_runtime_parameters"
                | "dynamic_select_lazy_load",
            ),
            _,
        ) => push_all(out, &["true", "false"], "boolean"),
        (Some("source"), _) => {
            for p in project_files(project, files, |n| n.ends_with(".py") && n != "main.py") {
                out.push(item(
                    &p,
                    ItemKind::File,
                    Some("Python file".into()),
                    None,
                    p.clone(),
                    replace,
                ));
            }
        }
        (Some("icon" | "icon_dark"), _) => {
            for e in files
                .list_dir(&project.unit.root.join("_assets"))
                .into_iter()
                .filter(|e| !e.is_dir)
            {
                out.push(item(
                    &e.name,
                    ItemKind::File,
                    Some("in _assets/".into()),
                    None,
                    e.name.clone(),
                    replace,
                ));
            }
        }
        (None, Some("tags")) => {
            let mut tags = vocab::tags(layout);
            if file_root_is_manifest(cx) {
                tags.extend(vocab::MANIFEST_ONLY_TAGS);
            }
            push_all(out, &tags, "tag");
        }
        (None, Some("arch")) => push_all(out, &["amd64", "arm64"], "architecture"),
        (None, Some("tools")) => {
            let listed: Vec<String> = listed_tools(project);
            let provider = project.providers.iter().any(|p| p.yaml.is_some());
            let want_providers = parent == "tools" && cx.path.len() > 2;
            for p in project_files(project, files, |n| n.ends_with(".yaml")) {
                let is_provider = project
                    .providers
                    .iter()
                    .any(|pr| pr.yaml_path == project.unit.root.join(&p));
                if listed.contains(&p) || (want_providers != is_provider && provider) || p == "manifest.yaml" {
                    continue;
                }
                out.push(item(
                    &p,
                    ItemKind::File,
                    Some("YAML file".into()),
                    None,
                    p.clone(),
                    replace,
                ));
            }
        }
        _ => {}
    }
}

fn file_root_is_manifest(cx: &YamlContext) -> bool {
    // Manifest-only places: the top level `type`/`tags`, `meta.*`.
    cx.path.is_empty() || matches!(cx.path.first(), Some(Seg::Key(k)) if k == "meta" || k == "plugins")
}

fn listed_tools(project: &Project) -> Vec<String> {
    project
        .providers
        .iter()
        .flat_map(|p| {
            p.tools
                .iter()
                .filter_map(|t| t.listed.as_ref().map(|r| crate::project::paths::normalize(&r.raw)))
        })
        .collect()
}

/// Files of the unit (two levels deep), relative to its root, that satisfy `want`.
fn project_files(project: &Project, files: &dyn Files, want: impl Fn(&str) -> bool) -> Vec<String> {
    let root = &project.unit.root;
    let mut out = Vec::new();
    for e in files.list_dir(root) {
        if e.is_dir {
            if e.name.starts_with('.') || e.name == "_assets" || e.name == "__pycache__" {
                continue;
            }
            for f in files.list_dir(&root.join(&e.name)) {
                if !f.is_dir && want(&f.name) {
                    out.push(format!("{}/{}", e.name, f.name));
                }
            }
        } else if want(&e.name) {
            out.push(e.name);
        }
    }
    out.truncate(500);
    out
}

fn parameter_snippet(project: &Project, indent: &str, replace: Span, new_item: bool) -> CompletionItem {
    let (lead, body_indent) = if new_item {
        ("- ".to_string(), format!("{indent}  "))
    } else {
        (String::new(), indent.to_string())
    };
    let human = if project.unit.is_plugin() {
        format!("{body_indent}human_description:\n{body_indent}  en_US: What the parameter means.\n")
    } else {
        String::new()
    };
    let insert = format!(
        "{lead}name: query\n{body_indent}type: string\n{body_indent}required: true\n{body_indent}label:\n{body_indent}  en_US: Query\n{human}{body_indent}llm_description: What the model should pass.\n{body_indent}form: llm\n"
    );
    item(
        "parameter",
        ItemKind::Snippet,
        Some("a new tool parameter".into()),
        None,
        insert,
        replace,
    )
}

fn credential_snippet(indent: &str, replace: Span) -> CompletionItem {
    let insert = format!(
        "api_key:\n{indent}  type: secret-input\n{indent}  required: true\n{indent}  label:\n{indent}    en_US: API key\n{indent}  placeholder:\n{indent}    en_US: Enter your API key\n{indent}  help:\n{indent}    en_US: Where to get the key.\n{indent}  url: https://example.com\n"
    );
    item(
        "credential",
        ItemKind::Snippet,
        Some("a new secret-input credential".into()),
        None,
        insert,
        replace,
    )
}

fn python(project: &Project, file: &SourceFile, offset: usize) -> Vec<CompletionItem> {
    let line_start = file.lines.line_start(file.lines.line_of(offset));
    let before = &file.text[line_start..offset.max(line_start)];
    let Some(q) = before.rfind(['"', '\'']) else {
        return Vec::new();
    };
    let prefix = &before[q + 1..];
    if prefix.contains(['"', '\'', ' ']) {
        return Vec::new();
    }
    let head = before[..q].trim_end();
    let replace = Span::new(offset - prefix.len(), offset);
    let opens = |s: &str| head.ends_with(&format!("{s}[")) || head.ends_with(&format!("{s}.get("));
    let mut out = Vec::new();
    if opens("tool_parameters") || opens("params") {
        // By its Python file, or (when the YAML does not load, so names no source) by stem.
        let tools = || project.providers.iter().flat_map(|p| &p.tools);
        let stem = |p: &std::path::Path| p.file_stem().map(|s| s.to_os_string());
        let tool = tools()
            .find(|t| t.py.as_ref().is_some_and(|p| p.path == file.path))
            .or_else(|| tools().find(|t| t.py.is_none() && stem(&t.yaml_path) == stem(&file.path)));
        if let Some(tool) = tool {
            // A YAML that does not load while being edited still lists its parameter names.
            if let Some(y) = tool.yaml.as_ref().filter(|y| y.yaml_root().is_none()) {
                for name in y
                    .text
                    .lines()
                    .filter_map(|l| l.trim_start().strip_prefix("- name:"))
                    .map(|n| n.trim().trim_matches(['"', '\'']))
                {
                    out.push(item(
                        name,
                        ItemKind::Name,
                        Some("parameter".into()),
                        None,
                        name.to_string(),
                        replace,
                    ));
                }
            }
            for p in tool
                .yaml
                .as_ref()
                .and_then(|y| ToolDecl::of(y))
                .into_iter()
                .flat_map(ToolDecl::parameters)
            {
                if let Some(name) = p.name().and_then(Field::str) {
                    let ty = p.kind().and_then(Field::text).unwrap_or("?");
                    let doc = p.description().and_then(Field::text);
                    out.push(item(
                        name,
                        ItemKind::Name,
                        Some(format!("parameter ({ty})")),
                        doc,
                        name.to_string(),
                        replace,
                    ));
                }
            }
        }
    } else if opens("credentials") {
        for p in &project.providers {
            for (e, c) in p
                .yaml
                .as_ref()
                .and_then(|y| ProviderDecl::of(y))
                .into_iter()
                .flat_map(ProviderDecl::credentials)
            {
                if let Some(name) = e.key.as_str() {
                    let ty = c.kind().and_then(Field::text).unwrap_or("?");
                    out.push(item(
                        name,
                        ItemKind::Name,
                        Some(format!("credential ({ty})")),
                        None,
                        name.to_string(),
                        replace,
                    ));
                }
            }
        }
    }
    out.retain(|i| i.label.starts_with(prefix));
    out
}
