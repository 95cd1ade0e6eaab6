//! The declarations of the other kinds (dify-plugin-kinds.md): endpoint routes, and the
//! descriptions of agent strategies, datasources and events. Their files and modules are checked
//! by the files family (DIFY109, DIFY111), their classes by the Python family (DIFY515).

pub(crate) mod agent_meta_version;
pub(crate) mod debug_names;
pub(crate) mod duplicate_declaration;
pub(crate) mod duplicate_event;
pub(crate) mod endpoint_route;
pub(crate) mod endpoint_select;
pub(crate) mod kind_description;
pub(crate) mod kind_paths;
pub(crate) mod model_credential_form;
pub(crate) mod model_credential_schema;
pub(crate) mod model_files;
pub(crate) mod model_globs;
pub(crate) mod model_types;
pub(crate) mod model_values;
pub(crate) mod plugin_id_case;
pub(crate) mod sdk_too_old;

use super::Ctx;
use crate::project::kinds::Kind;
use crate::project::views::{EndpointDecl, EndpointGroupDecl, Field, ItemDecl, KindProviderDecl};

pub(crate) fn check(cx: &mut Ctx) {
    let project = cx.project;
    if let Some(m) = &project.manifest
        && let Some(root) = m.yaml_root()
    {
        kind_paths::check(cx, m, root);
    }
    sdk_too_old::check(cx);
    agent_meta_version::check(cx);
    // Endpoints are routed across all groups; strategies and datasources are kept per provider.
    let mut routes = duplicate_declaration::Seen::default();
    let mut trigger_providers = duplicate_event::Names::default();
    for d in &project.kinds {
        debug_names::check(cx, d);
        plugin_id_case::check(cx, d);
        let items = d
            .items
            .iter()
            .filter_map(|i| i.yaml.as_ref())
            .filter_map(|y| y.yaml_root().filter(|r| r.as_map().is_some()).map(|r| (y, r)));
        match d.kind {
            Kind::Endpoints => {
                if let Some(y) = &d.yaml {
                    endpoint_select::check(cx, y);
                }
                // Endpoints written inline in the group count too (the SDK and the daemon accept them).
                let inline = d.yaml.iter().flat_map(|y| {
                    EndpointGroupDecl::of(y)
                        .and_then(EndpointGroupDecl::endpoints)
                        .and_then(Field::as_seq)
                        .unwrap_or(&[])
                        .iter()
                        .filter(|i| i.as_map().is_some())
                        .map(move |i| (y, i))
                });
                for (y, e) in items.chain(inline) {
                    endpoint_route::check(cx, y, e);
                    let endpoint = EndpointDecl::new(e);
                    if let (Some(path), Some(method)) = (endpoint.path(), endpoint.method())
                        && let (Some(p), Some(m)) = (path.str(), method.str())
                    {
                        let m = m.to_ascii_uppercase();
                        routes.check(cx, format!("{m} {p}"), y, path.span(), format!("another endpoint also answers `{m} {p}`: the first registered answers and this one is never reached; change its path or method"));
                    }
                }
            }
            Kind::AgentStrategies | Kind::Datasources | Kind::Triggers => {
                let (_, what) = d.kind.items().expect("a kind with items");
                let what = if what == "strategy" { "agent strategy" } else { what };
                let provider = d.yaml.as_ref().and_then(|y| {
                    let n = KindProviderDecl::of(y)?.identity()?.name()?;
                    Some((y, n))
                });
                let provider_name = provider.and_then(|(_, n)| n.str());
                if d.kind == Kind::Triggers
                    && let Some((y, n)) = provider
                    && let Some(name) = n.str()
                {
                    trigger_providers.provider(cx, name, y, n.span());
                }
                let mut names = duplicate_declaration::Seen::default();
                let mut events = duplicate_event::Names::default();
                for (y, root) in items {
                    kind_description::check(cx, y, root, what);
                    let Some(n) = ItemDecl::new(root).identity().and_then(|i| i.name()) else {
                        continue;
                    };
                    let Some(name) = n.str() else { continue };
                    // Events with one name are the SDK's error at start (T8), not DIFY422's warning.
                    if d.kind == Kind::Triggers {
                        events.event(cx, name, y, n.span(), provider_name);
                    } else {
                        names.check(cx, name.to_string(), y, n.span(), format!("another {what} of this provider is also named `{name}`: the later one replaces the earlier, silently; rename one"));
                    }
                }
            }
            Kind::Models => {
                model_files::check(cx, d);
                model_globs::check(cx, d);
                model_types::check(cx, d);
                model_credential_schema::check(cx, d);
                model_values::check(cx, d);
                model_credential_form::check(cx, d);
            }
        }
    }
}
