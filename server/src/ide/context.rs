//! Where the cursor is in a YAML file, by indentation, so that it works on text the user is still
//! typing (which often does not load): the path of keys and list items from the root, and whether
//! the cursor is on a key or on a value.

use crate::project::kinds::Kind;
use crate::project::schema::{self, Object, Ty};
use crate::project::{Layout, Project};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Item,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlContext {
    /// The keys and list items above the cursor, from the root.
    pub path: Vec<Seg>,
    /// `Some(key)` when the cursor is on the value of `key`; `None` on a key.
    pub value_of: Option<String>,
    /// The word being typed.
    pub prefix: String,
    /// Keys already present beside the cursor's position.
    pub siblings: Vec<String>,
    /// Whether the cursor's line starts a list item (`- `).
    pub in_item: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Manifest,
    Provider,
    Tool,
    Python,
    /// A YAML file of another kind (an endpoint group, a model, an event, …).
    Declaration(KindFile),
    Other,
}

/// The YAML files of the other kinds (dify-plugin-kinds.md §4–§8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindFile {
    EndpointGroup,
    Endpoint,
    AgentProvider,
    Strategy,
    ModelProvider,
    Model,
    DatasourceProvider,
    Datasource,
    TriggerProvider,
    Event,
}

impl KindFile {
    fn of(kind: Kind) -> (KindFile, Option<KindFile>) {
        match kind {
            Kind::Endpoints => (KindFile::EndpointGroup, Some(KindFile::Endpoint)),
            Kind::AgentStrategies => (KindFile::AgentProvider, Some(KindFile::Strategy)),
            Kind::Models => (KindFile::ModelProvider, None),
            Kind::Datasources => (KindFile::DatasourceProvider, Some(KindFile::Datasource)),
            Kind::Triggers => (KindFile::TriggerProvider, Some(KindFile::Event)),
        }
    }

    fn schema(self) -> &'static Object {
        use crate::project::kind_schema as k;
        match self {
            KindFile::EndpointGroup => &k::ENDPOINT_GROUP,
            KindFile::Endpoint => &k::ENDPOINT,
            KindFile::AgentProvider => &k::AGENT_PROVIDER,
            KindFile::Strategy => &k::STRATEGY,
            KindFile::ModelProvider => &k::MODEL_PROVIDER,
            KindFile::Model => &k::MODEL,
            KindFile::DatasourceProvider => &k::DATASOURCE_PROVIDER,
            KindFile::Datasource => &k::DATASOURCE,
            KindFile::TriggerProvider => &k::TRIGGER_PROVIDER,
            KindFile::Event => &k::EVENT,
        }
    }
}

/// What a file of the unit is.
pub fn file_kind(project: &Project, path: &Path) -> FileKind {
    if path.extension().is_some_and(|e| e == "py") {
        return FileKind::Python;
    }
    if project.manifest.as_ref().is_some_and(|m| m.path == path) {
        return FileKind::Manifest;
    }
    for p in &project.providers {
        if p.yaml_path == path {
            return FileKind::Provider;
        }
        if p.tools.iter().any(|t| t.yaml_path == path) || project.orphans.iter().any(|o| o.path == path) {
            return FileKind::Tool;
        }
    }
    for d in &project.kinds {
        let (own, item) = KindFile::of(d.kind);
        if d.yaml.as_ref().is_some_and(|y| y.path == path) || d.listed.target.path == path {
            return FileKind::Declaration(own);
        }
        if let Some(item) = item
            && d.items.iter().any(|i| i.listed.target.path == path)
        {
            return FileKind::Declaration(item);
        }
        if d.models.iter().any(|m| m.yaml.path == path) {
            return FileKind::Declaration(KindFile::Model);
        }
    }
    FileKind::Other
}

pub fn root_object(kind: FileKind, layout: Layout) -> Option<&'static Object> {
    Some(match (kind, layout) {
        (FileKind::Manifest, _) => &schema::MANIFEST,
        (FileKind::Provider, Layout::Plugin) => &schema::PLUGIN_PROVIDER,
        (FileKind::Provider, _) => &schema::INTREE_PROVIDER,
        (FileKind::Tool, Layout::Plugin) => &schema::PLUGIN_TOOL,
        (FileKind::Tool, _) => &schema::INTREE_TOOL,
        (FileKind::Declaration(k), Layout::Plugin) => k.schema(),
        _ => return None,
    })
}

