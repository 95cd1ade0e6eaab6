//! YAML loading with libyaml, the parser behind PyYAML's C loader and serde_yaml (spec §2: syntax
//! verdicts come only from a libyaml-based loader). One pass over libyaml's events yields both the
//! verdict and a tree of nodes whose spans are libyaml's own byte marks, so schema diagnostics stay
//! precise even where tree-sitter-yaml gives up (multi-line quoted scalars, files over 32,768 lines).
//! Plain scalars are resolved like PyYAML's `SafeLoader` (YAML 1.1: `yes` is a bool, `1e5` a string).

use super::Span;
use std::collections::HashMap;
use std::mem::MaybeUninit;
use unsafe_libyaml as unsafe_yaml;

/// Deeper nesting makes PyYAML's recursive composer fail; it also bounds our own recursion.
pub(crate) const MAX_DEPTH: usize = 256;
/// Bound on nodes produced through aliases ("billion laughs").
const MAX_ALIAS_NODES: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The scalar's content after unquoting and folding.
    pub(crate) text: String,
    pub(crate) style: Style,
    pub(crate) resolved: Resolved,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// What PyYAML's SafeLoader would construct from a scalar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Timestamp,
    Str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub(crate) message: String,
    pub span: Span,
}

/// The outcome of loading one YAML file.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// `None` for an empty document (PyYAML returns `None`) or on error.
    pub root: Option<Node>,
    pub error: Option<YamlError>,
    /// Aliases would expand to more than [`MAX_ALIAS_NODES`] nodes: the ones past the bound are
    /// loaded as nulls. PyYAML loads such a file (it shares the aliased objects), so it is not an
    /// error; the tree is just incomplete.
    pub(crate) aliases_truncated: bool,
}

impl Node {
    pub(crate) fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub(crate) fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a string, when PyYAML would construct a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) if s.resolved == Resolved::Str => Some(&s.text),
            _ => None,
        }
    }

    /// The value as pydantic's lax `bool` reads it (`"yes"`, `1`, `"on"` are true).
    pub(crate) fn as_lax_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar(Scalar {
                resolved: Resolved::Bool(b),
                ..
            }) => Some(*b),
            Value::Scalar(Scalar {
                resolved: Resolved::Int(1),
                ..
            }) => Some(true),
            Value::Scalar(Scalar {
                resolved: Resolved::Int(0),
                ..
            }) => Some(false),
            Value::Scalar(Scalar {
                resolved: Resolved::Str,
                text,
                ..
            }) => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" | "t" | "y" => Some(true),
                "false" | "no" | "off" | "0" | "f" | "n" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Scalar(Scalar {
                resolved: Resolved::Int(i),
                ..
            }) => Some(*i as f64),
            Value::Scalar(Scalar {
                resolved: Resolved::Float(f),
                ..
            }) => Some(*f),
            _ => None,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(
            &self.value,
            Value::Scalar(Scalar {
                resolved: Resolved::Null,
                ..
            })
        )
    }

    /// The scalar's text whatever it resolves to (for messages and lenient comparisons).
    pub(crate) fn text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The last entry with this key: PyYAML keeps the last of duplicated keys.
    pub(crate) fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().rev().find(|e| e.key.as_str() == Some(key))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Follows a path of keys through nested mappings.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// What the loader would call this value's type, for messages.
    pub(crate) fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Map(_) => "a mapping",
            Value::Seq(_) => "a list",
            Value::Scalar(s) => match s.resolved {
                Resolved::Null => "null",
                Resolved::Bool(_) => "a boolean",
                Resolved::Int(_) => "an integer",
                Resolved::Float(_) => "a number",
                Resolved::Timestamp => "a timestamp",
                Resolved::Str => "a string",
            },
        }
    }
}

/// Loads one YAML document the way `yaml.safe_load` does.
pub fn load(text: &str) -> Loaded {
    let mut builder = Builder::default();
    let result = unsafe { run_parser(text.as_bytes(), &mut builder) };
    match result {
        Ok(()) => Loaded {
            root: builder.root,
            error: None,
            aliases_truncated: builder.aliases_truncated,
        },
        Err(error) => Loaded {
            root: None,
            error: Some(error),
            aliases_truncated: builder.aliases_truncated,
        },
    }
}

