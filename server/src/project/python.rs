//! Facts about a Python module, read statically from its tree-sitter tree: imports, classes and
//! their methods, keys read from tool parameters and credentials, outbound HTTP calls and their
//! arguments, string literals and the names they are bound to, and variable-message names. Nothing
//! is imported or run. What the rules make of these facts (a missing timeout, a literal that looks
//! like a credential) is in the rules.

use super::namespace::Namespace;
use crate::syntax::{Span, python};
use tree_sitter::{Node, Tree};

pub struct PyModule {
    pub(crate) tree: Tree,
    /// The first syntax error, if any.
    pub syntax_error: Option<Span>,
    pub facts: PyFacts,
    /// What the module's namespace holds after import (the loaders' view of it).
    pub(crate) namespace: Namespace,
}

#[derive(Debug, Default)]
pub struct PyFacts {
    pub(crate) imports: Vec<Import>,
    pub classes: Vec<Class>,
    pub param_reads: Vec<KeyRead>,
    pub credential_reads: Vec<KeyRead>,
    pub(crate) http_calls: Vec<HttpCall>,
    /// Plain string literals (see [`string_value`]), in source order.
    pub(crate) strings: Vec<StringLiteral>,
    /// `create_variable_message("name", …)` first arguments.
    pub(crate) variable_names: Vec<(String, Span)>,
    /// Whether some code reads tool parameters other than by a literal key (`for k in tool_parameters`,
    /// `**tool_parameters`, a key in a variable), so "never read" cannot be concluded.
    pub(crate) dynamic_param_access: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Import {
    /// The name bound in this module.
    pub(crate) local: String,
    /// The module, with leading dots for relative imports.
    pub(crate) module: String,
    /// The imported name for `from m import name`; `None` for `import m`.
    pub(crate) name: Option<String>,
    pub(crate) span: Span,
    /// A failure of this import cannot stop the module: it sits under `if TYPE_CHECKING:` (never
    /// run) or in a `try` whose handler catches `ImportError`.
    pub(crate) guarded: bool,
}

#[derive(Debug, Clone)]
pub struct Class {
    pub(crate) name: String,
    pub(crate) name_span: Span,
    pub span: Span,
    /// Base-class expressions as written (`Tool`, `dify_plugin.Tool`), with their spans.
    pub(crate) bases: Vec<(String, Span)>,
    pub(crate) methods: Vec<Method>,
}

#[derive(Debug, Clone)]
pub struct Method {
    pub(crate) name: String,
    pub(crate) name_span: Span,
    pub(crate) params: Vec<Param>,
    pub params_span: Span,
    pub(crate) is_generator: bool,
    pub(crate) returns: Vec<Return>,
    pub(crate) body: Span,
    /// The `def` line up to the colon, for signature diagnostics.
    pub(crate) def_span: Span,
    /// The arguments, as written, of the first `super().__init__(…)` (or `Base.__init__(self, …)`)
    /// call in the body: what a constructor override hands on.
    pub(crate) super_init: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamKind {
    /// Positional-or-keyword without a default.
    Required,
    /// Positional-or-keyword with a default.
    Optional,
    /// Positional-only (before `/`).
    PositionalOnly,
    VarArgs,
    KeywordOnly,
    VarKeywords,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub(crate) name: String,
    pub(crate) kind: ParamKind,
    pub(crate) has_default: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReturnKind {
    /// `return` or `return None`.
    Nothing,
    /// A list, list comprehension or tuple: iterable, so it still works as messages.
    List,
    /// `return self.create_*_message(...)`: a single message.
    SingleMessage,
    Other,
}

/// A `return` statement of a method: what it returns, and where the `return` keyword is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Return {
    pub(crate) kind: ReturnKind,
    pub(crate) keyword: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadKind {
    Subscript,
    Get,
}

#[derive(Debug, Clone)]
pub struct KeyRead {
    pub(crate) key: String,
    /// The string literal, quotes included.
    pub span: Span,
    pub(crate) kind: ReadKind,
    /// A subscript the surrounding code protects: the key is checked first (`if "x" in p:`,
    /// `if p.get("x"):`, `p.get("x") is not None and …`, an early `return`/`raise` when it is
    /// missing), or a `try` catches the `KeyError`.
    pub(crate) guarded: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct HttpCall {
    /// The callee as written (`requests.get`, `session.post`).
    pub(crate) callee: String,
    pub(crate) span: Span,
    /// The argument list, parentheses included.
    pub(crate) args: Span,
    /// The arguments, in order (comments left out).
    pub(crate) arguments: Vec<Argument>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Argument {
    /// A positional argument (`*args` included).
    Positional,
    /// `name=value`.
    Keyword { name: String, value: Span },
    /// `**mapping`, which may hold any keyword.
    KeywordSplat,
}

#[derive(Debug, Clone)]
pub(crate) struct StringLiteral {
    pub(crate) span: Span,
    pub(crate) value: String,
    /// The name the literal is assigned to, passed as or keyed by, as written: `API_KEY` in
    /// `API_KEY = "…"`, `token` in `f(token="…")`, `"Authorization"` in `{"Authorization": "…"}`.
    pub(crate) name: Option<Span>,
}

impl PyModule {
    pub fn parse(text: &str) -> Self {
        let tree = python::parse(text, None);
        Self::from_fresh_tree(tree, text)
    }

    /// The module of a tree, which may come from incremental reparsing of an open buffer. Where
    /// that tree has errors, tree-sitter's error recovery may differ from a fresh parse of the
    /// same text (another error span); such a module is built from a fresh parse, so that the
    /// editor and `check` report the same syntax error and the same facts.
    pub fn from_tree(tree: Tree, text: &str) -> Self {
        let tree = if tree.root_node().has_error() {
            python::parse(text, None)
        } else {
            tree
        };
        Self::from_fresh_tree(tree, text)
    }

    fn from_fresh_tree(tree: Tree, text: &str) -> Self {
        let syntax_error = python::first_error(&tree).map(|n| span(n));
        let facts = Collector::new(text).collect(tree.root_node());
        let namespace = Namespace::build(tree.root_node(), text, &facts);
        PyModule {
            tree,
            syntax_error,
            facts,
            namespace,
        }
    }
}

impl PyFacts {
    pub fn class(&self, name: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.name == name)
    }

    pub(crate) fn import(&self, local: &str) -> Option<&Import> {
        self.imports.iter().rev().find(|i| i.local == local)
    }
}

impl Class {
    pub(crate) fn method(&self, name: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.name == name)
    }
}

impl Method {
    /// Whether this constructor hands every argument it receives on to the base constructor
    /// (`def __init__(self, *args, **kwargs): super().__init__(*args, **kwargs)`), so the base's
    /// construction contract still holds.
    ///
    /// Only the `*args, **kwargs` form counts: named parameters tie the override to today's
    /// argument names (the SDK passes `runtime=` and `session=` by keyword).
    pub(crate) fn forwards_to_super_init(&self) -> bool {
        let Some(passed) = &self.super_init else { return false };
        let args = self.args();
        args.iter().any(|p| p.kind == ParamKind::VarKeywords)
            && args.iter().all(|p| {
                let needed = match p.kind {
                    ParamKind::VarArgs => format!("*{}", p.name),
                    ParamKind::VarKeywords => format!("**{}", p.name),
                    _ => return false,
                };
                passed.contains(&needed)
            })
    }

    /// Parameters after `self`.
    pub(crate) fn args(&self) -> &[Param] {
        match self.params.first() {
            Some(p) if p.name == "self" => &self.params[1..],
            _ => &self.params,
        }
    }

    /// Whether a call passing these keywords (and nothing else) would bind.
    pub(crate) fn accepts_keywords(&self, names: &[&str]) -> Result<(), String> {
        let args = self.args();
        let has_var_kw = args.iter().any(|p| p.kind == ParamKind::VarKeywords);
        for name in names {
            let found = args.iter().any(|p| {
                p.name == *name
                    && !matches!(
                        p.kind,
                        ParamKind::VarArgs | ParamKind::VarKeywords | ParamKind::PositionalOnly
                    )
            });
            if !found && !has_var_kw {
                return Err(format!("does not accept the keyword argument `{name}`"));
            }
        }
        for p in args {
            let required = matches!(
                p.kind,
                ParamKind::Required | ParamKind::PositionalOnly | ParamKind::KeywordOnly
            ) && !p.has_default;
            if required && !names.contains(&p.name.as_str()) {
                return Err(format!(
                    "requires the argument `{}`, which the caller never passes",
                    p.name
                ));
            }
        }
        Ok(())
    }

    /// Whether a call passing `n` positional arguments would bind.
    pub(crate) fn accepts_positional(&self, n: usize) -> Result<(), String> {
        let args = self.args();
        let positional: Vec<&Param> = args
            .iter()
            .filter(|p| {
                matches!(
                    p.kind,
                    ParamKind::Required | ParamKind::Optional | ParamKind::PositionalOnly
                )
            })
            .collect();
        let var = args.iter().any(|p| p.kind == ParamKind::VarArgs);
        let required = positional.iter().filter(|p| !p.has_default).count();
        if n < required {
            return Err(format!(
                "requires {} after `self`, but the caller passes {n}",
                plural(required, "argument")
            ));
        }
        if n > positional.len() && !var {
            return Err(format!(
                "accepts {} after `self`, but the caller passes {n}",
                plural(positional.len(), "argument")
            ));
        }
        if let Some(kw) = args.iter().find(|p| p.kind == ParamKind::KeywordOnly && !p.has_default) {
            return Err(format!(
                "requires the keyword-only argument `{}`, which the caller never passes",
                kw.name
            ));
        }
        Ok(())
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn span(n: Node) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

/// The value of a plain string literal (no interpolation, no implicit concatenation).
pub(crate) fn string_value(node: Node, src: &str) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut out = String::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" | "string_end" => {}
            "string_content" => out.push_str(python::text(child, src)),
            _ => return None,
        }
    }
    Some(out)
}

const HTTP_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options", "request"];

struct Collector<'s> {
    src: &'s str,
    facts: PyFacts,
    /// Names bound to `requests.Session()` objects (identifiers or `self.x`).
    sessions: Vec<String>,
    /// Names that hold the tool parameters / credentials mapping.
    param_names: Vec<String>,
    credential_names: Vec<String>,
}

impl<'s> Collector<'s> {
    fn new(src: &'s str) -> Self {
        Collector {
            src,
            facts: PyFacts::default(),
            sessions: Vec::new(),
            param_names: vec!["tool_parameters".into()],
            credential_names: vec!["self.runtime.credentials".into(), "credentials".into()],
        }
    }

