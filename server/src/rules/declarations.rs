//! Declarations: the schema of manifest, provider and tool YAML (required fields, value types,
//! unknown keys), I18n objects, enums, and the parameter and credential rules of spec §4.

use super::{Ctx, Fix, FixData, Grade, Layouts, Rule, did_you_mean, one_of, suggest};
use crate::project::schema::{self, Object, Req, Ty};
use crate::project::vocab::{self, LOCALES};
use crate::project::{Layout, SourceFile};
use crate::syntax::Span;
use crate::syntax::yaml::{Node, Resolved, Value};
use std::sync::Arc;

pub static REQUIRED_FIELD: Rule = Rule {
    code: "DIFY401",
    name: "required-field",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X3",
    source: "SDK models (plugins); API `ToolProviderEntity`, `ToolEntity` (in-tree)",
    summary: "A required field is missing",
    doc: "The SDK's pydantic models (and for in-tree providers, the API's) reject a declaration without its \
required fields, and the plugin does not start (in-tree: the provider is skipped). Plugins additionally need \
the provider `identity.description`, the tool `description.human` and `description.llm`, each parameter's \
`human_description` and each credential's `label`.",
    fix: Some(Fix {
        actions: crate::actions::fixes::required_field,
        placeholders: true,
    }),
};

pub static ENUM_VALUE: Rule = Rule {
    code: "DIFY402",
    name: "enum-value",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X4",
    source: "SDK and API enums (`ToolLabelEnum`, parameter and credential types); DAEMON `PluginTag`",
    summary: "A value is outside its set: tag, parameter type, form, credential type, `auto_generate.type`",
    doc: "Tags come from `ToolLabelEnum` (the manifest also allows `agent` and `trigger`); parameter types \
depend on the layout and Dify version; `form` is `schema`, `form` or `llm`; credential types are \
`secret-input`, `text-input`, `select`, `boolean`, `model-selector`, `app-selector`, `array[tools]` (0.x: the \
first four). A value outside the set is a validation error.",
    fix: None,
};

pub static EN_US_MISSING: Rule = Rule {
    code: "DIFY403",
    name: "en-us-missing",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X5a",
    source: "API, SDK and DAEMON `I18nObject`",
    summary: "An I18n object has no `en_US`",
    doc: "Every label and description is an I18n object whose `en_US` is required. Lowercase spellings such as \
`en_us` are accepted only by the SDK and are lost after packaging, so they count as missing.",
    fix: None,
};

pub static UNKNOWN_LOCALE: Rule = Rule {
    code: "DIFY404",
    name: "unknown-locale",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X5b",
    source: "API, SDK and DAEMON drop unknown keys",
    summary: "An I18n object has a locale Dify drops",
    doc: "Only `en_US`, `zh_Hans`, `pt_BR` and `ja_JP` are kept; other keys (`zh_Hant`, `ko_KR`, `ja_Jp`, …) are \
silently dropped and those users see the English text. A misspelt kept locale (`ja_Jp`) is reported where it \
is, with its fix; other locales are reported once per file, with every occurrence as a related location.",
    fix: None,
};

pub static I18N_EXTRA_KEY: Rule = Rule {
    code: "DIFY419",
    name: "i18n-extra-key",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X5b",
    source: "API, SDK and DAEMON `I18nObject` ignore extra keys (pydantic drops them; the Go struct has four fields)",
    summary: "An I18n object holds a key that is not a locale (often a field indented one level too deep)",
    doc: "An I18n object keeps only `en_US`, `zh_Hans`, `pt_BR` and `ja_JP`; any other key is dropped and the \
declaration still loads. A key such as `placeholder`, `help` or `url` inside a `label` is usually a field that \
was indented one level too deep: it belongs beside the `label`, where Dify reads it.",
    fix: None,
};

pub static MULTIPLE: Rule = Rule {
    code: "DIFY405",
    name: "multiple",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X6",
    source: "SDK ≥ 0.10.0 parameter validator; API newest commits (langgenius/dify #41605)",
    summary: "`multiple: true` on a type other than select/dynamic-select, or a `default` that disagrees with `multiple`",
    doc: "`multiple is only valid for select and dynamic-select parameters`, and `default must be a list exactly \
when multiple is true`. On a Dify that enforces it, the whole provider list fails to parse.",
    fix: None,
};

pub static SELECT_OPTIONS: Rule = Rule {
    code: "DIFY406",
    name: "select-options",
    grade: Grade::Runtime,
    layouts: Layouts::ALL,
    spec: "X7",
    source: "API `api/core/plugin/entities/parameters.py` `init_frontend_parameter`; `validate_credentials_format`",
    summary: "A `select` without options, or a `default` that is not one of its options",
    doc: "Loading accepts both, but configuring the tool fails: the API raises `tool parameter {name} value {v} \
not in options {options}` when a parameter falls back to its default, and saving credentials fails with \
`credential {name} should be one of {options}` (or `options should be list`).",
    fix: None,
};

pub static IRRELEVANT_ATTRIBUTE: Rule = Rule {
    code: "DIFY407",
    name: "irrelevant-attribute",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Nothing enforces it; the UI ignores the attribute",
    summary: "`min`/`max`/`precision` on a non-number, `options` on a type without choices, or `placeholder` on a plugin parameter",
    doc: "`min`, `max` and `precision` mean something only for `number`; `options` only for `select`, \
`dynamic-select` and `checkbox`; plugin parameters have no `placeholder` (the SDK and the daemon drop it).",
    fix: Some(Fix {
        actions: crate::actions::fixes::remove_entry,
        placeholders: false,
    }),
};

