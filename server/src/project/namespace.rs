//! The module namespace the loaders see: what `vars(module)` holds after the module has been
//! imported (spec §4.7, `load_single_subclass_from_source`), read statically. Nothing is run.
//!
//! The model, statement by statement at module level only:
//!
//! * imports, `class`, `def` and assignments to plain names bind; `del` unbinds;
//! * function and class bodies never bind module names (an import inside a method is local);
//! * `try`: the body (and `else`, `finally`) binds; an `except` handler binds only names the body
//!   did not bind, because on success the handler does not run (so
//!   `try: from dify_plugin import Tool` / `except ImportError: class Tool: ...` leaves the SDK's
//!   `Tool`);
//! * `if TYPE_CHECKING:` never runs (and `if not TYPE_CHECKING:` always does);
//! * any other `if`/`elif`/`else`, loop or `match`: each branch may run. A name then holds every
//!   value it may hold (the union over the branches) and is *certain* only when every path binds
//!   it. So a name bound in both branches of an `if` is certain, with both values possible.
//!
//! Rules that count classes use both bounds: "at least one" holds when some path binds one, and
//! "more than one" only when every path binds more than one (they report what always fails).

use super::python::PyFacts;
use crate::syntax::{Span, python};
use tree_sitter::Node;

/// What a module-level name may be bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// A class defined by a module-level `class` statement: an index into [`PyFacts::classes`].
    Class(usize),
    /// A name bound by an import: an index into [`PyFacts::imports`].
    Import(usize),
    /// `X = a.b.C`: a dotted name, resolved like a base-class expression.
    Dotted(String),
    /// Anything else: a function, a computed value.
    Other,
}

/// One possible value of a name, and the statement that binds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bound {
    pub(crate) value: Value,
    pub(crate) span: Span,
}

/// The possible values of one name after import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) values: Vec<Bound>,
    /// Bound on every path through the module (otherwise it may be missing).
    pub(crate) certain: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Namespace {
    /// Names in the order they were first bound.
    names: Vec<(String, Slot)>,
    /// Modules imported with `from m import *`, and where: their public names are bound too.
    pub(crate) star_imports: Vec<(String, Span)>,
    /// For each module-level class (index into [`PyFacts::classes`]), the bindings of the names
    /// its base expressions start with, when the `class` statement ran: a base may be `del`eted
    /// or rebound afterwards.
    base_env: Vec<(usize, Vec<(String, Slot)>)>,
}

impl Namespace {
    pub(crate) fn build(root: Node, src: &str, facts: &PyFacts) -> Namespace {
        let mut b = Builder {
            src,
            facts,
            star: Vec::new(),
            base_env: Vec::new(),
        };
        let mut st = State::default();
        b.block(root, &mut st);
        Namespace {
            names: st.0,
            star_imports: b.star,
            base_env: b.base_env,
        }
    }

    /// What `name` held when the module-level class `class` (an index into
    /// [`PyFacts::classes`]) was defined, if it is a head of one of its bases.
    pub(crate) fn at_class(&self, class: usize, name: &str) -> Option<&Slot> {
        let (_, env) = self.base_env.iter().find(|(c, _)| *c == class)?;
        env.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Slot> {
        self.names.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Slot)> {
        self.names.iter().map(|(n, s)| (n.as_str(), s))
    }
}

#[derive(Clone, Default, PartialEq)]
struct State(Vec<(String, Slot)>);

impl State {
    fn get(&self, name: &str) -> Option<&Slot> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    fn set(&mut self, name: &str, slot: Slot) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some((_, s)) => *s = slot,
            None => self.0.push((name.to_string(), slot)),
        }
    }

    fn bind(&mut self, name: &str, value: Value, span: Span) {
        self.set(
            name,
            Slot {
                values: vec![Bound { value, span }],
                certain: true,
            },
        );
    }

    fn unbind(&mut self, name: &str) {
        self.0.retain(|(n, _)| n != name);
    }

    /// The state after one of several paths: every value any path gives, certain only where
    /// every path binds the name.
    fn join(paths: &[State]) -> State {
        let mut out = State::default();
        for path in paths {
            for (name, _) in &path.0 {
                if out.get(name).is_none() {
                    out.set(name, join_slots(paths.iter().map(|p| p.get(name))));
                }
            }
        }
        out
    }
}

fn join_slots<'a>(slots: impl Iterator<Item = Option<&'a Slot>>) -> Slot {
    let mut out = Slot {
        values: Vec::new(),
        certain: true,
    };
    for slot in slots {
        match slot {
            Some(s) => {
                out.certain &= s.certain;
                for v in &s.values {
                    if !out.values.contains(v) {
                        out.values.push(v.clone());
                    }
                }
            }
            None => out.certain = false,
        }
    }
    out
}