    fn text(&self, n: Node) -> &'s str {
        python::text(n, self.src)
    }

    fn collect(mut self, root: Node) -> PyFacts {
        // One walk. Imports, classes and aliases are recorded as they are met; reads and calls
        // need every alias (one may be bound below its use, in a function body), so their nodes
        // are kept and read after the walk, in document order.
        let mut later = Vec::new();
        let mut written = std::collections::HashSet::new();
        walk(root, |node| {
            let tag = tag(node);
            match tag {
                Tag::Import => self.import(node),
                Tag::ImportFrom => self.import_from(node),
                Tag::Class => {
                    let class = self.class(node);
                    self.facts.classes.push(class);
                }
                Tag::Assignment => {
                    self.assignment(node);
                    // `p["x"] = …` writes the key; it does not read it.
                    if let Some(left) = node
                        .child_by_field_name("left")
                        .filter(|l| self::tag(*l) == Tag::Subscript)
                    {
                        written.insert(left.id());
                    }
                    later.push((tag, node));
                }
                Tag::WithItem => self.with_item(node),
                Tag::Subscript | Tag::Call | Tag::Named | Tag::String | Tag::For | Tag::Splat => {
                    later.push((tag, node))
                }
                _ => {}
            }
            true
        });
        self.scan_expressions(&later, &written);
        self.facts
    }

