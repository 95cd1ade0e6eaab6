//! Walks the other kinds' YAML files (dify-plugin-kinds.md §4–§8) against their schemas in
//! [`kind_schema`]: the generic checks of the tool files (required fields, value types, enums,
//! unknown keys, I18n objects) and the few checks of each kind that a table cannot say.

use super::{Walker, declaration};
use crate::project::kind_schema as k;
use crate::project::kinds::{Declaration, Kind};
use crate::project::schema::Object;
use crate::rules::Ctx;
use crate::syntax::yaml::Node;

pub(super) fn check(cx: &mut Ctx) {
    let project = cx.project;
    for d in &project.kinds {
        check_declaration(cx, d);
    }
}

fn check_declaration(cx: &mut Ctx, d: &Declaration) {
    let (obj, what, item): (&'static Object, &str, Option<(&'static Object, &str)>) = match d.kind {
        Kind::Endpoints => (
            &k::ENDPOINT_GROUP,
            "the endpoint group YAML",
            Some((&k::ENDPOINT, "the endpoint YAML")),
        ),
        Kind::AgentStrategies => (
            &k::AGENT_PROVIDER,
            "the agent strategy provider YAML",
            Some((&k::STRATEGY, "the agent strategy YAML")),
        ),
        Kind::Models => (&k::MODEL_PROVIDER, "the model provider YAML", None),
        Kind::Datasources => (
            &k::DATASOURCE_PROVIDER,
            "the datasource provider YAML",
            Some((&k::DATASOURCE, "the datasource YAML")),
        ),
        Kind::Triggers => (
            &k::TRIGGER_PROVIDER,
            "the trigger provider YAML",
            Some((&k::EVENT, "the event YAML")),
        ),
    };
    let empty = format!("{what} is empty: the plugin does not start");
    if let Some(y) = &d.yaml {
        let kind = d.kind;
        declaration(cx, y, obj, what, &empty, |w, root| provider(w, kind, root));
    }
    if let Some((item_obj, item_what)) = item {
        let empty = format!("{item_what} is empty: the plugin does not start");
        for i in &d.items {
            let Some(y) = &i.yaml else { continue };
            // Events allow `required: null` (their model types it `bool | None`); the others do not.
            let null_required = d.kind == Kind::Triggers;
            declaration(cx, y, item_obj, item_what, &empty, |w, root| {
                parameters(w, root, null_required)
            });
        }
    }
    for m in &d.models {
        let empty = "the model YAML is empty: the plugin does not start (`Error loading model entity`)";
        declaration(cx, &m.yaml, &k::MODEL, "the model YAML", empty, |w, root| {
            model(w, root)
        });
    }
}

/// What the provider-level tables cannot say, per kind.
fn provider(w: &mut Walker, kind: Kind, root: &Node) {
    match kind {
        Kind::Endpoints => {
            settings(w, root.get("settings"));
            endpoints(w, root);
        }
        Kind::AgentStrategies => w.tags(root.path(&["identity", "tags"]), false),
        Kind::Datasources => {
            w.tags(root.path(&["identity", "tags"]), false);
            if let Some(tags) = root.path(&["identity", "tags"]) {
                w.datasource_tags(tags);
            }
            settings(w, root.get("credentials_schema"));
        }
        Kind::Triggers => {
            if let Some(tags) = root.path(&["identity", "tags"]) {
                w.trigger_tags(tags);
            }
            settings(w, root.get("subscription_schema"));
            if let Some(c) = root.get("subscription_constructor") {
                parameters(w, c, true);
                match c.get("credentials_schema") {
                    Some(list) if list.as_seq().is_some() => settings(w, Some(list)),
                    Some(map) => {
                        for e in map.as_map().unwrap_or(&[]) {
                            if e.value.as_map().is_some() {
                                let name = e.key.text().unwrap_or("").to_string();
                                setting(w, &e.value, &name);
                            }
                        }
                    }
                    None => {}
                }
            }
        }
        Kind::Models => {}
    }
}

/// A group's `endpoints` (E3): a list whose items are paths or endpoint mappings.
fn endpoints(w: &mut Walker, root: &Node) {
    let Some(list) = root.get("endpoints").filter(|n| !n.is_null()) else {
        return;
    };
    let field = k::ENDPOINT_GROUP
        .field("endpoints")
        .expect("the group schema lists `endpoints`");
    let Some(items) = list.as_seq() else {
        w.wrong_type(list, field, "`endpoints`", "a list (`endpoints should be a list`)");
        return;
    };
    for e in items {
        if e.as_map().is_some() {
            w.object(e, &k::ENDPOINT, "this endpoint", e.span, None);
        } else if e.as_str().is_none() {
            w.wrong_type(
                e,
                field,
                "this item of `endpoints`",
                "a path or an endpoint mapping (`endpoint path should be a string`)",
            );
        }
    }
}

/// A ProviderConfig list: each item is a credential form field with a `name` of its own.
fn settings(w: &mut Walker, list: Option<&Node>) {
    for s in list.and_then(Node::as_seq).unwrap_or(&[]) {
        if s.as_map().is_some() {
            let name = s.get("name").and_then(Node::text).unwrap_or("").to_string();
            setting(w, s, &name);
        }
    }
}

fn setting(w: &mut Walker, s: &Node, name: &str) {
    let ty = s.get("type").and_then(Node::as_str);
    w.credential_type(s);
    w.credential_lengths(s, name, s.span);
    w.credential_default_list(s, name);
    w.scope(s, ty, true);
}

/// The `parameters` of a strategy, datasource, event or subscription constructor.
fn parameters(w: &mut Walker, root: &Node, null_required: bool) {
    for p in root.get("parameters").and_then(Node::as_seq).unwrap_or(&[]) {
        if p.as_map().is_none() {
            continue;
        }
        let name = p.get("name").and_then(Node::text).unwrap_or("").to_string();
        if !null_required {
            w.required_null(p, &name);
        }
    }
}

fn model(w: &mut Walker, root: &Node) {
    if let Some(props) = root.get("model_properties").and_then(Node::as_map) {
        for e in props {
            let key_node = &e.key;
            if key_node.as_str().is_some() {
                w.choice(key_node, &k::MODEL_PROPERTY, "this key of `model_properties`");
            }
        }
    }
    // A rule needs a `type` unless a known template supplies one (M8a).
    let type_field = k::PARAMETER_RULE.field("type").expect("parameter rules have a `type`");
    for r in root.get("parameter_rules").and_then(Node::as_seq).unwrap_or(&[]) {
        if r.as_map().is_none() || r.get("type").is_some() {
            continue;
        }
        let template = r.get("use_template").and_then(Node::as_str);
        if template.is_some_and(|t| k::PARAMETER_TEMPLATE.values.contains(&t)) {
            continue;
        }
        let name = r.get("name").and_then(Node::text).map(String::from);
        let what = name
            .as_deref()
            .map_or("this parameter rule".to_string(), |n| format!("parameter rule `{n}`"));
        w.missing_field(type_field, &what, r.span, name.as_deref());
    }
}
