//! Declarations: the schema of manifest, provider and tool YAML (required fields, value types,
//! unknown keys), I18n objects, enums, and the parameter and credential rules of spec §4.
//!
//! A [`Walker`] walks one declaration file against its schema and hands what it meets to the
//! rules: each rule's file adds the methods that check and report it.

pub(crate) mod credential_default_list;
pub(crate) mod credentials_schema_key;
pub(crate) mod credentials_shape;
pub(crate) mod declaration_length;
pub(crate) mod default_type;
pub(crate) mod en_us_missing;
pub(crate) mod enum_value;
pub(crate) mod i18n_extra_key;
pub(crate) mod irrelevant_attribute;
mod kind_files;
pub(crate) mod llm_description;
pub(crate) mod multiple;
pub(crate) mod required_field;
pub(crate) mod required_null;
pub(crate) mod scope;
pub(crate) mod select_options;
pub(crate) mod tags_not_list;
pub(crate) mod unknown_key;
pub(crate) mod unknown_locale;
pub(crate) mod wrong_type;

use super::{Ctx, Diagnostic, Rule};
use crate::edits::text::next_line_start;
use crate::edits::{Action, edit};
use crate::project::schema::{self, Object, Req, Ty};
use crate::project::views::{
    self, CredentialDecl, Field, ManifestDecl, OAuthSchemaDecl, ParamDecl, ProviderDecl, ToolDecl,
};
use crate::project::vocab::LOCALES;
use crate::project::{Files, Layout, Project, SourceFile};
use crate::syntax::Span;
use crate::syntax::yaml::{Node, Resolved, Value};
use std::sync::Arc;