    fn import(&mut self, node: Node) {
        let mut cursor = node.walk();
        for child in node.children_by_field_name("name", &mut cursor) {
            let (module, local) = match child.kind() {
                "aliased_import" => {
                    let name = child.child_by_field_name("name").map(|n| self.text(n)).unwrap_or("");
                    let alias = child.child_by_field_name("alias").map(|n| self.text(n)).unwrap_or(name);
                    (name.to_string(), alias.to_string())
                }
                _ => {
                    let name = self.text(child).to_string();
                    // `import a.b` binds `a`, but keep the full name for lookups of `a.b.X`.
                    (name.clone(), name)
                }
            };
            self.facts.imports.push(Import {
                local,
                module,
                name: None,
                span: span(child),
                guarded: import_guarded(node, self.src),
            });
        }
    }

    fn import_from(&mut self, node: Node) {
        let Some(module) = node.child_by_field_name("module_name") else {
            return;
        };
        let module = self.text(module).replace(char::is_whitespace, "");
        let mut cursor = node.walk();
        for child in node.children_by_field_name("name", &mut cursor) {
            let (name, local) = match child.kind() {
                "aliased_import" => {
                    let name = child.child_by_field_name("name").map(|n| self.text(n)).unwrap_or("");
                    let alias = child.child_by_field_name("alias").map(|n| self.text(n)).unwrap_or(name);
                    (name, alias)
                }
                _ => (self.text(child), self.text(child)),
            };
            self.facts.imports.push(Import {
                local: local.into(),
                module: module.clone(),
                name: Some(name.into()),
                span: span(child),
                guarded: import_guarded(node, self.src),
            });
        }
    }

    fn class(&self, node: Node) -> Class {
        let name_node = node.child_by_field_name("name");
        let mut bases = Vec::new();
        if let Some(args) = node.child_by_field_name("superclasses") {
            let mut cursor = args.walk();
            for arg in args.named_children(&mut cursor) {
                if matches!(arg.kind(), "identifier" | "attribute") {
                    bases.push((self.text(arg).replace(char::is_whitespace, ""), span(arg)));
                }
            }
        }
        let mut methods = Vec::new();
        if let Some(body) = node.child_by_field_name("body") {
            let mut cursor = body.walk();
            for stmt in body.named_children(&mut cursor) {
                let def = match stmt.kind() {
                    "function_definition" => Some(stmt),
                    "decorated_definition" => stmt
                        .child_by_field_name("definition")
                        .filter(|d| d.kind() == "function_definition"),
                    _ => None,
                };
                if let Some(def) = def {
                    methods.push(self.method(def));
                }
            }
        }
        Class {
            name: name_node.map(|n| self.text(n).to_string()).unwrap_or_default(),
            name_span: name_node.map(span).unwrap_or_else(|| span(node)),
            span: span(node),
            bases,
            methods,
        }
    }