struct Builder<'a> {
    src: &'a str,
    facts: &'a PyFacts,
    star: Vec<(String, Span)>,
    base_env: Vec<(usize, Vec<(String, Slot)>)>,
}

fn span(n: Node) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

/// The statements of a block, or of the module.
fn statements(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

/// The `block` child of a clause that has no field name for it (`except`, `finally`, `case`).
fn block_of(n: Node) -> Option<Node> {
    n.child_by_field_name("body")
        .or_else(|| n.child_by_field_name("consequence"))
        .or_else(|| statements(n).into_iter().find(|c| c.kind() == "block"))
}

/// What an `if` condition says about running its branch.
enum Runs {
    Never,
    Always,
    Maybe,
}

impl<'a> Builder<'a> {
    fn text(&self, n: Node) -> &'a str {
        python::text(n, self.src)
    }

    fn block(&mut self, n: Node, st: &mut State) {
        for s in statements(n) {
            self.statement(s, st);
        }
    }

    fn statement(&mut self, n: Node, st: &mut State) {
        match n.kind() {
            "import_statement" => self.import(n, st),
            "import_from_statement" => self.import_from(n, st),
            "class_definition" => {
                let Some(name) = n.child_by_field_name("name") else {
                    return;
                };
                let at = span(name);
                if let Some(i) = self.facts.classes.iter().position(|c| c.name_span == at) {
                    let env = self.facts.classes[i]
                        .bases
                        .iter()
                        .filter_map(|(b, _)| {
                            let head = b.split('.').next().unwrap_or(b);
                            st.get(head).map(|slot| (head.to_string(), slot.clone()))
                        })
                        .collect();
                    self.base_env.push((i, env));
                    st.bind(self.text(name), Value::Class(i), at);
                }
            }
            "function_definition" => {
                if let Some(name) = n.child_by_field_name("name") {
                    st.bind(self.text(name), Value::Other, span(name));
                }
            }
            "decorated_definition" => {
                if let Some(d) = n.child_by_field_name("definition") {
                    self.statement(d, st);
                }
            }
            "expression_statement" => {
                for e in statements(n) {
                    if e.kind() == "assignment" {
                        self.assignment(e, st);
                    }
                }
            }
            "delete_statement" => {
                for target in statements(n) {
                    let names = if target.kind() == "identifier" {
                        vec![target]
                    } else {
                        statements(target)
                            .into_iter()
                            .filter(|t| t.kind() == "identifier")
                            .collect()
                    };
                    for t in names {
                        st.unbind(self.text(t));
                    }
                }
            }
            "if_statement" => self.if_statement(n, st),
            "try_statement" => self.try_statement(n, st),
            "with_statement" => {
                self.with_targets(n, st);
                if let Some(b) = n.child_by_field_name("body") {
                    self.block(b, st);
                }
            }
            "for_statement" | "while_statement" => {
                // The body runs zero or more times; `else` runs when the loop ends normally.
                let mut body = st.clone();
                if let Some(left) = n.child_by_field_name("left") {
                    self.bind_targets(left, Value::Other, &mut body);
                }
                if let Some(b) = n.child_by_field_name("body") {
                    self.block(b, &mut body);
                }
                let mut after = State::join(&[st.clone(), body]);
                if let Some(e) = n.child_by_field_name("alternative").and_then(block_of) {
                    self.block(e, &mut after);
                }
                *st = after;
            }
            "match_statement" => {
                let mut paths = vec![st.clone()];
                if let Some(body) = n.child_by_field_name("body") {
                    for case in statements(body).into_iter().filter(|c| c.kind() == "case_clause") {
                        let mut p = st.clone();
                        if let Some(b) = block_of(case) {
                            self.block(b, &mut p);
                        }
                        paths.push(p);
                    }
                }
                *st = State::join(&paths);
            }
            _ => {}
        }
    }

    fn import_index(&self, name_node: Node) -> Option<usize> {
        let at = span(name_node);
        self.facts.imports.iter().position(|i| i.span == at)
    }

    fn import(&mut self, n: Node, st: &mut State) {
        let mut c = n.walk();
        for child in n.children_by_field_name("name", &mut c) {
            let Some(i) = self.import_index(child) else { continue };
            let imp = &self.facts.imports[i];
            // `import a.b` binds `a`; `import a.b as c` binds `c`.
            let local = if child.kind() == "aliased_import" {
                imp.local.as_str()
            } else {
                imp.local.split('.').next().unwrap_or(&imp.local)
            };
            st.bind(local, Value::Import(i), span(child));
        }
    }

    fn import_from(&mut self, n: Node, st: &mut State) {
        let mut c = n.walk();
        if n.named_children(&mut c).any(|ch| ch.kind() == "wildcard_import") {
            if let Some(m) = n.child_by_field_name("module_name") {
                self.star.push((self.text(m).replace(char::is_whitespace, ""), span(n)));
            }
            return;
        }
        let mut c = n.walk();
        for child in n.children_by_field_name("name", &mut c) {
            if let Some(i) = self.import_index(child) {
                let local = self.facts.imports[i].local.clone();
                st.bind(&local, Value::Import(i), span(child));
            }
        }
    }

    fn assignment(&mut self, n: Node, st: &mut State) {
        let Some(left) = n.child_by_field_name("left") else {
            return;
        };
        let Some(right) = n.child_by_field_name("right") else {
            return; // `x: int` annotates without binding.
        };
        // `a = b = C`: every target gets the innermost value.
        let mut value_node = right;
        let mut targets = vec![left];
        while value_node.kind() == "assignment" {
            targets.extend(value_node.child_by_field_name("left"));
            match value_node.child_by_field_name("right") {
                Some(r) => value_node = r,
                None => return,
            }
        }
        let values: Vec<Bound> = match value_node.kind() {
            // `Alias = Name` holds the very object `Name` holds.
            "identifier" => match st.get(self.text(value_node)) {
                Some(slot) => slot.values.clone(),
                None => vec![Bound {
                    value: Value::Other,
                    span: span(value_node),
                }],
            },
            "attribute" => vec![Bound {
                value: Value::Dotted(self.text(value_node).replace(char::is_whitespace, "")),
                span: span(value_node),
            }],
            _ => vec![Bound {
                value: Value::Other,
                span: span(value_node),
            }],
        };
        for t in targets {
            if t.kind() == "identifier" {
                // The same objects, bound here.
                let values = values
                    .iter()
                    .map(|b| Bound {
                        value: b.value.clone(),
                        span: span(t),
                    })
                    .collect();
                st.set(self.text(t), Slot { values, certain: true });
            } else {
                self.bind_targets(t, Value::Other, st);
            }
        }
    }

    /// Binds every plain name in an assignment or loop target (`a`, `a, b`, `[a, *b]`).
    fn bind_targets(&self, t: Node, value: Value, st: &mut State) {
        match t.kind() {
            "identifier" => st.bind(self.text(t), value, span(t)),
            "pattern_list" | "tuple_pattern" | "list_pattern" | "list_splat_pattern" => {
                for c in statements(t) {
                    self.bind_targets(c, value.clone(), st);
                }
            }
            _ => {}
        }
    }

    fn with_targets(&self, n: Node, st: &mut State) {
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if x.kind() == "block" {
                continue;
            }
            if x.kind() == "as_pattern"
                && let Some(alias) = x.child_by_field_name("alias")
            {
                for t in statements(alias) {
                    self.bind_targets(t, Value::Other, st);
                }
                if alias.kind() == "identifier" {
                    self.bind_targets(alias, Value::Other, st);
                }
            }
            stack.extend(statements(x));
        }
    }

    fn runs(&self, cond: Node) -> Runs {
        let text = self.text(cond).replace(char::is_whitespace, "");
        let is_tc = |t: &str| t == "TYPE_CHECKING" || t.ends_with(".TYPE_CHECKING");
        if is_tc(&text) || text == "False" || text == "0" {
            Runs::Never
        } else if text.strip_prefix("not").is_some_and(is_tc) || text == "True" {
            Runs::Always
        } else {
            Runs::Maybe
        }
    }

    fn if_statement(&mut self, n: Node, st: &mut State) {
        // The chain of (condition, block); `else` has no condition.
        let mut clauses: Vec<(Option<Node>, Option<Node>)> =
            vec![(n.child_by_field_name("condition"), n.child_by_field_name("consequence"))];
        let mut c = n.walk();
        for alt in n.children_by_field_name("alternative", &mut c) {
            match alt.kind() {
                "elif_clause" => clauses.push((
                    alt.child_by_field_name("condition"),
                    alt.child_by_field_name("consequence"),
                )),
                _ => clauses.push((None, block_of(alt))),
            }
        }
        let mut paths = Vec::new();
        let mut falls_through = true;
        for (cond, body) in clauses {
            let runs = cond.map_or(Runs::Always, |c| self.runs(c));
            if matches!(runs, Runs::Never) {
                continue;
            }
            let mut p = st.clone();
            if let Some(b) = body {
                self.block(b, &mut p);
            }
            paths.push(p);
            if matches!(runs, Runs::Always) {
                falls_through = false;
                break;
            }
        }
        if falls_through {
            paths.push(st.clone());
        }
        *st = State::join(&paths);
    }

    fn try_statement(&mut self, n: Node, st: &mut State) {
        let before = st.clone();
        let mut after = st.clone();
        if let Some(b) = n.child_by_field_name("body") {
            self.block(b, &mut after);
        }
        let bound_by_try: Vec<String> = after
            .0
            .iter()
            .filter(|(name, slot)| before.get(name) != Some(slot))
            .map(|(name, _)| name.clone())
            .collect();
        let mut finally = None;
        let mut handlers = Vec::new();
        for clause in statements(n) {
            match clause.kind() {
                "else_clause" => {
                    if let Some(b) = block_of(clause) {
                        self.block(b, &mut after);
                    }
                }
                "except_clause" | "except_group_clause" => handlers.push(clause),
                "finally_clause" => finally = block_of(clause),
                _ => {}
            }
        }
        for h in handlers {
            let mut p = before.clone();
            if let Some(b) = block_of(h) {
                self.block(b, &mut p);
            }
            // Only names the try body did not bind; those may or may not be bound afterwards.
            for (name, slot) in &p.0 {
                if bound_by_try.contains(name) || before.get(name) == Some(slot) {
                    continue;
                }
                let joined = join_slots([after.get(name), Some(slot)].into_iter());
                after.set(name, joined);
            }
        }
        if let Some(b) = finally {
            self.block(b, &mut after);
        }
        *st = after;
    }
}

