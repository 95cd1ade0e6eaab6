//! Python quality: the troubleshooting advice Dify users get (timeouts, no hard-coded secrets,
//! safe reads of optional inputs), as diagnostics.

pub(crate) mod hardcoded_secret;
pub(crate) mod http_timeout;
pub(crate) mod optional_subscript;

use super::Ctx;
use crate::project::SourceFile;
use std::sync::Arc;

/// What hangs when a module of this role waits on a slow server.
fn role_words(role: crate::project::kinds::Role) -> &'static str {
    use crate::project::kinds::Role;
    match role {
        Role::Endpoint => "the endpoint's request",
        Role::AgentStrategy => "the agent run",
        Role::ModelProvider => "saving the credentials",
        Role::Models => "the model call",
        Role::DatasourceProvider | Role::Datasource(_) => "the datasource",
        Role::Trigger | Role::Event => "the trigger",
    }
}

pub(crate) fn check(cx: &mut Ctx) {
    let project = cx.project;
    for p in &project.providers {
        let root = p.yaml.as_ref().and_then(|y| y.yaml_root());
        let mut modules: Vec<(&Arc<SourceFile>, Option<&Arc<SourceFile>>)> = p.py.iter().map(|py| (py, None)).collect();
        modules.extend(
            p.tools
                .iter()
                .filter_map(|t| t.py.as_ref().map(|py| (py, t.yaml.as_ref()))),
        );
        for (py, tool_yaml) in modules {
            http_timeout::check(cx, py, "the tool");
            hardcoded_secret::check(cx, py);
            optional_subscript::check(cx, py, root, tool_yaml);
        }
    }
    // The other kinds' modules (endpoints, strategies, models, datasources, triggers and events)
    // make the same outbound calls and hold the same credentials; each file once, as several
    // declarations may share one module.
    let mut seen = std::collections::HashSet::new();
    for d in &project.kinds {
        let modules = d.modules.iter().chain(d.items.iter().filter_map(|i| i.module.as_ref()));
        for m in modules {
            let Some(py) = &m.py else { continue };
            if seen.insert(py.path.clone()) {
                http_timeout::check(cx, py, role_words(m.role));
                hardcoded_secret::check(cx, py);
            }
        }
    }
}