    fn method(&self, def: Node) -> Method {
        let name_node = def.child_by_field_name("name");
        let params_node = def.child_by_field_name("parameters");
        let body = def.child_by_field_name("body");
        let mut params = Vec::new();
        if let Some(list) = params_node {
            let mut after_star = false;
            let mut cursor = list.walk();
            let children: Vec<Node> = list.named_children(&mut cursor).collect();
            let slash = children.iter().position(|c| c.kind() == "positional_separator");
            for (i, p) in children.iter().enumerate() {
                let (name, mut kind, has_default) = match p.kind() {
                    "identifier" => (self.text(*p), ParamKind::Required, false),
                    "typed_parameter" => {
                        let inner = p.named_child(0);
                        match inner.map(|n| n.kind()) {
                            Some("list_splat_pattern") => (
                                inner.map(|n| self.splat_name(n)).unwrap_or(""),
                                ParamKind::VarArgs,
                                false,
                            ),
                            Some("dictionary_splat_pattern") => (
                                inner.map(|n| self.splat_name(n)).unwrap_or(""),
                                ParamKind::VarKeywords,
                                false,
                            ),
                            _ => (inner.map(|n| self.text(n)).unwrap_or(""), ParamKind::Required, false),
                        }
                    }
                    "default_parameter" | "typed_default_parameter" => (
                        p.child_by_field_name("name").map(|n| self.text(n)).unwrap_or(""),
                        ParamKind::Optional,
                        true,
                    ),
                    "list_splat_pattern" => (self.splat_name(*p), ParamKind::VarArgs, false),
                    "dictionary_splat_pattern" => (self.splat_name(*p), ParamKind::VarKeywords, false),
                    "keyword_separator" => {
                        after_star = true;
                        continue;
                    }
                    _ => continue,
                };
                if kind == ParamKind::VarArgs {
                    after_star = true;
                } else if after_star && kind != ParamKind::VarKeywords {
                    kind = ParamKind::KeywordOnly;
                } else if slash.is_some_and(|s| i < s) {
                    kind = ParamKind::PositionalOnly;
                }
                params.push(Param {
                    name: name.to_string(),
                    kind,
                    has_default,
                    span: span(*p),
                });
            }
        }
        let mut is_generator = false;
        let mut returns = Vec::new();
        let mut super_init = None;
        if let Some(body) = body {
            self.scan_function_body(body, &mut is_generator, &mut returns, &mut super_init);
        }
        let def_end = body.map(|b| b.start_byte()).unwrap_or(def.end_byte());
        Method {
            name: name_node.map(|n| self.text(n).to_string()).unwrap_or_default(),
            name_span: name_node.map(span).unwrap_or_else(|| span(def)),
            params,
            params_span: params_node.map(span).unwrap_or_else(|| span(def)),
            is_generator,
            returns,
            body: body.map(span).unwrap_or_else(|| span(def)),
            def_span: Span::new(def.start_byte(), def_end.max(def.start_byte())),
            super_init,
        }
    }

    /// Yields, returns and the `super().__init__` call (see [`Method::super_init`]) of one
    /// function, not of functions nested in it: one walk of the body.
    fn scan_function_body(
        &self,
        body: Node,
        is_generator: &mut bool,
        returns: &mut Vec<Return>,
        super_init: &mut Option<Vec<String>>,
    ) {
        walk(body, |node| match tag(node) {
            Tag::Function | Tag::Lambda | Tag::Class => false,
            Tag::Yield => {
                *is_generator = true;
                true
            }
            Tag::Return => {
                returns.push(self.return_kind(node));
                true
            }
            Tag::Call if super_init.is_none() => {
                *super_init = self.super_init_args(node);
                true
            }
            _ => true,
        });
    }

    /// The arguments of `call` after `self` if it is `super().__init__(…)` or `Base.__init__(self, …)`.
    fn super_init_args(&self, call: Node) -> Option<Vec<String>> {
        let f = call.child_by_field_name("function")?;
        let args = call.child_by_field_name("arguments")?;
        let callee = compact(self.text(f));
        if !callee.ends_with(".__init__") {
            return None;
        }
        let mut args: Vec<String> = named_children(args)
            .into_iter()
            .filter(|a| a.kind() != "comment")
            .map(|a| compact(self.text(a)).into_owned())
            .collect();
        let explicit = args.first().is_some_and(|a| a == "self");
        if callee != "super().__init__" && !explicit {
            return None;
        }
        if explicit {
            args.remove(0);
        }
        Some(args)
    }