struct Mark {
    start: usize,
    end: usize,
}

enum Event {
    DocumentStart,
    Scalar {
        anchor: Option<String>,
        tag: Option<String>,
        text: String,
        style: Style,
    },
    Alias(String),
    SeqStart {
        anchor: Option<String>,
    },
    MapStart {
        anchor: Option<String>,
    },
    End,
    Other,
}

unsafe fn run_parser(input: &[u8], builder: &mut Builder) -> Result<(), YamlError> {
    unsafe {
        let mut parser = MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit();
        let parser = parser.as_mut_ptr();
        if unsafe_yaml::yaml_parser_initialize(parser).fail {
            return Err(YamlError {
                message: "libyaml could not allocate a parser".into(),
                span: Span::default(),
            });
        }
        unsafe_yaml::yaml_parser_set_encoding(parser, unsafe_yaml::YAML_UTF8_ENCODING);
        unsafe_yaml::yaml_parser_set_input_string(parser, input.as_ptr(), input.len() as u64);
        let result = loop {
            let mut event = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
            let event = event.as_mut_ptr();
            if unsafe_yaml::yaml_parser_parse(parser, event).fail {
                break Err(parse_error(&*parser, input.len()));
            }
            let done = (*event).type_ == unsafe_yaml::YAML_STREAM_END_EVENT;
            let mark = Mark {
                start: (*event).start_mark.index as usize,
                end: (*event).end_mark.index as usize,
            };
            let converted = convert(&*event);
            unsafe_yaml::yaml_event_delete(event);
            if let Err(e) = builder.push(converted, mark) {
                break Err(e);
            }
            if done {
                break Ok(());
            }
        };
        unsafe_yaml::yaml_parser_delete(parser);
        result
    }
}

unsafe fn parse_error(parser: &unsafe_yaml::yaml_parser_t, len: usize) -> YamlError {
    unsafe {
        let problem = cstr(parser.problem as *const u8).unwrap_or_else(|| "invalid YAML".into());
        let mark = parser.problem_mark;
        let mut message = problem;
        if let Some(context) = cstr(parser.context as *const u8) {
            let c = parser.context_mark;
            message = format!("{message} ({context} at line {} column {})", c.line + 1, c.column + 1);
        }
        let start = (mark.index as usize).min(len);
        YamlError {
            message,
            span: Span::new(start, (start + 1).min(len)),
        }
    }
}

unsafe fn cstr(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    let s = unsafe { std::ffi::CStr::from_ptr(ptr as *const std::ffi::c_char) };
    Some(s.to_string_lossy().into_owned())
}

unsafe fn convert(event: &unsafe_yaml::yaml_event_t) -> Event {
    unsafe {
        match event.type_ {
            unsafe_yaml::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
            unsafe_yaml::YAML_SCALAR_EVENT => {
                let s = &event.data.scalar;
                let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                Event::Scalar {
                    anchor: cstr(s.anchor),
                    tag: cstr(s.tag),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    style: match s.style {
                        unsafe_yaml::YAML_SINGLE_QUOTED_SCALAR_STYLE => Style::SingleQuoted,
                        unsafe_yaml::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::DoubleQuoted,
                        unsafe_yaml::YAML_LITERAL_SCALAR_STYLE => Style::Literal,
                        unsafe_yaml::YAML_FOLDED_SCALAR_STYLE => Style::Folded,
                        _ => Style::Plain,
                    },
                }
            }
            unsafe_yaml::YAML_ALIAS_EVENT => Event::Alias(cstr(event.data.alias.anchor).unwrap_or_default()),
            unsafe_yaml::YAML_SEQUENCE_START_EVENT => Event::SeqStart {
                anchor: cstr(event.data.sequence_start.anchor),
            },
            unsafe_yaml::YAML_MAPPING_START_EVENT => Event::MapStart {
                anchor: cstr(event.data.mapping_start.anchor),
            },
            unsafe_yaml::YAML_SEQUENCE_END_EVENT | unsafe_yaml::YAML_MAPPING_END_EVENT => Event::End,
            _ => Event::Other,
        }
    }
}