pub static DEFAULT_TYPE: Rule = Rule {
    code: "DIFY408",
    name: "default-type",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Nothing enforces it; the API casts values (`cast_parameter_value`)",
    summary: "A parameter's `default` does not match its `type`",
    doc: "The API casts defaults at run time (\"true\"/\"yes\" to booleans, numeric strings to numbers), so a \
mismatch often works by accident and sometimes does not. Write the default in the parameter's type.",
    fix: None,
};

pub static LLM_DESCRIPTION: Rule = Rule {
    code: "DIFY409",
    name: "llm-description",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Convention (the model fills `llm` parameters from `llm_description`)",
    summary: "A `form: llm` parameter has no `llm_description`",
    doc: "The model decides what to pass for `form: llm` parameters from `llm_description`. Without it the model \
sees only the name and guesses.",
    fix: Some(Fix {
        actions: crate::actions::fixes::llm_description,
        placeholders: true,
    }),
};

pub static UNKNOWN_KEY: Rule = Rule {
    code: "DIFY410",
    name: "unknown-key",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Nothing enforces it; the loaders ignore unknown keys",
    summary: "A key the loader ignores (often a typo)",
    doc: "Dify's models ignore keys they do not know, so a misspelt key (`requried`, `llm_descripton`) silently \
does nothing. Fix the spelling or remove the key.",
    fix: Some(Fix {
        actions: crate::actions::fixes::remove_entry,
        placeholders: false,
    }),
};

pub static SCOPE: Rule = Rule {
    code: "DIFY411",
    name: "scope",
    grade: Grade::Error,
    // Dify 0.x has no `scope` (its models have no such field and ignore unknown keys).
    layouts: Layouts::DIFY_1X,
    spec: "X9",
    source: "DAEMON `pkg/entities/plugin_entities/config.go` `is_scope`; API scope enums",
    summary: "`scope` on a type that has none, or an invalid scope value",
    doc: "`scope` narrows `model-selector` (`llm`, `text-embedding`, `rerank`, `tts`, `speech2text`, \
`moderation`, `vision`, …, joined with `&`), `app-selector` (`all`, `chat`, `workflow`, `completion`), `any` (a \
variable type such as `string` or `array[file]`) and credential `array[tools]` (`all`, `custom`, `builtin`, \
`workflow`). On other types, or with another value, validation fails.",
    fix: Some(Fix {
        actions: crate::actions::fixes::remove_entry,
        placeholders: false,
    }),
};

pub static CREDENTIAL_DEFAULT_LIST: Rule = Rule {
    code: "DIFY412",
    name: "credential-default-list",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X10a",
    source: "API `ProviderConfig` (`default: int | str | float | bool`)",
    summary: "A credential `default` is a list",
    doc: "Credential defaults are scalars in the API model; a list fails validation. Use one value.",
    fix: None,
};

pub static CREDENTIALS_SCHEMA: Rule = Rule {
    code: "DIFY413",
    name: "credentials-schema-key",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "X10b",
    source: "SDK alias handling (only `credentials_for_provider`); DAEMON prefers `credentials_schema`",
    summary: "`credentials_schema` is used instead of `credentials_for_provider`",
    doc: "The daemon reads `credentials_schema`, but the SDK accepts only the key `credentials_for_provider`, so the \
plugin runtime sees no credentials and `self.runtime.credentials` is empty. Rename the key to \
`credentials_for_provider` (a mapping from credential name to field).",
    fix: None,
};

pub static REQUIRED_NULL: Rule = Rule {
    code: "DIFY414",
    name: "required-null",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X14",
    source: "API 1.x `PluginParameter` (`required: bool`)",
    summary: "A parameter has `required:` with no value (null)",
    doc: "The SDK accepts `required: null`, but the API rejects it when it re-validates the declaration, so the \
provider list fails to parse. Write `true` or `false`.",
    fix: None,
};

pub static TAGS_NOT_LIST: Rule = Rule {
    code: "DIFY415",
    name: "tags-not-list",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B17",
    source: "SDK `ToolProviderIdentity` (`tags: list[ToolLabelEnum]`)",
    summary: "A plugin provider's `identity.tags` is present but not a list",
    doc: "The SDK requires `identity.tags` to be a list when present (`tags: null` fails). Remove the key or write \
a list such as `[search]`. In-tree providers may leave it null.",
    fix: None,
};

pub static DECLARATION_LENGTH: Rule = Rule {
    code: "DIFY416",
    name: "declaration-length",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B22",
    source: "DAEMON `basic_type.go`, `config.go`, `tool_declaration.go` (declaration validation)",
    summary: "A declaration value is empty or longer than the daemon allows",
    doc: "When the daemon validates the declaration (remote debug, API exchange): `en_US` is non-empty and under \
1024 characters, `ja_JP` under 1024, a credential `name` under 1024, a credential option `value` under 128 \
characters with fewer than 128 options, and a parameter `name` 1 to 1023 characters.",
    fix: None,
};