    fn splat_name(&self, n: Node) -> &'s str {
        n.named_child(0).map(|c| self.text(c)).unwrap_or("")
    }

    fn return_kind(&self, ret: Node) -> Return {
        let keyword = ret.child(0).map(span).unwrap_or_else(|| span(ret));
        let kind = match ret.named_child(0) {
            None => ReturnKind::Nothing,
            Some(value) => match value.kind() {
                "none" => ReturnKind::Nothing,
                "list" | "list_comprehension" | "tuple" => ReturnKind::List,
                "call" => {
                    let callee = value
                        .child_by_field_name("function")
                        .map(|f| self.text(f))
                        .unwrap_or("");
                    if callee.starts_with("self.create_") && callee.ends_with("_message") {
                        ReturnKind::SingleMessage
                    } else {
                        ReturnKind::Other
                    }
                }
                _ => ReturnKind::Other,
            },
        };
        Return { kind, keyword }
    }

    fn assignment(&mut self, node: Node) {
        let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
            return;
        };
        if !matches!(left.kind(), "identifier" | "attribute") {
            return;
        }
        let target = compact(self.text(left)).into_owned();
        let value = compact(self.text(right));
        if tag(right) == Tag::Call && self.is_session_factory(right) {
            self.sessions.push(target);
        } else if self.credential_names.iter().any(|n| *n == value) {
            self.credential_names.push(target);
        } else if self.param_names.iter().any(|n| *n == value) {
            self.param_names.push(target);
        }
    }

    fn with_item(&mut self, node: Node) {
        let Some(value) = node.child_by_field_name("value") else {
            return;
        };
        if value.kind() != "as_pattern" {
            return;
        }
        let (Some(expr), Some(alias)) = (value.named_child(0), value.child_by_field_name("alias")) else {
            return;
        };
        if expr.kind() == "call" && self.is_session_factory(expr) {
            let name = self.text(alias).to_string();
            self.sessions.push(name);
        }
    }

    fn is_session_factory(&self, call: Node) -> bool {
        let Some(f) = call.child_by_field_name("function") else {
            return false;
        };
        matches!(
            self.resolve_callee(self.text(f)).as_deref(),
            Some("requests.Session" | "requests.session" | "requests.sessions.Session")
        )
    }

    /// The dotted name a callee refers to after following imports (`get` → `requests.get`).
    fn resolve_callee(&self, callee: &str) -> Option<String> {
        let (head, rest) = match callee.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (callee, None),
        };
        let import = self.facts.import(head).or_else(|| {
            self.facts.imports.iter().find(|i| {
                i.name.is_none()
                    && callee
                        .strip_prefix(i.local.as_str())
                        .is_some_and(|r| r.starts_with('.'))
            })
        })?;
        let base = match &import.name {
            Some(name) => format!("{}.{}", import.module, name),
            None if import.local == import.module => return Some(callee.to_string()),
            None => import.module.clone(),
        };
        Some(match rest {
            Some(r) => format!("{base}.{r}"),
            None => base,
        })
    }

    /// Reads, calls and strings, from the nodes the walk kept (see [`Self::collect`]).
    fn scan_expressions(&mut self, nodes: &[(Tag, Node)], written: &std::collections::HashSet<usize>) {
        // Strings already looked at with their parent as context. A string's context comes from its
        // parent, seen first in document order: `Node::parent` walks down from the root each time,
        // which made a 20,000-term `"x" + "x" + …` chain quadratic.
        let mut seen_strings = std::collections::HashSet::new();
        for &(tag, node) in nodes {
            match tag {
                Tag::Subscript if !written.contains(&node.id()) => self.subscript(node),
                Tag::Call => self.call(node),
                Tag::Assignment | Tag::Named => {
                    let mut cursor = node.walk();
                    for child in node
                        .named_children(&mut cursor)
                        .filter(|c| self::tag(*c) == Tag::String)
                    {
                        seen_strings.insert(child.id());
                        self.string(child, Some(node));
                    }
                }
                Tag::String if !seen_strings.contains(&node.id()) => self.string(node, None),
                Tag::For | Tag::Splat => {
                    let target = if tag == Tag::For {
                        node.child_by_field_name("right")
                    } else {
                        node.named_child(0)
                    };
                    if let Some(t) = target {
                        let t = compact(self.text(t));
                        let base = t.split('.').next().unwrap_or("");
                        if self.param_names.iter().any(|p| *p == t || *p == base) || t.starts_with("tool_parameters") {
                            self.facts.dynamic_param_access = true;
                        }
                    }
                }
                _ => {}
            }
        }
        self.facts.param_reads.sort_by_key(|r| r.span.start);
        self.facts.credential_reads.sort_by_key(|r| r.span.start);
        self.facts.http_calls.sort_by_key(|c| c.span.start);
        self.facts.variable_names.sort_by_key(|v| v.1.start);
        self.facts.strings.sort_by_key(|s| s.span);
    }

    fn source_of(&self, object: Node) -> Option<bool> {
        let t = compact(self.text(object));
        if self.param_names.iter().any(|n| *n == t) {
            Some(true)
        } else if self.credential_names.iter().any(|n| *n == t) {
            Some(false)
        } else {
            None
        }
    }

    fn record_read(&mut self, is_param: bool, key_node: Node, kind: ReadKind) {
        match string_value(key_node, self.src) {
            Some(key) => {
                let guarded = kind == ReadKind::Subscript && self.guarded(key_node, &key, is_param);
                let read = KeyRead {
                    key,
                    span: span(key_node),
                    kind,
                    guarded,
                };
                if is_param {
                    self.facts.param_reads.push(read)
                } else {
                    self.facts.credential_reads.push(read)
                }
            }
            None if is_param => self.facts.dynamic_param_access = true,
            None => {}
        }
    }

    /// Whether a subscript read of `key` is protected by the code around it (see
    /// [`KeyRead::guarded`]). Either polarity of a check counts (`in` or `not in`): the rule
    /// that uses this is advice, and a checked key is almost always handled.
    fn guarded(&self, read: Node, key: &str, is_param: bool) -> bool {
        let mut child = read;
        while let Some(parent) = child.parent() {
            let guards =
                |cond: Option<Node>| cond.is_some_and(|c| c.id() != child.id() && self.checks_key(c, key, is_param));
            let hit = match parent.kind() {
                "function_definition" | "lambda" | "class_definition" => return false,
                "if_statement" | "elif_clause" | "while_statement" => guards(parent.child_by_field_name("condition")),
                // `a if cond else b`
                "conditional_expression" => guards(parent.named_child(1)),
                // `p.get("x") and p["x"]`
                "boolean_operator" => guards(parent.child_by_field_name("left")),
                "try_statement" => {
                    parent.child_by_field_name("body").is_some_and(|b| b.id() == child.id())
                        && named_children(parent).into_iter().any(|c| self.catches_key_error(c))
                }
                // An earlier `if "x" not in p: return`, or `p["x"] = …`, in the same block.
                "block" | "module" => named_children(parent)
                    .into_iter()
                    .take_while(|s| s.id() != child.id())
                    .any(|s| {
                        self.stores_key(s, key, is_param)
                            || s.kind() == "if_statement"
                                && s.child_by_field_name("condition")
                                    .is_some_and(|c| self.checks_key(c, key, is_param))
                                && s.child_by_field_name("consequence")
                                    .and_then(|b| named_children(b).into_iter().last())
                                    .is_some_and(|last| {
                                        matches!(
                                            last.kind(),
                                            "return_statement"
                                                | "raise_statement"
                                                | "continue_statement"
                                                | "break_statement"
                                        )
                                    })
                    }),
                _ => false,
            };
            if hit {
                return true;
            }
            child = parent;
        }
        false
    }

    /// Whether an expression checks `key` on the parameters (or credentials): `"x" in p`,
    /// `"x" not in p`, or any use of `p.get("x")`.
    fn checks_key(&self, cond: Node, key: &str, is_param: bool) -> bool {
        let mut found = false;
        walk(cond, |n| {
            if found {
                return false;
            }
            match n.kind() {
                "call" => {
                    if let Some(f) = n.child_by_field_name("function")
                        && f.kind() == "attribute"
                        && f.child_by_field_name("attribute")
                            .is_some_and(|a| self.text(a) == "get")
                        && f.child_by_field_name("object").and_then(|o| self.source_of(o)) == Some(is_param)
                        && n.child_by_field_name("arguments")
                            .and_then(|a| a.named_child(0))
                            .and_then(|k| string_value(k, self.src))
                            .is_some_and(|k| k == key)
                    {
                        found = true;
                    }
                }
                "comparison_operator" => {
                    let parts = named_children(n);
                    let has_in = {
                        let mut c = n.walk();
                        n.children(&mut c).any(|op| matches!(op.kind(), "in" | "not in"))
                    };
                    if has_in
                        && parts
                            .iter()
                            .any(|p| string_value(*p, self.src).is_some_and(|k| k == key))
                        && parts.iter().any(|p| self.source_of(*p) == Some(is_param))
                    {
                        found = true;
                    }
                }
                _ => {}
            }
            !found
        });
        found
    }

    /// Whether a statement is `p["x"] = …` (or `p.setdefault("x", …)`), after which the key exists.
    fn stores_key(&self, stmt: Node, key: &str, is_param: bool) -> bool {
        if stmt.kind() != "expression_statement" {
            return false;
        }
        named_children(stmt).into_iter().any(|e| {
            let target = match e.kind() {
                "assignment" => e.child_by_field_name("left").filter(|l| l.kind() == "subscript"),
                "call" => {
                    let f = e.child_by_field_name("function").filter(|f| f.kind() == "attribute");
                    let is_setdefault = f
                        .and_then(|f| f.child_by_field_name("attribute"))
                        .is_some_and(|a| self.text(a) == "setdefault");
                    return is_setdefault
                        && f.and_then(|f| f.child_by_field_name("object"))
                            .and_then(|o| self.source_of(o))
                            == Some(is_param)
                        && e.child_by_field_name("arguments")
                            .and_then(|a| a.named_child(0))
                            .and_then(|k| string_value(k, self.src))
                            .is_some_and(|k| k == key);
                }
                _ => None,
            };
            target.is_some_and(|t| {
                t.child_by_field_name("value").and_then(|v| self.source_of(v)) == Some(is_param)
                    && t.child_by_field_name("subscript")
                        .and_then(|k| string_value(k, self.src))
                        .is_some_and(|k| k == key)
            })
        })
    }

    /// An `except` clause that catches `KeyError` (bare, or a class it derives from).
    fn catches_key_error(&self, clause: Node) -> bool {
        if !matches!(clause.kind(), "except_clause" | "except_group_clause") {
            return false;
        }
        let types: Vec<Node> = named_children(clause)
            .into_iter()
            .filter(|c| c.kind() != "block")
            .collect();
        types.is_empty()
            || types.iter().any(|t| {
                self.text(*t)
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| matches!(w, "KeyError" | "LookupError" | "Exception" | "BaseException"))
            })
    }

    fn subscript(&mut self, node: Node) {
        let (Some(value), Some(index)) = (node.child_by_field_name("value"), node.child_by_field_name("subscript"))
        else {
            return;
        };
        if let Some(is_param) = self.source_of(value) {
            self.record_read(is_param, index, ReadKind::Subscript);
        }
    }

    fn call(&mut self, node: Node) {
        let Some(function) = node.child_by_field_name("function") else {
            return;
        };
        let args = node.child_by_field_name("arguments");
        let callee = compact(self.text(function));
        if function.kind() == "attribute" {
            let attr = function
                .child_by_field_name("attribute")
                .map(|a| self.text(a))
                .unwrap_or("");
            let object = function.child_by_field_name("object");
            if attr == "get"
                && let (Some(object), Some(first)) = (object, args.and_then(|a| a.named_child(0)))
                && let Some(is_param) = self.source_of(object)
            {
                self.record_read(is_param, first, ReadKind::Get);
            }
            if callee.starts_with("self.")
                && (attr == "create_variable_message" || attr == "create_stream_variable_message")
                && let Some(first) = args.and_then(|a| a.named_child(0))
                && let Some(name) = string_value(first, self.src)
            {
                self.facts.variable_names.push((name, span(first)));
            }
        }
        let Some(args) = args.filter(|a| a.kind() == "argument_list") else {
            return;
        };
        // Parameters handed to a helper may be read there.
        let mut c = args.walk();
        if args
            .named_children(&mut c)
            .any(|a| self.param_names.iter().any(|p| *p == self.text(a)))
        {
            self.facts.dynamic_param_access = true;
        }
        let is_http = match callee.rsplit_once('.') {
            Some((object, method)) if HTTP_METHODS.contains(&method) && self.sessions.iter().any(|s| *s == object) => {
                true
            }
            _ => match self.resolve_callee(&callee) {
                Some(full) => match full.strip_prefix("requests.") {
                    Some(rest) => {
                        HTTP_METHODS.contains(&rest)
                            || rest.strip_prefix("api.").is_some_and(|m| HTTP_METHODS.contains(&m))
                    }
                    None => full == "urllib.request.urlopen",
                },
                None => false,
            },
        };
        if !is_http {
            return;
        }
        let mut cursor = args.walk();
        let arguments = args
            .named_children(&mut cursor)
            .filter_map(|arg| match arg.kind() {
                "keyword_argument" => Some(Argument::Keyword {
                    name: arg
                        .child_by_field_name("name")
                        .map(|n| self.text(n))
                        .unwrap_or("")
                        .to_string(),
                    value: arg.child_by_field_name("value").map_or(Span::default(), span),
                }),
                "dictionary_splat" => Some(Argument::KeywordSplat),
                "comment" => None,
                _ => Some(Argument::Positional),
            })
            .collect();
        self.facts.http_calls.push(HttpCall {
            callee: callee.into_owned(),
            span: span(node),
            args: span(args),
            arguments,
        });
    }

    /// Records a string literal; `parent` is the assignment, keyword argument or dictionary pair
    /// it is the direct child of, which names it.
    fn string(&mut self, node: Node, parent: Option<Node>) {
        let Some(value) = string_value(node, self.src) else {
            return;
        };
        let name = parent.and_then(|p| match p.kind() {
            "assignment" => p
                .child_by_field_name("left")
                .filter(|l| l.end_byte() <= node.start_byte())
                .map(span),
            "keyword_argument" => p.child_by_field_name("name").map(span),
            "pair" => p
                .child_by_field_name("key")
                .filter(|k| k.id() != node.id())
                .and_then(|k| string_value(k, self.src).map(|_| span(k))),
            _ => None,
        });
        self.facts.strings.push(StringLiteral {
            span: span(node),
            value,
            name,
        });
    }
}