enum Open {
    Seq {
        start: usize,
        anchor: Option<String>,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: Option<String>,
        entries: Vec<Entry>,
        key: Option<Node>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<String, Node>,
    root: Option<Node>,
    documents: usize,
    alias_nodes: usize,
    aliases_truncated: bool,
}

impl Builder {
    fn push(&mut self, event: Event, mark: Mark) -> Result<(), YamlError> {
        let err = |message: String| YamlError {
            message,
            span: Span::new(mark.start, mark.end.max(mark.start + 1)),
        };
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(err(
                        "expected a single document in the stream, but found another document".into(),
                    ));
                }
            }
            Event::Scalar {
                anchor,
                tag,
                text,
                style,
            } => {
                let resolved = resolve(&text, style, tag.as_deref());
                let node = Node {
                    span: Span::new(mark.start, mark.end),
                    value: Value::Scalar(Scalar { text, style, resolved }),
                };
                self.finish(node, anchor);
            }
            Event::Alias(name) => {
                let Some(node) = self.anchors.get(&name) else {
                    return Err(err(format!("found undefined alias {name:?}")));
                };
                self.alias_nodes += count_nodes(node);
                let value = if self.alias_nodes > MAX_ALIAS_NODES {
                    self.aliases_truncated = true;
                    Value::Scalar(Scalar {
                        text: String::new(),
                        style: Style::Plain,
                        resolved: Resolved::Null,
                    })
                } else {
                    node.value.clone()
                };
                let node = Node {
                    span: Span::new(mark.start, mark.end),
                    value,
                };
                self.finish(node, None);
            }
            Event::SeqStart { anchor } | Event::MapStart { anchor } if self.stack.len() >= MAX_DEPTH => {
                let _ = anchor;
                return Err(err(format!("the document is nested more than {MAX_DEPTH} levels deep")));
            }
            Event::SeqStart { anchor } => self.stack.push(Open::Seq {
                start: mark.start,
                anchor,
                items: Vec::new(),
            }),
            Event::MapStart { anchor } => self.stack.push(Open::Map {
                start: mark.start,
                anchor,
                entries: Vec::new(),
                key: None,
            }),
            Event::End => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Open::Seq { start, anchor, items }) => (
                        Node {
                            span: Span::new(start, end_of(&items, mark.end)),
                            value: Value::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Open::Map {
                        start, anchor, entries, ..
                    }) => {
                        let end = entries
                            .last()
                            .map_or(mark.end, |e| e.value.span.end.max(e.key.span.end));
                        (
                            Node {
                                span: Span::new(start, end),
                                value: Value::Map(merge_keys(entries)),
                            },
                            anchor,
                        )
                    }
                    None => return Ok(()),
                };
                self.finish(node, anchor);
            }
            Event::Other => {}
        }
        Ok(())
    }

    fn finish(&mut self, node: Node, anchor: Option<String>) {
        if let Some(name) = anchor {
            self.anchors.insert(name, node.clone());
        }
        match self.stack.last_mut() {
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push(Entry { key: k, value: node }),
                None => *key = Some(node),
            },
            None => self.root = Some(node),
        }
    }
}

fn end_of(items: &[Node], fallback: usize) -> usize {
    items.last().map_or(fallback, |n| n.span.end)
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(_) => 1,
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|e| count_nodes(&e.key) + count_nodes(&e.value))
                .sum::<usize>()
        }
    }
}

/// PyYAML's `<<` merge keys: merged entries come first so that explicit keys win in lookups.
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let is_merge = |e: &Entry| matches!(&e.key.value, Value::Scalar(s) if s.style == Style::Plain && s.text == "<<");
    if !entries.iter().any(is_merge) {
        return entries;
    }
    let mut merged = Vec::new();
    let mut own = Vec::new();
    for e in entries {
        if is_merge(&e) {
            match e.value.value {
                Value::Map(m) => merged.extend(m),
                Value::Seq(items) => {
                    for item in items {
                        if let Value::Map(m) = item.value {
                            merged.extend(m);
                        }
                    }
                }
                _ => own.push(Entry {
                    key: e.key,
                    value: e.value,
                }),
            }
        } else {
            own.push(e);
        }
    }
    merged.extend(own);
    merged
}