#[cfg(test)]
mod tests {
    use crate::project::python::PyModule;

    use super::*;

    fn ns(src: &str) -> (PyModule, Vec<(String, Vec<String>, bool)>) {
        let m = PyModule::parse(src);
        let out = m
            .namespace
            .iter()
            .map(|(n, s)| {
                let vals = s
                    .values
                    .iter()
                    .map(|b| match &b.value {
                        Value::Class(i) => format!("class {}", m.facts.classes[*i].name),
                        Value::Import(i) => {
                            let imp = &m.facts.imports[*i];
                            format!("import {}:{}", imp.module, imp.name.as_deref().unwrap_or("*"))
                        }
                        Value::Dotted(d) => format!("dotted {d}"),
                        Value::Other => "other".into(),
                    })
                    .collect();
                (n.to_string(), vals, s.certain)
            })
            .collect();
        (m, out)
    }

    fn get<'a>(v: &'a [(String, Vec<String>, bool)], name: &str) -> Option<(&'a [String], bool)> {
        v.iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, vals, c)| (vals.as_slice(), *c))
    }

    #[test]
    fn try_binds_and_except_only_fills_gaps() {
        let (_, v) = ns(
            "try:\n    from dify_plugin import Tool\nexcept Exception:\n    class Tool:\n        pass\n    class Extra:\n        pass\n",
        );
        assert_eq!(
            get(&v, "Tool"),
            Some((&["import dify_plugin:Tool".to_string()][..], true))
        );
        assert_eq!(
            get(&v, "Extra").map(|(_, c)| c),
            Some(false),
            "bound only when the import fails"
        );
    }

    #[test]
    fn type_checking_never_runs_and_bodies_do_not_bind() {
        let (_, v) = ns(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .base import Base\nelse:\n    Base = object\nclass A:\n    def f(self):\n        from .other import Other\n        class Inner: pass\n",
        );
        assert_eq!(get(&v, "Base"), Some((&["other".to_string()][..], true)));
        assert!(get(&v, "Other").is_none());
        assert!(get(&v, "Inner").is_none());
        assert!(get(&v, "f").is_none());
    }

    #[test]
    fn if_branches_are_both_possible() {
        let (_, v) = ns(
            "import sys\nif sys.version_info > (3, 12):\n    class A: pass\nelse:\n    class A: pass\n    class B: pass\n",
        );
        let (a, certain) = get(&v, "A").unwrap();
        assert_eq!(a.len(), 2);
        assert!(certain, "bound on both paths");
        assert_eq!(get(&v, "B").map(|(_, c)| c), Some(false));
    }

    #[test]
    fn del_aliases_and_dotted_imports() {
        let (_, v) = ns(
            "import dify_plugin.interfaces.tool\nimport dify_plugin as dp\nfrom .base import Base\nT = dp.Tool\nB2 = Base\ndel Base\n",
        );
        assert!(get(&v, "Base").is_none());
        assert_eq!(get(&v, "B2").unwrap().0, ["import .base:Base".to_string()]);
        assert_eq!(get(&v, "T").unwrap().0, ["dotted dp.Tool".to_string()]);
        assert_eq!(
            get(&v, "dify_plugin").unwrap().0,
            ["import dify_plugin.interfaces.tool:*".to_string()]
        );
    }
}