/// See [`Import::guarded`].
fn import_guarded(stmt: Node, src: &str) -> bool {
    let mut child = stmt;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "if_statement" => {
                let cond = parent
                    .child_by_field_name("condition")
                    .map(|c| python::text(c, src).replace(char::is_whitespace, ""))
                    .unwrap_or_default();
                let in_body = parent
                    .child_by_field_name("consequence")
                    .is_some_and(|b| b.id() == child.id());
                if in_body && (cond == "TYPE_CHECKING" || cond.ends_with(".TYPE_CHECKING")) {
                    return true;
                }
            }
            "try_statement" => {
                let in_body = parent.child_by_field_name("body").is_some_and(|b| b.id() == child.id());
                let catches = named_children(parent).into_iter().any(|c| {
                    if !matches!(c.kind(), "except_clause" | "except_group_clause") {
                        return false;
                    }
                    let types: Vec<Node> = named_children(c).into_iter().filter(|t| t.kind() != "block").collect();
                    types.is_empty()
                        || types.iter().any(|t| {
                            python::text(*t, src)
                                .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                                .any(|w| {
                                    matches!(w, "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException")
                                })
                        })
                });
                if in_body && catches {
                    return true;
                }
            }
            _ => {}
        }
        child = parent;
    }
    false
}