/// PyYAML `SafeLoader` implicit resolution for plain scalars; explicit core tags are honoured.
pub(crate) fn resolve(text: &str, style: Style, tag: Option<&str>) -> Resolved {
    if let Some(tag) = tag {
        return match tag {
            "tag:yaml.org,2002:str" => Resolved::Str,
            "tag:yaml.org,2002:null" => Resolved::Null,
            "tag:yaml.org,2002:bool" => resolve_plain(text)
                .filter(|r| matches!(r, Resolved::Bool(_)))
                .unwrap_or(Resolved::Str),
            "tag:yaml.org,2002:int" | "tag:yaml.org,2002:float" => resolve_plain(text).unwrap_or(Resolved::Str),
            _ if style == Style::Plain => resolve_plain(text).unwrap_or(Resolved::Str),
            _ => Resolved::Str,
        };
    }
    if style != Style::Plain {
        return Resolved::Str;
    }
    resolve_plain(text).unwrap_or(Resolved::Str)
}

fn resolve_plain(t: &str) -> Option<Resolved> {
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Resolved::Null),
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Some(Resolved::Bool(true));
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Some(Resolved::Bool(false));
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Resolved::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Resolved::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Resolved::Float(f64::NAN)),
        _ => {}
    }
    let first = t.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(i) = resolve_int(t) {
        return Some(Resolved::Int(i));
    }
    if is_float(t) {
        let clean: String = t.chars().filter(|&c| c != '_').collect();
        return Some(Resolved::Float(clean.parse().unwrap_or(0.0)));
    }
    if is_timestamp(t) {
        return Some(Resolved::Timestamp);
    }
    None
}

fn resolve_int(t: &str) -> Option<i64> {
    let (neg, body) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if body.is_empty() {
        return None;
    }
    let digits = |s: &str, ok: fn(char) -> bool| !s.is_empty() && s.chars().all(|c| c == '_' || ok(c));
    let parse = |s: &str, radix| i64::from_str_radix(&s.replace('_', ""), radix).ok();
    let value = if let Some(b) = body.strip_prefix("0b") {
        if !digits(b, |c| c == '0' || c == '1') {
            return None;
        }
        parse(b, 2)?
    } else if let Some(x) = body.strip_prefix("0x") {
        if !digits(x, |c| c.is_ascii_hexdigit()) {
            return None;
        }
        parse(x, 16)?
    } else if body.len() > 1 && body.starts_with('0') {
        if !digits(&body[1..], |c| ('0'..='7').contains(&c)) {
            return None;
        }
        parse(&body[1..], 8).unwrap_or(0)
    } else if body.contains(':') {
        // Base 60 (`1:30` is 90).
        let mut parts = body.split(':');
        let head = parts.next()?;
        if !digits(head, |c| c.is_ascii_digit()) || head.starts_with('0') {
            return None;
        }
        let mut v = parse(head, 10)?;
        for p in parts {
            if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()) || p.parse::<i64>().ok()? > 59 {
                return None;
            }
            v = v.checked_mul(60)?.checked_add(p.parse().ok()?)?;
        }
        v
    } else {
        if !digits(body, |c| c.is_ascii_digit()) || body.starts_with('_') {
            return None;
        }
        parse(body, 10).unwrap_or(i64::MAX)
    };
    Some(if neg { -value } else { value })
}

