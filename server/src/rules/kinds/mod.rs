//! The declarations of the other kinds (dify-plugin-kinds.md): endpoint routes, and the
//! descriptions of agent strategies, datasources and events. Their files and modules are checked
//! by the files family (DIFY109, DIFY111), their classes by the Python family (DIFY515).

pub(crate) mod endpoint_route;
pub(crate) mod kind_description;

use super::Ctx;
use crate::project::kinds::Kind;
use crate::syntax::yaml::Node;

pub(crate) fn check(cx: &mut Ctx) {
    let project = cx.project;
    for d in &project.kinds {
        match d.kind {
            Kind::Endpoints => {
                for item in &d.items {
                    if let Some(y) = &item.yaml
                        && let Some(root) = y.yaml_root().filter(|r| r.as_map().is_some())
                    {
                        endpoint_route::check(cx, y, root);
                    }
                }
                // Endpoints written inline in the group (the SDK and the daemon accept mappings).
                if let Some(y) = &d.yaml
                    && let Some(items) = y.yaml_root().and_then(|r| r.get("endpoints")).and_then(Node::as_seq)
                {
                    for item in items.iter().filter(|i| i.as_map().is_some()) {
                        endpoint_route::check(cx, y, item);
                    }
                }
            }
            Kind::AgentStrategies | Kind::Datasources | Kind::Triggers => {
                let (_, what) = d.kind.items().expect("a kind with items");
                for item in &d.items {
                    if let Some(y) = &item.yaml
                        && let Some(root) = y.yaml_root().filter(|r| r.as_map().is_some())
                    {
                        kind_description::check(cx, y, root, what);
                    }
                }
            }
            Kind::Models => {}
        }
    }
}