fn named_children(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

/// What the collector does with a node, looked up by kind id: `Node::kind` costs a `strlen`
/// and a UTF-8 check per call, which asked of every node was a few percent of `check`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Other,
    Import,
    ImportFrom,
    Class,
    Function,
    Lambda,
    Assignment,
    WithItem,
    Subscript,
    Call,
    /// A keyword argument or a dictionary pair: it names the string it holds.
    Named,
    String,
    For,
    /// `*x` or `**x` in a call or a literal.
    Splat,
    Yield,
    Return,
}

fn tag_of_kind(kind: &str) -> Tag {
    match kind {
        "import_statement" => Tag::Import,
        "import_from_statement" => Tag::ImportFrom,
        "class_definition" => Tag::Class,
        "function_definition" => Tag::Function,
        "lambda" => Tag::Lambda,
        "assignment" => Tag::Assignment,
        "with_item" => Tag::WithItem,
        "subscript" => Tag::Subscript,
        "call" => Tag::Call,
        "keyword_argument" | "pair" => Tag::Named,
        "string" => Tag::String,
        "for_statement" => Tag::For,
        "dictionary_splat" | "list_splat" => Tag::Splat,
        "yield" => Tag::Yield,
        "return_statement" => Tag::Return,
        _ => Tag::Other,
    }
}