struct Walker<'c, 'a> {
    cx: &'c mut Ctx<'a>,
    file: Arc<SourceFile>,
    layout: Layout,
    /// Locales Dify does not keep (`zh_Hant`, `ko_KR`): one diagnostic per file, not per key.
    dropped: Vec<(String, Span)>,
    /// Keys the loader ignores, by object: one diagnostic per object and key in a file.
    ignored: Vec<(&'static Object, String, Span)>,
}

pub(crate) fn check(cx: &mut Ctx) {
    let layout = cx.unit().layout;
    let project = cx.project;
    if let Some(m) = &project.manifest
        && let Some(root) = m.yaml_root()
    {
        let mut w = Walker {
            cx,
            file: m.clone(),
            layout,
            dropped: Vec::new(),
            ignored: Vec::new(),
        };
        w.object(root, &schema::MANIFEST, "manifest.yaml", m.anchor(), None);
        w.report_dropped_locales();
        w.report_ignored_keys();
        w.tags(ManifestDecl::new(root).tags().map(Field::node), true);
    }
    for p in &project.providers {
        if let Some(y) = &p.yaml {
            let obj = if layout == Layout::Plugin {
                &schema::PLUGIN_PROVIDER
            } else {
                &schema::INTREE_PROVIDER
            };
            let empty = required_field::EMPTY_PROVIDER;
            declaration(cx, y, obj, "the provider YAML", empty, |w, root| w.provider(root));
        }
        for t in &p.tools {
            let Some(y) = &t.yaml else { continue };
            let obj = if layout == Layout::Plugin {
                &schema::PLUGIN_TOOL
            } else {
                &schema::INTREE_TOOL
            };
            declaration(cx, y, obj, "the tool YAML", required_field::EMPTY_TOOL, |w, root| {
                for param in ToolDecl::new(root).parameters() {
                    if param.is_mapping() {
                        w.parameter(param);
                    }
                }
            });
        }
    }
    kind_files::check(cx);
}

/// Validates one declaration file against its schema; `then` checks what the schema cannot.
fn declaration(
    cx: &mut Ctx,
    file: &Arc<SourceFile>,
    obj: &'static Object,
    what: &str,
    empty: &str,
    then: impl FnOnce(&mut Walker, &Node),
) {
    let layout = cx.unit().layout;
    let mut w = Walker {
        cx,
        file: file.clone(),
        layout,
        dropped: Vec::new(),
        ignored: Vec::new(),
    };
    match file.yaml_root() {
        Some(root) => {
            w.object(root, obj, what, file.anchor(), None);
            then(&mut w, root);
            w.report_dropped_locales();
            w.report_ignored_keys();
        }
        None if file.yaml().error.is_none() && file.decode_error.is_none() => w.empty_declaration(empty),
        None => {}
    }
}

/// Fields of the objects that hold I18n texts: found inside an I18n object, they were indented one
/// level too deep.
const MISPLACED_FIELDS: &[&str] = &[
    "label",
    "description",
    "human_description",
    "llm_description",
    "placeholder",
    "help",
    "url",
    "type",
    "required",
    "default",
    "options",
    "name",
    "form",
];

fn is_boolish(n: &Node) -> bool {
    n.as_lax_bool().is_some()
}

/// A key's span extended over the `:` that follows it (for fixes that rewrite `key:`).
fn key_with_colon(file: &SourceFile, key: Span) -> Span {
    let rest = &file.text[key.end..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    match rest[gap..].starts_with(':') {
        true => Span::new(key.start, key.end + gap + 1),
        false => key,
    }
}

fn is_numeric_text(s: &str) -> bool {
    s.trim().parse::<f64>().is_ok()
}

impl Walker<'_, '_> {
    fn last(&mut self) -> &mut Diagnostic {
        self.cx.last()
    }

    fn report(&mut self, rule: &'static Rule, span: Span, message: String) -> &mut Diagnostic {
        let file = self.file.clone();
        self.cx.report(rule, &file, span, message)
    }

    fn required(&self, req: Req) -> bool {
        match req {
            Req::Yes => true,
            Req::Plugin => self.layout == Layout::Plugin,
            Req::No | Req::Dedicated => false,
        }
    }

    /// Validates a mapping against an object's fields; `at` is where "missing" diagnostics go.
    /// `owner` is the name of what the mapping declares (a credential or parameter), if any.
    fn object(&mut self, node: &Node, obj: &'static Object, what: &str, at: Span, owner: Option<&str>) {
        let Some(entries) = node.as_map() else {
            self.not_a_mapping(node, what);
            return;
        };
        for field in obj.fields {
            match node.entry(field.key) {
                None if self.required(field.req) => self.missing_field(field, what, at, owner),
                None => {}
                Some(e) => self.value(&e.value, field, e.key.span, &format!("`{}`", field.key)),
            }
        }
        if obj.closed {
            self.unknown_keys(entries, obj);
        }
    }

    fn value(&mut self, node: &Node, field: &schema::Field, key_span: Span, what: &str) {
        if node.is_null() {
            self.required_but_null(field, key_span, what);
            return;
        }
        match field.ty {
            Ty::Str | Ty::Bool | Ty::Int | Ty::Num | Ty::Scalar => self.scalar_type(node, field, what),
            Ty::Any | Ty::Version => {}
            Ty::Enum(choice) => match node.as_str() {
                Some(_) => self.choice(node, choice, what),
                None => self.wrong_type(node, field, what, "a string"),
            },
            Ty::Decimal => match node.as_scalar().map(|s| s.resolved) {
                Some(Resolved::Int(_) | Resolved::Float(_)) => {}
                Some(Resolved::Str) if is_numeric_text(node.text().unwrap_or("")) => {}
                _ => self.wrong_type(node, field, what, "a number"),
            },
            Ty::I18n => self.i18n(node, key_span, what),
            Ty::Obj(obj) => self.object(node, obj, what, key_span, None),
            Ty::List(item) => match node.as_seq() {
                Some(items) => {
                    let item_field = schema::Field {
                        key: field.key,
                        ty: *item,
                        req: Req::No,
                        doc: field.doc,
                    };
                    for it in items {
                        match item {
                            Ty::Obj(obj) => {
                                let owner = views::item_name(it);
                                let name = owner
                                    .map(|n| format!("{} `{n}`", obj.name))
                                    .unwrap_or_else(|| format!("this {}", obj.name));
                                self.object(it, obj, &name, it.span, owner)
                            }
                            _ => self.value(it, &item_field, it.span, "this item"),
                        }
                    }
                }
                None if field.key == "tags" || field.key == "tools" => {} // Dedicated rules.
                None => self.wrong_type(node, field, what, "a list"),
            },
            Ty::NamedMap(obj) => {
                let Some(entries) = node.as_map() else { return }; // The shape is credentials-shape's.
                for e in entries {
                    if e.value.as_map().is_some() {
                        let name = e.key.text().unwrap_or("").to_string();
                        self.object(&e.value, obj, &format!("credential `{name}`"), e.key.span, Some(&name));
                    }
                }
            }
        }
    }

    /// An I18n object: a mapping from the locales Dify keeps to texts.
    fn i18n(&mut self, node: &Node, key_span: Span, what: &str) {
        let Some(entries) = node.as_map() else {
            self.i18n_not_a_mapping(node, what);
            return;
        };
        let mut has_en = false;
        let mut alias = None;
        for e in entries {
            let Some(key) = e.key.as_str() else { continue };
            if key == "en_US" {
                has_en = true;
                self.en_us_length(&e.value, what);
            } else if LOCALES.contains(&key) {
                self.locale_length(key, &e.value, what);
            } else if key.to_lowercase() == "en_us" {
                alias = Some(e.key.span);
            } else if self.unknown_locale(key, e.key.span) {
                continue;
            } else {
                // Not a locale: pydantic drops the key and the declaration loads, so the value's
                // type does not matter either.
                self.i18n_extra_key(key, e.key.span, what);
                continue;
            }
            self.locale_text_type(key, &e.value, what);
        }
        if !has_en {
            self.en_us_missing(alias, key_span, what);
        }
    }

    /// `tags` of the manifest, or `identity.tags` of a provider.
    fn tags(&mut self, node: Option<&Node>, manifest: bool) {
        let Some(node) = node else { return };
        let Some(items) = node.as_seq() else {
            if !self.tags_not_list(node, manifest) && !node.is_null() {
                self.wrong_type_of_tags(node);
            }
            return;
        };
        self.tag_values(items, manifest);
    }

    fn provider(&mut self, root: &Node) {
        let provider = ProviderDecl::new(root);
        self.tags(provider.identity().and_then(|i| i.tags()).map(Field::node), false);
        self.credentials_schema_key(provider);
        if let Some(e) = provider.credentials_for_provider() {
            match &e.node().value {
                Value::Map(_) => {
                    for (key, c) in provider.credentials() {
                        let name = key.key.text().unwrap_or("").to_string();
                        if !c.is_mapping() {
                            self.credential_not_a_mapping(c.node(), &name);
                        } else {
                            self.credential(c, &name, key.key_span());
                        }
                    }
                }
                _ => self.credentials_not_a_mapping(e),
            }
        }
        let oauth = provider.oauth_schema().map(OAuthSchemaDecl::schemas);
        for (key, items) in oauth.into_iter().flatten() {
            for c in items {
                if c.is_mapping() {
                    let name = c.name().and_then(Field::text).unwrap_or("").to_string();
                    if c.name().is_none() {
                        self.oauth_item_without_name(c.node(), key);
                    }
                    self.credential(c, &name, c.span());
                }
            }
        }
    }

    /// A credential of `credentials_for_provider` (named by its key) or of `oauth_schema`.
    fn credential(&mut self, c: CredentialDecl, name: &str, at: Span) {
        let ty = c.kind().and_then(Field::str);
        self.credential_type(c);
        self.credential_lengths(c, name, at);
        self.credential_default_list(c, name);
        if ty == Some("select") {
            self.select_options((c.kind(), c.options(), c.default()), name, at, true);
        }
        self.scope(c.scope(), ty, true);
    }

    fn parameter(&mut self, p: ParamDecl) {
        let name = p.name().and_then(Field::text).unwrap_or("").to_string();
        let at = p.name().map_or(p.span(), Field::span);
        let ty = p.kind().and_then(Field::str);
        self.parameter_enums(p);
        self.parameter_name_length(p, &name, at);
        self.required_null(p, &name);
        self.multiple(p, ty, &name, at);
        if ty == Some("select") {
            self.select_options((p.kind(), p.options(), p.default()), &name, at, false);
        }
        self.irrelevant(p, ty);
        self.default_type(p, ty, &name);
        self.llm_description(p, &name, at);
        self.scope(p.scope(), ty, false);
    }
}

/// Deletes the `key: value` entry the diagnostic points into (a key the loader ignores or rejects).
pub(super) fn remove_entry(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(root) = d.file.yaml_root() else {
        return Vec::new();
    };
    fn find(node: &Node, at: usize, depth: usize) -> Option<(Span, Span, String)> {
        if depth > 64 {
            return None;
        }
        match &node.value {
            crate::syntax::yaml::Value::Map(entries) => entries.iter().find_map(|e| {
                let whole = Span::new(e.key.span.start, e.value.span.end.max(e.key.span.end));
                let hit = e.key.span.contains(at) || (e.value.as_scalar().is_some() && e.value.span.contains(at));
                if hit {
                    Some((whole, e.key.span, e.key.text().unwrap_or("").to_string()))
                } else {
                    find(&e.value, at, depth + 1)
                }
            }),
            crate::syntax::yaml::Value::Seq(items) => items.iter().find_map(|i| find(i, at, depth + 1)),
            _ => None,
        }
    }
    let Some((whole, key, name)) = find(root, d.span.start, 0) else {
        return Vec::new();
    };
    let file = &d.file;
    let first_line = file.lines.line_of(key.start);
    let line_start = file.lines.line_start(first_line);
    // Only whole lines, and only when the key starts its line (not `- key:` or flow style).
    if !file.text[line_start..key.start].trim().is_empty() {
        return Vec::new();
    }
    let end = next_line_start(file, whole.end.saturating_sub(1).max(whole.start));
    vec![Action::fix(
        format!("Remove `{name}`"),
        d.rule.code,
        vec![edit(file, Span::new(line_start, end), "")],
    )]
}