/// What the schema says about a path: the object there, or the field type.
pub enum Place {
    Object(&'static Object),
    I18n,
    Unknown,
}

/// Follows a path through the schema.
pub fn place(root: &'static Object, path: &[Seg]) -> Place {
    let mut obj = root;
    let mut pending: Option<Ty> = None;
    for seg in path {
        let ty = match (pending.take(), seg) {
            (None, Seg::Key(k)) => match obj.field(k) {
                Some(f) => f.ty,
                None => return Place::Unknown,
            },
            (Some(Ty::List(inner)), Seg::Item) => *inner,
            (Some(Ty::NamedMap(o)), Seg::Key(_)) => Ty::Obj(o),
            (Some(Ty::Obj(o)), Seg::Key(k)) => match o.field(k) {
                Some(f) => f.ty,
                None => return Place::Unknown,
            },
            _ => return Place::Unknown,
        };
        match ty {
            Ty::Obj(o) => {
                obj = o;
            }
            other => pending = Some(other),
        }
    }
    match pending {
        None => Place::Object(obj),
        Some(Ty::I18n) => Place::I18n,
        Some(_) => Place::Unknown,
    }
}

/// The field a value path ends on (`["parameters", Item, "type"]` → the `type` field).
pub fn field_at(root: &'static Object, path: &[Seg], key: &str) -> Option<&'static schema::Field> {
    match place(root, path) {
        Place::Object(o) => o.field(key),
        _ => None,
    }
}

struct Line<'a> {
    /// Column of the content after any `- ` markers.
    col: usize,
    /// Columns of the `- ` markers on the line.
    dashes: Vec<usize>,
    /// The key, when the content is `key:` or `key: value`.
    key: Option<&'a str>,
    /// Whether the key has no value on its line (so its value is the block below).
    opens_block: bool,
}

fn parse_line(line: &str) -> Option<Line<'_>> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let mut col = line.len() - trimmed.len();
    let mut rest = trimmed;
    let mut dashes = Vec::new();
    while let Some(r) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
        dashes.push(col);
        let r2 = r.trim_start();
        col += rest.len() - r2.len();
        rest = r2;
    }
    let colon = rest
        .find(':')
        .filter(|i| rest[i + 1..].is_empty() || rest[i + 1..].starts_with([' ', '\t']));
    let key = colon.map(|i| rest[..i].trim().trim_matches(['"', '\'']));
    let opens_block = colon.is_some_and(|i| {
        let v = rest[i + 1..].trim();
        v.is_empty() || v.starts_with('#') || v.starts_with('&') || v == "|" || v == ">"
    });
    Some(Line {
        col,
        dashes,
        key,
        opens_block,
    })
}