/// Every kind id's tag, by the kind's name (as `Node::kind` would give it: aliases included).
static TAGS: std::sync::LazyLock<Vec<Tag>> = std::sync::LazyLock::new(|| {
    let language = python::language();
    (0..language.node_kind_count())
        .map(|id| language.node_kind_for_id(id as u16).map_or(Tag::Other, tag_of_kind))
        .collect()
});

fn tag(node: Node) -> Tag {
    TAGS.get(usize::from(node.kind_id())).copied().unwrap_or(Tag::Other)
}

/// `text` without whitespace, allocating only when it has some.
fn compact(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(char::is_whitespace) {
        std::borrow::Cow::Owned(text.replace(char::is_whitespace, ""))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Visits `root` and its descendants in document order without allocating; `visit` returns
/// false to skip a node's children.
fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = root.walk();
    'next: loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'next;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_classes_methods_and_reads() {
        let src = r#"
from collections.abc import Generator
from dify_plugin import Tool
import requests as rq
from requests import post

class A(Tool):
    def _invoke(self, tool_parameters: dict, *, extra=None) -> Generator:
        q = tool_parameters["query"]
        n = tool_parameters.get("limit", 3)
        key = self.runtime.credentials["api_key"]
        creds = self.runtime.credentials
        creds.get("region")
        rq.get("https://x", timeout=5)
        post("https://x")
        s = rq.Session()
        s.put("https://x", timeout=None)
        yield self.create_variable_message("json", 1)
        def inner():
            return 1
"#;
        let m = PyModule::parse(src);
        assert!(m.syntax_error.is_none());
        let f = &m.facts;
        let a = f.class("A").unwrap();
        assert_eq!(a.bases[0].0, "Tool");
        let inv = a.method("_invoke").unwrap();
        assert!(inv.is_generator);
        assert!(inv.returns.is_empty(), "nested returns are not the method's");
        assert_eq!(inv.args()[1].kind, ParamKind::KeywordOnly);
        let keys: Vec<_> = f.param_reads.iter().map(|r| (r.key.as_str(), r.kind)).collect();
        assert_eq!(keys, [("query", ReadKind::Subscript), ("limit", ReadKind::Get)]);
        let creds: Vec<_> = f.credential_reads.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(creds, ["api_key", "region"]);
        let calls: Vec<_> = f.http_calls.iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(calls, ["rq.get", "post", "s.put"]);
        let keywords = |c: &HttpCall| -> Vec<(String, String)> {
            c.arguments
                .iter()
                .filter_map(|a| match a {
                    Argument::Keyword { name, value } => Some((name.clone(), src[value.start..value.end].to_string())),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(keywords(&f.http_calls[0]), [("timeout".to_string(), "5".to_string())]);
        assert_eq!(f.http_calls[1].arguments, [Argument::Positional]);
        assert_eq!(
            keywords(&f.http_calls[2]),
            [("timeout".to_string(), "None".to_string())]
        );
        assert_eq!(f.variable_names[0].0, "json");
    }

    #[test]
    fn signatures_bind_like_python() {
        let m = PyModule::parse("class T:\n    def _invoke(self, user_id, tool_parameters):\n        pass\n");
        let inv = m.facts.classes[0].method("_invoke").unwrap();
        assert!(inv.accepts_keywords(&["user_id", "tool_parameters"]).is_ok());
        assert!(inv.accepts_keywords(&["user_id", "tool_parameters", "app_id"]).is_err());
        assert!(inv.accepts_positional(1).is_err());
        let m = PyModule::parse("class T:\n    def _invoke(self, tool_parameters, **kwargs):\n        pass\n");
        let inv = m.facts.classes[0].method("_invoke").unwrap();
        assert!(
            inv.accepts_keywords(&["user_id", "tool_parameters", "app_id"]).is_ok(),
            "**kwargs takes the rest"
        );
    }
    /// The facts come from one walk with reads and calls read after it: a session or an alias
    /// bound below its use (in a later method) still counts, and a write is not a read.
    #[test]
    fn reads_and_calls_see_names_bound_later_in_the_file() {
        let src = r#"
import requests

class T(Tool):
    def _invoke(self, tool_parameters):
        self.session.get("https://x")
        tool_parameters["written"] = 1
        return tool_parameters["read"]

    def __init__(self, *args):
        super().__init__(self, *args)
        self.session = requests.Session()

class U(Base):
    def __init__(self, a):
        other.__init__(a)
        Base.__init__(self, a, b)
        super().__init__()
"#;
        let m = PyModule::parse(src);
        let f = &m.facts;
        let calls: Vec<_> = f.http_calls.iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(calls, ["self.session.get"]);
        let keys: Vec<_> = f.param_reads.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["read"]);
        let init = |class: &str| f.class(class).unwrap().method("__init__").unwrap().super_init.clone();
        assert_eq!(
            init("T"),
            Some(vec!["*args".to_string()]),
            "`self` passed explicitly is dropped"
        );
        assert_eq!(
            init("U"),
            Some(vec!["a".to_string(), "b".to_string()]),
            "the first `__init__` call with `self` wins; others are skipped"
        );
    }
}