fn is_float(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if let Some(exp) = exp {
        // PyYAML requires a signed exponent and a dot in the mantissa.
        let Some(digits) = exp.strip_prefix(['-', '+']) else {
            return false;
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let Some(dot) = mantissa.find('.') else {
        return false;
    };
    let (int, frac) = (&mantissa[..dot], &mantissa[dot + 1..]);
    let ok = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '_');
    if int.contains(':') {
        // Base 60 float.
        return exp.is_none() && int.split(':').all(|p| !p.is_empty() && ok(p)) && ok(frac);
    }
    if int.is_empty() {
        // `.5` is allowed only without a sign in PyYAML's regex.
        return !t.starts_with(['-', '+'])
            && !frac.is_empty()
            && frac.starts_with(|c: char| c.is_ascii_digit())
            && ok(frac);
    }
    int.starts_with(|c: char| c.is_ascii_digit()) && ok(int) && ok(frac)
}

fn is_timestamp(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let rest = &t[5..];
    let mut parts = rest.splitn(2, '-');
    let month = parts.next().unwrap_or("");
    let tail = parts.next().unwrap_or("");
    let day: String = tail.chars().take_while(char::is_ascii_digit).collect();
    (1..=2).contains(&month.len())
        && month.chars().all(|c| c.is_ascii_digit())
        && (1..=2).contains(&day.len())
        && (tail.len() == day.len() || tail[day.len()..].starts_with(['T', 't', ' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(t: &str) -> Resolved {
        resolve(t, Style::Plain, None)
    }

    #[test]
    fn resolves_like_pyyaml_safe_loader() {
        assert_eq!(scalar("yes"), Resolved::Bool(true));
        assert_eq!(scalar("Off"), Resolved::Bool(false));
        assert_eq!(scalar("~"), Resolved::Null);
        assert_eq!(scalar("0.1"), Resolved::Float(0.1));
        assert_eq!(scalar("3.12"), Resolved::Float(3.12));
        assert_eq!(scalar("1e5"), Resolved::Str);
        assert_eq!(scalar("1.0e+5"), Resolved::Float(100000.0));
        assert_eq!(scalar("0.0.1"), Resolved::Str);
        assert_eq!(scalar("1_000"), Resolved::Int(1000));
        assert_eq!(scalar("0x1F"), Resolved::Int(31));
        assert_eq!(scalar("010"), Resolved::Int(8));
        assert_eq!(scalar("1:30"), Resolved::Int(90));
        assert_eq!(scalar("2024-01-02T03:04:05Z"), Resolved::Timestamp);
        assert_eq!(scalar("2024-01-02"), Resolved::Timestamp);
        assert_eq!(scalar("v1"), Resolved::Str);
        assert_eq!(scalar("-"), Resolved::Str);
        assert_eq!(resolve("true", Style::DoubleQuoted, None), Resolved::Str);
    }

    #[test]
    fn spans_are_byte_marks() {
        let text = "a: 日本\nb:\n  - \"x\"\n";
        let root = load(text).root.unwrap();
        let b = root.get("b").unwrap().as_seq().unwrap();
        assert_eq!(&text[b[0].span.start..b[0].span.end], "\"x\"");
        let a = root.entry("a").unwrap();
        assert_eq!(&text[a.value.span.start..a.value.span.end], "日本");
        assert_eq!(&text[a.key.span.start..a.key.span.end], "a");
    }

    #[test]
    fn errors_carry_a_position() {
        let text = "a: 1\n b: 2\n";
        let err = load(text).error.unwrap();
        assert!(
            err.message.contains("mapping values are not allowed"),
            "{}",
            err.message
        );
        assert_eq!(err.span.start, 7);
        assert!(load("a: 1\n---\nb: 2\n").error.is_some());
        assert!(load("").root.is_none() && load("").error.is_none());
    }

    #[test]
    fn duplicate_keys_keep_the_last_and_merge_keys_merge() {
        let root = load("a: 1\na: 2\nbase: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n")
            .root
            .unwrap();
        assert_eq!(root.get("a").unwrap().as_f64(), Some(2.0));
        let m = root.get("m").unwrap();
        assert_eq!(m.get("x").unwrap().as_f64(), Some(1.0));
        assert_eq!(m.get("y").unwrap().as_f64(), Some(3.0));
    }

    #[test]
    fn deep_nesting_is_an_error_and_alias_bombs_load_truncated() {
        let deep = "[".repeat(100_000);
        assert!(load(&deep).error.is_some());
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
            bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let loaded = load(&bomb);
        assert!(loaded.error.is_none() && loaded.aliases_truncated);
    }
}