pub static WRONG_TYPE: Rule = Rule {
    code: "DIFY417",
    name: "wrong-type",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X3/X4",
    source: "SDK and API pydantic models",
    summary: "A field has the wrong kind of value (a string where a mapping belongs, …)",
    doc: "The models validate each field's type: a label is a mapping of locales, `parameters` is a list, \
`runner.version` is a string (quote `\"3.12\"`), `required` is a boolean. A value of the wrong kind fails \
validation.",
    fix: None,
};

pub static CREDENTIALS_SHAPE: Rule = Rule {
    code: "DIFY418",
    name: "credentials-shape",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A4/B15",
    source: "API 1.x provider constructor (`TypeError`); API 0.x `BuiltinToolProviderController` (lists); SDK `ToolProviderConfiguration` (`AttributeError: … 'items'`)",
    summary: "`credentials_for_provider` is null (Dify 1.x, plugins), a list, or has a value that is not a mapping",
    doc: "`credentials_for_provider` is a mapping from credential name to field. A list breaks every loader. \
`null` breaks in-tree Dify 1.x (`TypeError` while iterating) and plugins (`AttributeError: 'NoneType' object has \
no attribute 'items'`); Dify 0.x skips a null value and loads the provider without credentials. With no \
credentials, omit the key or write `{}`.",
    fix: None,
};

struct Walker<'c, 'a> {
    cx: &'c mut Ctx<'a>,
    file: Arc<SourceFile>,
    layout: Layout,
    /// Locales Dify does not keep (`zh_Hant`, `ko_KR`): one diagnostic per file, not per key.
    dropped: Vec<(String, Span)>,
}

pub fn check(cx: &mut Ctx) {
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
        };
        w.object(root, &schema::MANIFEST, "manifest.yaml", m.anchor(), None);
        w.report_dropped_locales();
        w.tags(root.get("tags"), true);
    }
    for p in &project.providers {
        if let Some(y) = &p.yaml {
            let obj = if layout == Layout::Plugin {
                &schema::PLUGIN_PROVIDER
            } else {
                &schema::INTREE_PROVIDER
            };
            let empty = "the provider YAML is empty: it needs at least `identity`; Dify skips the provider";
            declaration(cx, y, obj, "the provider YAML", empty, |w, root| w.provider(root));
        }
        for t in &p.tools {
            let Some(y) = &t.yaml else { continue };
            let obj = if layout == Layout::Plugin {
                &schema::PLUGIN_TOOL
            } else {
                &schema::INTREE_TOOL
            };
            declaration(
                cx,
                y,
                obj,
                "the tool YAML",
                "the tool YAML is empty: it needs at least `identity`",
                |w, root| {
                    for param in root.get("parameters").and_then(Node::as_seq).unwrap_or(&[]) {
                        if param.as_map().is_some() {
                            w.parameter(param);
                        }
                    }
                },
            );
        }
    }
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
    };
    match file.yaml_root() {
        Some(root) => {
            w.object(root, obj, what, file.anchor(), None);
            then(&mut w, root);
            w.report_dropped_locales();
        }
        None if file.yaml().error.is_none() && file.decode_error.is_none() => {
            w.cx.report(&REQUIRED_FIELD, file, file.first_line(), empty);
        }
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

/// The kept locale a key misspells by case or separator (`ja_Jp`, `zh-Hans`, `PT_BR`).
fn misspelt_locale(key: &str) -> Option<&'static str> {
    let normalized = |s: &str| s.to_lowercase().replace('-', "_");
    LOCALES
        .iter()
        .copied()
        .find(|l| *l != key && normalized(l) == normalized(key))
}

/// A key shaped like a locale (`zh_Hant`, `ko_KR`, `ja_Jp`, `zh-CN`, `de`): an unknown locale
/// rather than a misplaced field.
fn looks_like_locale(key: &str) -> bool {
    let (lang, region) = match key.split_once(['_', '-']) {
        Some((l, r)) => (l, Some(r)),
        None => (key, None),
    };
    let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic());
    match region {
        Some(r) => lang_ok && (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()),
        None => lang_ok && lang.len() == 2 && !MISPLACED_FIELDS.contains(&key),
    }
}

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