/// The context at a byte offset of a YAML text.
pub fn yaml_context(text: &str, offset: usize) -> YamlContext {
    let offset = crate::syntax::line_index::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let before = &text[line_start..offset];
    let indent = before.len() - before.trim_start().len();
    let mut col = indent;
    let mut rest = before.trim_start();
    let mut dashes = Vec::new();
    while let Some(r) = rest.strip_prefix("- ") {
        dashes.push(col);
        let r2 = r.trim_start();
        col += rest.len() - r2.len();
        rest = r2;
    }
    let in_item = !dashes.is_empty();
    let (value_of, prefix) = match rest.find(": ") {
        Some(i) => (
            Some(rest[..i].trim().to_string()),
            rest[i + 2..].trim_start().trim_start_matches(['"', '\'']).to_string(),
        ),
        None => match rest.strip_suffix(':') {
            Some(k) => (Some(k.trim().to_string()), String::new()),
            None => (None, rest.trim_start_matches(['"', '\'']).to_string()),
        },
    };
    let bare_item = in_item
        && value_of.is_none()
        && !text[line_start..line_end].contains(": ")
        && !text[line_start..line_end].trim_end().ends_with(':');

    // Walk up. `c` is the column of the block holding the node we look for the parent of; `item`
    // says that block is a list item's content (a key at its dash's column may then own it).
    let mut rev: Vec<Seg> = Vec::new();
    let mut siblings = Vec::new();
    let mut c = col;
    let mut item = false;
    if let Some(&d) = dashes.first() {
        rev.extend(dashes.iter().map(|_| Seg::Item));
        c = d;
        item = true;
    }
    // Keys below the cursor in the same block are siblings too.
    if !bare_item {
        for l in text.get(line_end + 1..).unwrap_or("").lines() {
            let Some(p) = parse_line(l) else { continue };
            if p.col == col && p.dashes.is_empty() {
                siblings.extend(p.key.map(String::from));
            } else if p.col < col || p.dashes.first().is_some_and(|d| *d < col) {
                break;
            }
        }
    }
    let mut collecting = !in_item;
    for l in text[..line_start].lines().rev() {
        let Some(p) = parse_line(l) else { continue };
        if p.col == c && p.dashes.iter().all(|d| *d < c) {
            // The same block: a sibling, and with a dash the line that opens its list item.
            if collecting {
                siblings.extend(p.key.map(String::from));
            }
            if let Some(&first) = p.dashes.first() {
                rev.extend(p.dashes.iter().map(|_| Seg::Item));
                c = first;
                item = true;
                collecting = false;
            }
            continue;
        }
        let owns = p.opens_block && p.key.is_some() && (p.col < c || (item && p.col == c && p.dashes.is_empty()));
        if !owns {
            continue;
        }
        collecting = false;
        rev.push(Seg::Key(p.key.unwrap_or("").to_string()));
        c = p.col;
        item = false;
        if let Some(&first) = p.dashes.first() {
            rev.extend(p.dashes.iter().map(|_| Seg::Item));
            c = first;
            item = true;
        }
        if c == 0 && !item {
            break;
        }
    }
    rev.reverse();
    siblings.sort();
    siblings.dedup();
    YamlContext {
        path: rev,
        value_of,
        prefix,
        siblings,
        in_item,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> YamlContext {
        let at = text.find('|').unwrap();
        let t = text.replace('|', "");
        yaml_context(&t, at)
    }

    #[test]
    fn finds_the_path_by_indentation() {
        let c = ctx("identity:\n  name: x\n  la|\n");
        assert_eq!(c.path, [Seg::Key("identity".into())]);
        assert_eq!(c.value_of, None);
        assert_eq!(c.prefix, "la");
        assert!(c.siblings.contains(&"name".to_string()));

        let c = ctx("parameters:\n  - name: q\n    type: |\n");
        assert_eq!(c.path, [Seg::Key("parameters".into()), Seg::Item]);
        assert_eq!(c.value_of.as_deref(), Some("type"));

        let c = ctx("parameters:\n  - name: q\n    type: string\n  - name: r\n    fo|\n");
        assert_eq!(c.path, [Seg::Key("parameters".into()), Seg::Item]);
        assert!(c.siblings.contains(&"name".to_string()) && !c.siblings.contains(&"type".to_string()));

        let c = ctx("tools:\n  - tools/a.yaml\n  - |\n");
        assert_eq!(c.path, [Seg::Key("tools".into()), Seg::Item]);
        assert_eq!(c.value_of, None);

        let c = ctx("parameters:\n  - name: q\n    label:\n      en|\n");
        assert_eq!(
            c.path,
            [Seg::Key("parameters".into()), Seg::Item, Seg::Key("label".into())]
        );

        let c = ctx("credentials_for_provider:\n  api_key:\n    type: |\n");
        assert_eq!(
            c.path,
            [Seg::Key("credentials_for_provider".into()), Seg::Key("api_key".into())]
        );

        let c = ctx("meta:\n  runner:\n    language: python\n    |\n");
        assert_eq!(c.path, [Seg::Key("meta".into()), Seg::Key("runner".into())]);

        let c = ctx("ty|");
        assert!(c.path.is_empty() && c.prefix == "ty");
    }
}
