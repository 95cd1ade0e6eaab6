//! Walks the other kinds' YAML files (dify-plugin-kinds.md §4–§8) against their schemas in
//! [`kind_schema`](crate::project::kind_schema): the generic checks of the tool files (required
//! fields, value types, enums, unknown keys, I18n objects) and the few checks of each kind that a
//! table cannot say.

use super::{Walker, declaration};
use crate::project::kind_schema as k;
use crate::project::kinds::{Declaration, Kind};
use crate::project::schema::Object;
use crate::project::views::{
    ConstructorDecl, CredentialDecl, EndpointGroupDecl, Field, ItemDecl, KindProviderDecl, ModelDecl, ParamDecl,
};
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
        // Events allow `required: null` (their model types it `bool | None`); the others do not.
        let null_required = d.kind == Kind::Triggers;
        for i in &d.items {
            let Some(y) = &i.yaml else { continue };
            declaration(cx, y, item_obj, item_what, &empty, |w, root| {
                parameters(w, ItemDecl::new(root).parameters(), null_required)
            });
        }
    }
    for m in &d.models {
        let empty = "the model YAML is empty: the plugin does not start (`Error loading model entity`)";
        declaration(cx, &m.yaml, &k::MODEL, "the model YAML", empty, |w, root| {
            model(w, ModelDecl::new(root))
        });
    }
}

/// What the provider-level tables cannot say, per kind.
fn provider(w: &mut Walker, kind: Kind, root: &Node) {
    let p = KindProviderDecl::new(root);
    let tags = p.identity().and_then(|i| i.tags()).map(Field::node);
    match kind {
        Kind::Endpoints => {
            let group = EndpointGroupDecl::new(root);
            settings(w, group.setting_items());
            endpoints(w, group);
        }
        Kind::AgentStrategies => w.tags(tags, false),
        Kind::Datasources => {
            w.tags(tags, false);
            if let Some(tags) = tags {
                w.datasource_tags(tags);
            }
            settings(
                w,
                p.credentials_schema()
                    .and_then(Field::as_seq)
                    .unwrap_or(&[])
                    .iter()
                    .map(CredentialDecl::new),
            );
        }
        Kind::Triggers => {
            if let Some(tags) = tags {
                w.trigger_tags(tags);
            }
            settings(
                w,
                p.subscription_schema()
                    .and_then(Field::as_seq)
                    .unwrap_or(&[])
                    .iter()
                    .map(CredentialDecl::new),
            );
            if let Some(c) = p.subscription_constructor() {
                constructor(w, c);
            }
        }
        Kind::Models => {}
    }
}

/// A trigger's subscription constructor: event parameters, and credentials as a list or a mapping.
fn constructor(w: &mut Walker, c: ConstructorDecl) {
    parameters(w, c.parameters(), true);
    let Some(creds) = c.credentials_schema() else { return };
    match (creds.as_seq(), creds.as_map()) {
        (Some(list), _) => settings(w, list.iter().map(CredentialDecl::new)),
        (None, Some(entries)) => {
            for e in entries {
                if e.value.as_map().is_some() {
                    let name = e.key.text().unwrap_or("").to_string();
                    setting(w, CredentialDecl::new(&e.value), &name);
                }
            }
        }
        (None, None) => {}
    }
}

/// A group's `endpoints` (E3): a list whose items are paths or endpoint mappings.
fn endpoints(w: &mut Walker, group: EndpointGroupDecl) {
    let Some(list) = group.endpoints().and_then(Field::non_null).map(Field::node) else {
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
fn settings<'a>(w: &mut Walker, items: impl Iterator<Item = CredentialDecl<'a>>) {
    for s in items.filter(|s| s.is_mapping()) {
        let name = s.name().and_then(Field::text).unwrap_or("").to_string();
        setting(w, s, &name);
    }
}

fn setting(w: &mut Walker, s: CredentialDecl, name: &str) {
    let ty = s.kind().and_then(Field::str);
    w.credential_type(s);
    w.credential_lengths(s, name, s.span());
    w.credential_default_list(s, name);
    w.scope(s.scope(), ty, true);
}

/// The `parameters` of a strategy, datasource, event or subscription constructor.
fn parameters<'a>(w: &mut Walker, params: impl Iterator<Item = ParamDecl<'a>>, null_required: bool) {
    for p in params.filter(|p| p.is_mapping()) {
        let name = p.name().and_then(Field::text).unwrap_or("").to_string();
        if !null_required {
            w.required_null(p, &name);
        }
    }
}

fn model(w: &mut Walker, m: ModelDecl) {
    if let Some(props) = m.model_properties().and_then(Field::as_map) {
        for e in props.iter().filter(|e| e.key.as_str().is_some()) {
            w.choice(&e.key, &k::MODEL_PROPERTY, "this key of `model_properties`");
        }
    }
    // A rule needs a `type` unless a known template supplies one (M8a).
    let type_field = k::PARAMETER_RULE.field("type").expect("parameter rules have a `type`");
    for r in m.parameter_rules().filter(|r| r.is_mapping() && r.kind().is_none()) {
        let template = r.use_template().and_then(Field::str);
        if template.is_some_and(|t| k::PARAMETER_TEMPLATE.values.contains(&t)) {
            continue;
        }
        let name = r.name().and_then(Field::str).map(String::from);
        let what = name
            .as_deref()
            .map_or("this parameter rule".to_string(), |n| format!("parameter rule `{n}`"));
        w.missing_field(type_field, &what, r.span(), name.as_deref());
    }
}