/// A default written in its parameter's type, when the intent is clear.
fn fixed_default(ty: &str, s: &crate::syntax::yaml::Scalar) -> Option<String> {
    match (ty, s.resolved) {
        ("number", Resolved::Str) if is_numeric_text(&s.text) => Some(s.text.trim().to_string()),
        ("boolean", Resolved::Str | Resolved::Int(_)) => crate::syntax::yaml::Node {
            span: Span::default(),
            value: crate::syntax::yaml::Value::Scalar(s.clone()),
        }
        .as_lax_bool()
        .map(|b| b.to_string()),
        ("string" | "secret-input", Resolved::Int(_) | Resolved::Float(_) | Resolved::Bool(_)) => {
            Some(format!("\"{}\"", s.text))
        }
        _ => None,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.starts_with('`') => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

fn is_numeric_text(s: &str) -> bool {
    s.trim().parse::<f64>().is_ok()
}

impl Walker<'_, '_> {
    fn last(&mut self) -> &mut super::Diagnostic {
        self.cx.last()
    }

    fn report(&mut self, rule: &'static Rule, span: Span, message: String) -> &mut super::Diagnostic {
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
            if !node.is_null() {
                self.report(
                    &WRONG_TYPE,
                    node.span,
                    format!("{what} must be a mapping, but it is {}", node.kind_name()),
                );
            }
            return;
        };
        for field in obj.fields {
            match node.entry(field.key) {
                None if self.required(field.req) => {
                    let hint = match field.ty {
                        Ty::I18n => format!("; add `{}: {{en_US: …}}`", field.key),
                        _ => String::new(),
                    };
                    self.report(
                        &REQUIRED_FIELD,
                        at,
                        format!(
                            "{what} is missing the required `{}` — {}{hint}",
                            field.key,
                            lower_first(field.doc.trim_end_matches('.'))
                        ),
                    )
                    .with_fix(FixData::AddKey {
                        key: field.key.to_string(),
                        owner: owner.map(String::from),
                    });
                }
                None => {}
                Some(e) => self.value(&e.value, field, e.key.span, &format!("`{}`", field.key)),
            }
        }
        if !obj.closed {
            return;
        }
        let known: Vec<&str> = obj.fields.iter().map(|f| f.key).collect();
        for e in entries {
            let Some(key) = e.key.as_str() else { continue };
            if obj.field(key).is_some() {
                continue;
            }
            let hint = did_you_mean(key, &known);
            let why = match (obj.name, key) {
                ("provider", "tools" | "extra") => {
                    " (in-tree providers list tools from `tools/` and the module from the directory name)".to_string()
                }
                ("tool", "extra") => " (in-tree tools are found by file name)".to_string(),
                _ => String::new(),
            };
            self.report(
                &UNKNOWN_KEY,
                e.key.span,
                format!("`{key}` is not a {} field, so Dify ignores it{why}{hint}", obj.name),
            )
            .replacement = suggest(key, &known).map(String::from);
        }
    }

    fn value(&mut self, node: &Node, field: &schema::Field, key_span: Span, what: &str) {
        if node.is_null() {
            // Required-and-null is reported like missing; optional nulls are allowed.
            if self.required(field.req) && !matches!(field.ty, Ty::Any | Ty::NamedMap(_)) {
                self.report(
                    &REQUIRED_FIELD,
                    key_span,
                    format!(
                        "{what} is empty (null), but it is required — {}",
                        lower_first(field.doc.trim_end_matches('.'))
                    ),
                );
            }
            return;
        }
        let wrong = |w: &mut Self, expected: &str| {
            let hint = if matches!(field.ty, Ty::Str)
                && matches!(
                    node.as_scalar().map(|s| s.resolved),
                    Some(Resolved::Float(_) | Resolved::Int(_))
                ) {
                format!("; quote it: `\"{}\"`", node.text().unwrap_or(""))
            } else {
                String::new()
            };
            w.report(
                &WRONG_TYPE,
                node.span,
                format!("{what} must be {expected}, but it is {}{hint}", node.kind_name()),
            )
            .replacement = (!hint.is_empty()).then(|| format!("\"{}\"", node.text().unwrap_or("")));
        };
        match field.ty {
            Ty::Str => {
                if node.as_str().is_none() && !matches!(node.as_scalar().map(|s| s.resolved), Some(Resolved::Timestamp))
                {
                    wrong(self, "a string");
                }
            }
            Ty::Bool => {
                if !is_boolish(node) {
                    wrong(self, "a boolean (`true` or `false`)");
                }
            }
            Ty::Int => {
                let ok = match node.as_scalar().map(|s| s.resolved) {
                    Some(Resolved::Int(_)) => true,
                    Some(Resolved::Float(f)) => f.fract() == 0.0,
                    Some(Resolved::Str) => node.text().is_some_and(|t| t.trim().parse::<i64>().is_ok()),
                    _ => false,
                };
                if !ok {
                    wrong(self, "an integer");
                }
            }
            Ty::Num => match node.as_scalar().map(|s| s.resolved) {
                Some(Resolved::Int(_) | Resolved::Float(_)) => {}
                Some(Resolved::Str) if is_numeric_text(node.text().unwrap_or("")) && self.layout != Layout::Plugin => {}
                Some(Resolved::Str) if is_numeric_text(node.text().unwrap_or("")) => {
                    self.report(&WRONG_TYPE, node.span, format!("{what} is a quoted number: the daemon decodes it as a number and fails on a string; write `{}`", node.text().unwrap_or("")));
                }
                _ => wrong(self, "a number"),
            },
            Ty::Scalar => {
                if node.as_scalar().is_none() && field.key != "default" {
                    wrong(self, "a single value");
                }
            }
            Ty::Any | Ty::Version => {}
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
                                let owner = it.get("name").and_then(Node::as_str);
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
                None => wrong(self, "a list"),
            },
            Ty::NamedMap(obj) => {
                let Some(entries) = node.as_map() else { return }; // DIFY418 reports the shape.
                for e in entries {
                    if e.value.as_map().is_some() {
                        let name = e.key.text().unwrap_or("").to_string();
                        self.object(&e.value, obj, &format!("credential `{name}`"), e.key.span, Some(&name));
                    }
                }
            }
        }
    }

    fn i18n(&mut self, node: &Node, key_span: Span, what: &str) {
        let Some(entries) = node.as_map() else {
            self.report(
                &WRONG_TYPE,
                node.span,
                format!(
                    "{what} must be a mapping of locales such as `en_US: …`, but it is {}; write `{{en_US: {}}}`",
                    node.kind_name(),
                    node.text().unwrap_or("…")
                ),
            );
            return;
        };
        let mut has_en = false;
        let mut alias = None;
        for e in entries {
            let Some(key) = e.key.as_str() else { continue };
            if key == "en_US" {
                has_en = true;
                match e.value.as_str() {
                    Some("") if self.layout == Layout::Plugin => {
                        self.report(
                            &DECLARATION_LENGTH,
                            e.value.span,
                            format!("{what}.en_US is empty: the daemon requires a non-empty text"),
                        );
                    }
                    Some(s) if s.chars().count() >= 1024 && self.layout == Layout::Plugin => {
                        self.report(
                            &DECLARATION_LENGTH,
                            e.value.span,
                            format!(
                                "{what}.en_US is {} characters; the daemon allows fewer than 1024",
                                s.chars().count()
                            ),
                        );
                    }
                    _ => {}
                }
            } else if LOCALES.contains(&key) {
                if key == "ja_JP"
                    && self.layout == Layout::Plugin
                    && e.value.as_str().is_some_and(|s| s.chars().count() >= 1024)
                {
                    self.report(
                        &DECLARATION_LENGTH,
                        e.value.span,
                        format!("{what}.ja_JP is 1024 characters or more; the daemon allows fewer than 1024"),
                    );
                }
            } else if key.to_lowercase() == "en_us" {
                alias = Some(e.key.span);
            } else if let Some(kept) = misspelt_locale(key) {
                self.report(
                    &UNKNOWN_LOCALE,
                    e.key.span,
                    format!(
                        "locale `{key}` is dropped: Dify keeps only {} (did you mean `{kept}`?)",
                        one_of(LOCALES)
                    ),
                )
                .replacement = Some(kept.to_string());
                continue;
            } else if looks_like_locale(key) {
                self.dropped.push((key.to_string(), e.key.span));
                continue;
            } else {
                // Not a locale: pydantic drops the key and the declaration loads, so the value's
                // type does not matter either.
                let message = if MISPLACED_FIELDS.contains(&key) {
                    format!("`{key}` sits inside {what} and is ignored; it belongs one level up, beside {what}")
                } else {
                    format!(
                        "`{key}` is not a locale, so Dify drops it from {what}; it keeps only {}",
                        one_of(LOCALES)
                    )
                };
                self.report(&I18N_EXTRA_KEY, e.key.span, message);
                continue;
            }
            if (e.value.as_scalar().is_some_and(|s| s.resolved != Resolved::Str) || e.value.as_scalar().is_none())
                && !e.value.is_null()
            {
                self.report(
                    &WRONG_TYPE,
                    e.value.span,
                    format!("{what}.{key} must be text, but it is {}", e.value.kind_name()),
                );
            }
        }
        if !has_en {
            match alias {
                Some(span) => {
                    self.report(&EN_US_MISSING, span, format!("{what} spells `en_US` in lowercase: only the SDK accepts that, and the text is lost after packaging; write `en_US`"));
                    self.last().replace_with("en_US");
                }
                None => {
                    self.report(
                        &EN_US_MISSING,
                        key_span,
                        format!("{what} has no `en_US`: it is required in every label and description"),
                    );
                }
            }
        }
    }

    /// One diagnostic for every locale of the file that Dify does not keep, at the first one,
    /// with the others as related locations.
    fn report_dropped_locales(&mut self) {
        let dropped = std::mem::take(&mut self.dropped);
        let Some((_, first)) = dropped.first() else { return };
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (key, _) in &dropped {
            match counts.iter_mut().find(|(k, _)| k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
        let listed: Vec<String> = counts
            .iter()
            .map(|(k, n)| {
                if *n == 1 {
                    format!("`{k}`")
                } else {
                    format!("`{k}` ×{n}")
                }
            })
            .collect();
        let message = format!(
            "Dify drops the {} {} in this file (it keeps only {}), so those users see the English text",
            if counts.len() == 1 { "locale" } else { "locales" },
            listed.join(", "),
            one_of(LOCALES),
        );
        let file = self.file.clone();
        let d = self.report(&UNKNOWN_LOCALE, *first, message);
        for (key, span) in &dropped[1..] {
            d.with_related(&file, *span, format!("`{key}` is dropped too"));
        }
    }

    fn tags(&mut self, node: Option<&Node>, manifest: bool) {
        let Some(node) = node else { return };
        let Some(items) = node.as_seq() else {
            if !manifest && self.layout == Layout::Plugin {
                self.report(&TAGS_NOT_LIST, node.span, format!("`identity.tags` is {}, but the SDK requires a list (or no key at all); write e.g. `[utilities]`", node.kind_name()));
            } else if !node.is_null() {
                self.report(
                    &WRONG_TYPE,
                    node.span,
                    format!("`tags` must be a list, but it is {}", node.kind_name()),
                );
            }
            return;
        };
        let mut allowed = vocab::tags(self.layout);
        if manifest {
            allowed.extend(vocab::MANIFEST_ONLY_TAGS);
        }
        for tag in items {
            let Some(t) = tag.text() else { continue };
            if !allowed.contains(&t) {
                let note = if !manifest && vocab::MANIFEST_ONLY_TAGS.contains(&t) {
                    " (it is valid only in the manifest's `tags`)"
                } else {
                    ""
                };
                self.report(
                    &ENUM_VALUE,
                    tag.span,
                    format!(
                        "`{t}` is not a tag{note}{}; tags are {}",
                        did_you_mean(t, &allowed),
                        one_of(&allowed)
                    ),
                )
                .replacement = super::suggest(t, &allowed).map(String::from);
            }
        }
    }

    fn provider(&mut self, root: &Node) {
        self.tags(root.path(&["identity", "tags"]), false);
        if let Some(e) = root
            .entry("credentials_schema")
            .filter(|_| self.layout == Layout::Plugin)
        {
            self.report(&CREDENTIALS_SCHEMA, e.key.span, "`credentials_schema` is read by the daemon but ignored by the SDK, so the plugin sees no credentials; rename it to `credentials_for_provider` (a mapping from name to field)".into());
        }
        if let Some(e) = root.entry("credentials_for_provider") {
            let node = &e.value;
            match &node.value {
                Value::Map(entries) => {
                    for c in entries {
                        let name = c.key.text().unwrap_or("").to_string();
                        if c.value.as_map().is_none() {
                            self.report(&CREDENTIALS_SHAPE, c.value.span, format!("credential `{name}` must be a mapping with at least `type` (and `label`), but it is {}", c.value.kind_name()));
                        } else {
                            self.credential(&c.value, &name, c.key.span);
                        }
                    }
                }
                // Dify 0.x skips a null `credentials_for_provider` (`… is not None` guard) and
                // passes `credentials_schema=None`, which its model allows: no credentials.
                _ if node.is_null() && self.layout == Layout::InTree(crate::project::Generation::V0) => {}
                _ if node.is_null() => {
                    let consequence = if self.layout == Layout::Plugin {
                        "the SDK fails with `AttributeError: 'NoneType' object has no attribute 'items'`"
                    } else {
                        "Dify 1.x fails with `TypeError` while loading the provider"
                    };
                    let span = key_with_colon(&self.file, e.key.span);
                    self.report(
                        &CREDENTIALS_SHAPE,
                        span,
                        format!("`credentials_for_provider` is null: {consequence}; remove the key or write `{{}}`"),
                    )
                    .replace_with("credentials_for_provider: {}");
                }
                _ => {
                    let consequence = if self.layout == Layout::Plugin {
                        "the SDK fails with `AttributeError: 'list' object has no attribute 'items'`"
                    } else {
                        "Dify fails while loading the provider (`TypeError`: list indices must be integers)"
                    };
                    self.report(&CREDENTIALS_SHAPE, node.span, format!("`credentials_for_provider` is {}, but it must be a mapping from credential name to field: {consequence}", node.kind_name()));
                }
            }
        }
        for key in ["client_schema", "credentials_schema"] {
            for c in root.path(&["oauth_schema", key]).and_then(Node::as_seq).unwrap_or(&[]) {
                if c.as_map().is_some() {
                    let name = c.get("name").and_then(Node::text).unwrap_or("").to_string();
                    if c.get("name").is_none() {
                        self.report(
                            &REQUIRED_FIELD,
                            c.span,
                            format!("this `oauth_schema.{key}` item has no `name`: list items need one"),
                        );
                    }
                    self.credential(c, &name, c.span);
                }
            }
        }
    }

    fn credential(&mut self, c: &Node, name: &str, at: Span) {
        let ty = c.get("type").and_then(Node::as_str);
        if let Some(tn) = c.get("type").filter(|t| t.as_str().is_some()) {
            let t = tn.as_str().unwrap_or("");
            let allowed = vocab::credential_types(self.layout);
            if !allowed.contains(&t) {
                let note = if self.layout == Layout::InTree(crate::project::Generation::V0)
                    && vocab::CREDENTIAL_TYPES.contains(&t)
                {
                    " in Dify 0.x"
                } else {
                    ""
                };
                self.report(
                    &ENUM_VALUE,
                    tn.span,
                    format!(
                        "`{t}` is not a credential type{note}{}; use {}",
                        did_you_mean(t, allowed),
                        one_of(allowed)
                    ),
                )
                .replacement = super::suggest(t, allowed).map(String::from);
            }
        }
        if self.layout == Layout::Plugin && name.chars().count() >= 1024 {
            self.report(
                &DECLARATION_LENGTH,
                at,
                "the credential name is 1024 characters or more; the daemon allows fewer than 1024".into(),
            );
        }
        if let Some(d) = c
            .get("default")
            .filter(|d| d.as_seq().is_some() || d.as_map().is_some())
        {
            self.report(
                &CREDENTIAL_DEFAULT_LIST,
                d.span,
                format!(
                    "the default of credential `{name}` is {}: the API accepts only a single value",
                    d.kind_name()
                ),
            );
        }
        let options = c.get("options");
        if let Some(opts) = options.and_then(Node::as_seq).filter(|_| self.layout == Layout::Plugin) {
            if opts.len() >= 128 {
                self.report(
                    &DECLARATION_LENGTH,
                    options.map_or(at, |o| o.span),
                    format!(
                        "credential `{name}` has {} options; the daemon allows fewer than 128",
                        opts.len()
                    ),
                );
            }
            for o in opts {
                if let Some(v) = o
                    .get("value")
                    .filter(|v| v.text().is_some_and(|t| t.chars().count() >= 128))
                {
                    self.report(
                        &DECLARATION_LENGTH,
                        v.span,
                        "this option value is 128 characters or more; the daemon allows fewer than 128".into(),
                    );
                }
            }
        }
        if ty == Some("select") {
            self.select_options(c, options, name, at, true);
        }
        self.scope(c, ty, true);
    }

    fn option_values(options: Option<&Node>) -> Vec<String> {
        options
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(|o| o.get("value").and_then(Node::text).map(str::to_string))
            .collect()
    }

    fn select_options(&mut self, node: &Node, options: Option<&Node>, name: &str, at: Span, credential: bool) {
        let values = Self::option_values(options);
        let what = if credential { "credential" } else { "parameter" };
        if options.and_then(Node::as_seq).is_none_or(<[Node]>::is_empty) {
            let span = node.entry("type").map_or(at, |e| e.value.span);
            let consequence = if credential {
                format!("saving credentials fails with `credential {name} options should be list`")
            } else {
                "the API then rejects any value, because the option list is empty".into()
            };
            self.report(&SELECT_OPTIONS, span, format!("{what} `{name}` is a `select` without `options`: {consequence}; add `options:` with `value` and `label`"));
            return;
        }
        let Some(default) = node.get("default").filter(|d| !d.is_null()) else {
            return;
        };
        let defaults: Vec<&Node> = match default.as_seq() {
            Some(items) => items.iter().collect(),
            None => vec![default],
        };
        for d in defaults {
            let Some(v) = d.text() else { continue };
            if !values.iter().any(|o| o == v) {
                let refs: Vec<&str> = values.iter().map(String::as_str).collect();
                let consequence = if credential {
                    format!("saving credentials fails with `credential {name} should be one of {values:?}`")
                } else {
                    format!("the API fails with `tool parameter {name} value {v} not in options`")
                };
                self.report(
                    &SELECT_OPTIONS,
                    d.span,
                    format!(
                        "default `{v}` is not one of the options ({}): {consequence}{}",
                        one_of(&refs),
                        did_you_mean(v, &refs)
                    ),
                )
                .replacement = super::suggest(v, &refs).filter(|s| *s != v).map(String::from);
            }
        }
    }

    fn scope(&mut self, node: &Node, ty: Option<&str>, credential: bool) {
        let Some(scope) = node.get("scope").filter(|s| !s.is_null()) else {
            return;
        };
        let Some(value) = scope.text() else { return };
        let allowed: &[&str] = match ty {
            Some("model-selector") => vocab::MODEL_SCOPES,
            Some("app-selector") => vocab::APP_SCOPES,
            Some("any") if !credential => vocab::ANY_SCOPES,
            Some("array[tools]") if credential => vocab::TOOL_SELECTOR_SCOPES,
            _ => {
                let t = ty.unwrap_or("?");
                self.report(&SCOPE, scope.span, format!("`scope` has no meaning on type `{t}`: only `model-selector`, `app-selector`{} take one; validation fails with \"is not a valid scope\"", if credential { " and `array[tools]`" } else { " and `any`" }));
                return;
            }
        };
        let ok = if ty == Some("model-selector") {
            value.split('&').any(|p| allowed.contains(&p.trim()))
        } else {
            allowed.contains(&value)
        };
        if !ok {
            self.report(
                &SCOPE,
                scope.span,
                format!(
                    "`{value}` is not a valid scope for `{}`{}; use {}",
                    ty.unwrap_or(""),
                    did_you_mean(value, allowed),
                    one_of(allowed)
                ),
            )
            .replacement = super::suggest(value, allowed).map(String::from);
        }
    }

    fn parameter(&mut self, p: &Node) {
        let name = p.get("name").and_then(Node::text).unwrap_or("").to_string();
        let at = p.entry("name").map_or(p.span, |e| e.value.span);
        let ty_node = p.get("type");
        let ty = ty_node.and_then(Node::as_str);
        if let (Some(tn), Some(t)) = (ty_node, ty) {
            let allowed = vocab::accepted_param_types(self.layout, self.cx.config.target_dify_version());
            if !allowed.contains(&t) {
                let where_ = match self.layout {
                    Layout::Plugin => "the plugin SDK".to_string(),
                    Layout::InTree(crate::project::Generation::V0) => "Dify 0.x".into(),
                    Layout::InTree(_) => match self.cx.config.target_dify_version() {
                        Some(v) => format!("Dify {}", v.0.iter().map(u64::to_string).collect::<Vec<_>>().join(".")),
                        None => "Dify 1.x".into(),
                    },
                };
                let note = match t {
                    "system-files" if self.layout == Layout::Plugin => " (deprecated; use `files`)",
                    "array[tools]" => " (tools cannot take a tools selector)",
                    "dynamic-tree-select" => " (only on unreleased branches)",
                    _ => "",
                };
                self.report(
                    &ENUM_VALUE,
                    tn.span,
                    format!(
                        "`{t}` is not a parameter type {where_} accepts{note}{}; use {}",
                        did_you_mean(t, &allowed),
                        one_of(&allowed)
                    ),
                )
                .replacement = super::suggest(t, &allowed).map(String::from);
            }
        }
        if let Some(f) = p
            .get("form")
            .filter(|f| f.as_str().is_some_and(|s| !vocab::FORMS.contains(&s)))
        {
            let v = f.text().unwrap_or("");
            self.report(
                &ENUM_VALUE,
                f.span,
                format!(
                    "`form` is `{v}`{}; use `llm` (the model fills it), `form` (the user sets it) or `schema`",
                    did_you_mean(v, vocab::FORMS)
                ),
            )
            .replacement = super::suggest(v, vocab::FORMS).map(String::from);
        }
        if let Some(ag) = p
            .path(&["auto_generate", "type"])
            .filter(|t| t.text() != Some("prompt_instruction"))
        {
            self.report(
                &ENUM_VALUE,
                ag.span,
                format!(
                    "`auto_generate.type` is `{}`, but the only value is `prompt_instruction`",
                    ag.text().unwrap_or("")
                ),
            );
        }
        if self.layout == Layout::Plugin
            && (name.is_empty() || name.chars().count() > 1023)
            && p.get("name").is_some_and(|n| n.as_str().is_some())
        {
            self.report(
                &DECLARATION_LENGTH,
                at,
                "a parameter name must be 1 to 1023 characters".into(),
            );
        }
        if let Some(e) = p.entry("required").filter(|e| e.value.is_null()) {
            let span = key_with_colon(&self.file, e.key.span);
            self.report(&REQUIRED_NULL, span, format!("`required` of `{name}` is null: API 1.x rejects it and the provider list fails to parse; write `true` or `false`"))
                .replace_with("required: false");
        }
        let multiple = p.get("multiple").and_then(Node::as_lax_bool).unwrap_or(false);
        if let (true, Some(t)) = (multiple, ty)
            && !matches!(t, "select" | "dynamic-select")
        {
            let span = p.get("multiple").map_or(at, |m| m.span);
            self.report(
                &MULTIPLE,
                span,
                format!(
                    "`multiple: true` on a `{t}`: `multiple is only valid for select and dynamic-select parameters`"
                ),
            );
        }
        if let Some(d) = p.get("default").filter(|d| !d.is_null())
            && d.as_seq().is_some() != multiple
        {
            let msg = if multiple {
                format!(
                    "`{name}` has `multiple: true`, so its default must be a list, e.g. `[{}]`",
                    d.text().unwrap_or("…")
                )
            } else {
                format!(
                    "the default of `{name}` is a list, but `multiple` is not true: `default must be a list exactly when multiple is true`"
                )
            };
            self.report(&MULTIPLE, d.span, msg);
        }
        if ty == Some("select") {
            self.select_options(p, p.get("options"), &name, at, false);
        }
        self.irrelevant(p, ty);
        self.default_type(p, ty, &name);
        if p.get("form").and_then(Node::as_str) == Some("llm")
            && p.get("llm_description")
                .is_none_or(|d| d.text().is_none_or(str::is_empty))
        {
            let span = p.get("form").map_or(at, |f| f.span);
            self.report(&LLM_DESCRIPTION, span, format!("`{name}` is filled in by the model (`form: llm`) but has no `llm_description`; describe what the model should pass"))
                .with_fix(FixData::AddLlmDescription { parameter: name.to_string() });
        }
        self.scope(p, ty, false);
    }

    fn irrelevant(&mut self, p: &Node, ty: Option<&str>) {
        let Some(t) = ty else { return };
        if t != "number" {
            for key in ["min", "max", "precision"] {
                if let Some(e) = p.entry(key) {
                    self.report(
                        &IRRELEVANT_ATTRIBUTE,
                        e.key.span,
                        format!("`{key}` only applies to `number` parameters; on a `{t}` it does nothing"),
                    );
                }
            }
        }
        if !matches!(t, "select" | "dynamic-select" | "checkbox")
            && let Some(e) = p.entry("options")
        {
            self.report(
                &IRRELEVANT_ATTRIBUTE,
                e.key.span,
                format!(
                    "`options` only apply to `select`, `dynamic-select` and `checkbox`; the UI ignores them on a `{t}`"
                ),
            );
        }
        if self.layout == Layout::Plugin
            && let Some(e) = p.entry("placeholder")
        {
            self.report(&IRRELEVANT_ATTRIBUTE, e.key.span, "`placeholder` is dropped in plugins (the SDK and the daemon have no such field); put the hint in `human_description`".into());
        }
    }

    fn default_type(&mut self, p: &Node, ty: Option<&str>, name: &str) {
        let (Some(d), Some(t)) = (p.get("default").filter(|d| !d.is_null()), ty) else {
            return;
        };
        let Some(s) = d.as_scalar() else { return };
        let problem = match (t, s.resolved) {
            ("number", Resolved::Int(_) | Resolved::Float(_)) => None,
            ("number", Resolved::Str) if is_numeric_text(&s.text) => {
                Some(format!("is the string `\"{}\"`; write the number `{}`", s.text, s.text))
            }
            ("number", _) => Some(format!("`{}` is not a number", s.text)),
            ("boolean", Resolved::Bool(_)) => None,
            ("boolean", _) if is_boolish(d) => Some(format!(
                "is `{}` rather than `true` or `false`; Dify casts it, but write a boolean",
                s.text
            )),
            ("boolean", _) => Some(format!("`{}` is not a boolean", s.text)),
            ("string" | "secret-input", Resolved::Int(_) | Resolved::Float(_) | Resolved::Bool(_)) => {
                Some(format!("`{}` is {} rather than text; quote it", s.text, d.kind_name()))
            }
            _ => None,
        };
        if let Some(problem) = problem {
            self.report(
                &DEFAULT_TYPE,
                d.span,
                format!("the default of `{t}` parameter `{name}` {problem}"),
            )
            .replacement = fixed_default(t, s);
        }
    }
}
